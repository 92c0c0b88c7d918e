"""Start-up: migrations, declared groups, getMe (with the privacy-mode warning), commands."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiogram.exceptions import TelegramAPIError, TelegramUnauthorizedError
from aiogram.types import BotCommand, User

from bot import declared_groups
from bot.commands import menu
from bot.database_wait import migrate_when_reachable
from bot.i18n import speaking
from bot.polling import Backoff
from bot.runtime import App
from bot.staff import note_staff

log = logging.getLogger(__name__)


class FatalStartError(Exception):
    """Start-up cannot continue (e.g. the token is rejected)."""


async def start_up(app: App, stop: asyncio.Event) -> None:
    """Everything that must happen before the first update is taken."""
    if not await migrate_when_reachable(app.engine, stop):
        return
    await sync_declared_groups(app)
    me = await wait_for_telegram(app, stop)
    if me is None:
        return
    await warn_if_privacy_mode(app, me)
    await set_commands(app)


async def sync_declared_groups(app: App) -> None:
    """Groups from the TOML file exist in the database with their settings."""
    await declared_groups.sync_declared_groups(app.sessions, app.settings, now=app.clock())


async def wait_for_telegram(app: App, stop: asyncio.Event) -> User | None:
    """getMe, retried with backoff while Telegram is unreachable; None if stopped first."""
    backoff = Backoff()
    while not stop.is_set():
        try:
            return await app.bot.get_me()
        except TelegramUnauthorizedError as exc:
            raise FatalStartError(
                "Telegram rejected the bot token (NEUVO_BOT_TOKEN): check it with @BotFather"
            ) from exc
        except TelegramAPIError as exc:
            delay = backoff.next_delay()
            log.warning("Telegram unreachable (%s); trying again in %.0fs", exc, delay)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=delay)
    return None


PRIVACY_WARNING = (
    "Privacy mode is on: the bot cannot read group messages and will log nothing. "
    "Fix: in @BotFather send /setprivacy, pick this bot, choose Disable; then remove the bot "
    "from each group and add it again."
)


async def warn_if_privacy_mode(app: App, me: User) -> None:
    """If group messages are hidden from the bot, say how to fix it: in the log and to staff."""
    if me.can_read_all_group_messages:
        return
    log.warning(PRIVACY_WARNING)
    from aiogram.utils.i18n import gettext as _

    for user_id in app.settings.staff_ids:
        with speaking(app.i18n, app.settings.language):
            text = _(
                "Neuvo cannot read group messages because privacy mode is on. In @BotFather send "
                "/setprivacy, choose this bot and Disable, then remove the bot from each group "
                "and add it back."
            )
        await note_staff(app.bot, user_id, text, what="privacy warning")


async def set_commands(app: App) -> None:
    """Publish the command menu (best effort)."""
    for language in ("fi", "sv", "en"):
        with speaking(app.i18n, language):
            commands = [BotCommand(command=c, description=d) for c, d in menu()]
        try:
            await app.bot.set_my_commands(
                commands=commands,
                language_code=None if language == app.settings.language else language,
            )
        except TelegramAPIError as exc:
            log.warning("setMyCommands failed: %s", exc)

"""Safeguarding: private messages to the bot go through the same path as group messages
(`bot.safeguarding_alerts`), and staff clear a contribution's `sensitive` mark with
/turvallinen (sv /trygg, en /safe) as a reply to the message."""

from __future__ import annotations

from collections.abc import Callable

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import IsStaff, refuse_others
from bot.clock import Clock
from bot.desk import Desk
from bot.filters import InPrivate, InRegisteredGroup
from bot.i18n import PoI18n
from bot.private_voice import keep_private_voice, thanks_text
from bot.safeguarding_alerts import Safeguarding, check_message
from config import Settings
from scheduler.policy import GroupPolicy
from storage import contributions
from storage.models import Group
from themes.model import Catalog

CLEAR_COMMANDS = ("turvallinen", "trygg", "safe")


async def on_private_message(
    message: Message,
    bot: Bot,
    db: AsyncSession,
    settings: Settings,
    i18n: PoI18n,
    clock: Clock,
    safeguarding: Safeguarding,
    policies: Callable[[Group], GroupPolicy],
    catalog: Catalog,
) -> None:
    """A plain private message to the bot: kept as a private contribution while the writer's
    group is locked (`bot.private_voice`); help and a staff alert if it matches (a kept one
    is then marked sensitive)."""
    now = clock()
    kept = await keep_private_voice(message, db=db, settings=settings, policies=policies, now=now)
    found = await check_message(
        message,
        bot=bot,
        db=db,
        group=None,
        settings=settings,
        i18n=i18n,
        clock=clock,
        safeguarding=safeguarding,
    )
    if kept is None:
        return
    if found is not None:
        await contributions.mark_sensitive(
            db, chat_id=message.chat.id, message_id=message.message_id
        )
    await message.answer(thanks_text(kept, catalog, i18n.current_locale))


async def on_clear(message: Message, desk: Desk, group: Group) -> None:
    """/turvallinen as a reply: the message is no longer sensitive (it may be quoted again)."""
    target = message.reply_to_message
    if target is None:
        await message.reply(
            _("Use this command as a reply to the message whose mark you want to clear.")
        )
        return
    cleared = await contributions.mark_sensitive(
        desk.db, chat_id=message.chat.id, message_id=target.message_id, sensitive=False
    )
    await message.reply(
        _("The safeguarding mark is cleared: the message may be quoted in the digest again.")
        if cleared
        else _("That message is not in the log.")
    )
    await desk.audit_reply("safeguarding-clear", group, message, logged=cleared)


def build() -> Router:
    """The staff command that clears the mark (staff only; refusals audited)."""
    router = Router(name="safeguarding")
    registered = InRegisteredGroup()
    router.message.register(on_clear, Command(*CLEAR_COMMANDS), registered, IsStaff())
    refuse_others(router, *CLEAR_COMMANDS, where=registered)
    return router


def register(router: Router) -> None:
    """Add the private-message path to `router` (after the group traffic's handlers)."""
    router.message.register(on_private_message, InPrivate())

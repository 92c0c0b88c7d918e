"""/setup parents|youth [KEY] in a group, by staff: register the chat as an advisory group."""

from __future__ import annotations

import re

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.filters import InGroup
from bot.middlewares import GroupContextMiddleware
from bot.staff import StaffDirectory
from config import Settings
from storage import audit, groups

AUDIENCES = ("parents", "youth")
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


def parse_setup_args(args: str | None) -> tuple[str, str] | None:
    """`parents|youth [KEY]` → (audience, key); None when malformed."""
    parts = (args or "").split()
    if not parts or len(parts) > 2 or parts[0].lower() not in AUDIENCES:
        return None
    audience = parts[0].lower()
    key = parts[1].lower() if len(parts) == 2 else audience
    return (audience, key) if KEY_RE.match(key) else None


async def refuse_non_staff(message: Message, db: AsyncSession, clock: Clock, command: str) -> None:
    """Polite refusal, written to the audit log."""
    await audit.record(
        db,
        action=command,
        now=clock(),
        actor_user_id=message.from_user.id if message.from_user else None,
        outcome="refused",
        reason="not staff",
    )
    await message.reply(_("Sorry, only the project's staff can use this command."))


async def staff_or_refuse(
    message: Message, bot: Bot, staff: StaffDirectory, db: AsyncSession, clock: Clock, name: str
) -> bool:
    """True for staff; anyone else gets the polite refusal, audited."""
    user_id = message.from_user.id if message.from_user else 0
    chat_id = message.chat.id if message.chat.type != "private" else None
    if await staff.is_staff(bot, user_id=user_id, chat_id=chat_id):
        return True
    await refuse_non_staff(message, db, clock, name)
    return False


def build() -> Router:
    """The router for /setup."""
    router = Router(name="setup")

    @router.message(Command("setup"), InGroup())
    async def on_setup(
        message: Message,
        command: CommandObject,
        bot: Bot,
        db: AsyncSession,
        settings: Settings,
        staff: StaffDirectory,
        group_cache: GroupContextMiddleware,
        clock: Clock,
    ) -> None:
        if not await staff_or_refuse(message, bot, staff, db, clock, "setup"):
            return
        user_id = message.from_user.id if message.from_user else 0
        parsed = parse_setup_args(command.args)
        if parsed is None:
            await message.reply(_("Usage: /setup parents|youth [KEY], for example /setup parents"))
            return
        audience, key = parsed
        try:
            group = await groups.register(
                db,
                key=key,
                audience=audience,
                chat_id=message.chat.id,
                now=clock(),
                title=message.chat.title or "",
                language=settings.language,
                timezone=settings.timezone,
                is_forum=bool(message.chat.is_forum),
            )
            group_cache.forget()
        except groups.GroupKeyTaken:
            await message.reply(
                _("The key {key} is already used by another group.").format(key=key)
            )
            return
        await audit.record(
            db,
            action="setup",
            now=clock(),
            group_id=group.id,
            actor_user_id=user_id,
            reason=f"{audience} {key}",
        )
        await message.reply(
            _("This group is now registered as {key} ({audience}).").format(
                key=key, audience=_("parents") if audience == "parents" else _("youth")
            )
        )

    return router

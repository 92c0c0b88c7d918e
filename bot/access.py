"""Who may run a command, and who may read which group's digest and figures.

A staff command is registered with `IsStaff()` after its other filters; `refuse_others`
registers, after the module's handlers, one fallback for the same commands in the same place
that answers everyone else with the polite refusal and writes it to the audit log.

The reading rule (`may_read`, `readable_groups`) is asked on every path that sends a digest or
figures, at sending time: configured `staff_ids` read every group; a chat's administrators read
that chat's group only, asked of the Bot API at that moment (rights can be revoked).
"""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.desk import Desk
from bot.staff import StaffDirectory
from storage import audit, groups
from storage.models import Group

log = logging.getLogger(__name__)
ADMIN_STATUSES = frozenset({"creator", "administrator"})


class IsStaff(Filter):
    """The sender is staff: configured anywhere, or an administrator of this group."""

    async def __call__(self, message: Message, bot: Bot, staff: StaffDirectory) -> bool:
        user_id = message.from_user.id if message.from_user else 0
        chat_id = message.chat.id if message.chat.type != "private" else None
        return await staff.is_staff(bot, user_id=user_id, chat_id=chat_id)


def refusal_text() -> str:
    """The refusal, in the current language."""
    return _("Sorry, only the project's staff can use this command.")


async def refuse(message: Message, command: CommandObject, desk: Desk) -> None:
    """Polite refusal of a staff command, written to the audit log under the command's name."""
    await audit.record(
        desk.db,
        action=command.command,
        now=desk.now(),
        actor_user_id=message.from_user.id if message.from_user else None,
        outcome="refused",
        reason="not staff",
    )
    await desk.send(message.reply(refusal_text()))


def refuse_others(router: Router, *commands: str, where: Filter | None = None) -> None:
    """After `router`'s handlers: refuse `commands` (sent `where`) to whoever is not staff."""
    place = (where,) if where is not None else ()
    router.message.register(refuse, Command(*commands), *place)


async def is_admin_now(bot: Bot, *, chat_id: int, user_id: int) -> bool:
    """Whether the user administers the chat right now (getChatMember; no cache)."""
    try:
        member = await bot.get_chat_member(chat_id=chat_id, user_id=user_id)
    except TelegramAPIError as exc:
        log.warning("cannot check the rights of %s in chat %s: %s", user_id, chat_id, exc)
        return False
    return member.status in ADMIN_STATUSES


async def may_read(bot: Bot, directory: StaffDirectory, *, user_id: int, group: Group) -> bool:
    """The reading rule: configured staff read every group, a chat's administrators (as of
    now) that chat's group only."""
    if directory.is_configured_staff(user_id):
        return True
    if group.chat_id is None:
        return False
    return await is_admin_now(bot, chat_id=group.chat_id, user_id=user_id)


async def readable_groups(
    db: AsyncSession, bot: Bot, directory: StaffDirectory, *, user_id: int
) -> list[Group]:
    """The registered groups whose digests and figures the user may read now, by key."""
    registered = [g for g in await groups.all_groups(db) if g.chat_id is not None]
    return [g for g in registered if await may_read(bot, directory, user_id=user_id, group=g)]


async def audit_refusal(desk: Desk, *, action: str, user_id: int, reason: str) -> None:
    """Write a refused request to the audit log."""
    await audit.record(
        desk.db,
        action=action,
        now=desk.now(),
        actor_user_id=user_id,
        outcome="refused",
        reason=reason,
    )

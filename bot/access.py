"""Who may run a command: the staff filter and the one refusal non-staff get.

A staff command is registered with `IsStaff()` after its other filters; `refuse_others`
registers, after the module's handlers, one fallback for the same commands in the same place
that answers everyone else with the polite refusal and writes it to the audit log.
"""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot import outbox
from bot.desk import Desk
from bot.staff import StaffDirectory
from storage import audit


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
    await outbox.put(desk.db, message.reply(refusal_text()), now=desk.now())


def refuse_others(router: Router, *commands: str, where: Filter | None = None) -> None:
    """After `router`'s handlers: refuse `commands` (sent `where`) to whoever is not staff."""
    place = (where,) if where is not None else ()
    router.message.register(refuse, Command(*commands), *place)

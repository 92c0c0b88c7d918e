"""Staff moderation as a reply: /hide deletes the message and marks it hidden."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.filters import InRegisteredGroup
from bot.routers.setup import staff_or_refuse
from bot.staff import StaffDirectory
from storage import audit, contributions
from storage.models import Group


def build() -> Router:
    """The moderation router."""
    router = Router(name="moderation")

    @router.message(Command("hide"), InRegisteredGroup())
    async def on_hide(
        message: Message,
        bot: Bot,
        db: AsyncSession,
        group: Group,
        staff: StaffDirectory,
        clock: Clock,
    ) -> None:
        if not await staff_or_refuse(message, bot, staff, db, clock, "hide"):
            return
        actor = message.from_user.id if message.from_user else 0
        target = message.reply_to_message
        if target is None:
            await message.reply(_("Use /hide as a reply to the message to hide."))
            return
        hidden = await contributions.hide(
            db, chat_id=message.chat.id, message_id=target.message_id
        )
        try:
            await bot.delete_message(chat_id=message.chat.id, message_id=target.message_id)
            await bot.delete_message(chat_id=message.chat.id, message_id=message.message_id)
        except TelegramBadRequest as exc:
            await message.reply(
                _("The message could not be deleted: {reason}").format(reason=exc.message)
            )
        await audit.record(
            db,
            action="hide",
            now=clock(),
            group_id=group.id,
            actor_user_id=actor,
            target_user_id=target.from_user.id if target.from_user else None,
            message_id=target.message_id,
            outcome="done" if hidden else "not-logged",
        )

    @router.message(Command("highlight"), InRegisteredGroup())
    async def on_highlight(
        message: Message,
        bot: Bot,
        db: AsyncSession,
        group: Group,
        staff: StaffDirectory,
        clock: Clock,
    ) -> None:
        if not await staff_or_refuse(message, bot, staff, db, clock, "highlight"):
            return
        target = message.reply_to_message
        if target is None:
            await message.reply(_("Use /highlight as a reply to the message to highlight."))
            return
        marked = await contributions.highlight(
            db, chat_id=message.chat.id, message_id=target.message_id
        )
        await message.reply(
            _("Highlighted for the digest.") if marked else _("That message is not in the log.")
        )
        await audit.record(
            db,
            action="highlight",
            now=clock(),
            group_id=group.id,
            actor_user_id=message.from_user.id if message.from_user else None,
            message_id=target.message_id,
            outcome="done" if marked else "not-logged",
        )

    return router

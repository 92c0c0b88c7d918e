"""Staff moderation as a reply: /hide deletes the message and marks it hidden; /highlight."""

from __future__ import annotations

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.access import IsStaff, refuse_others
from bot.desk import Desk
from bot.filters import InRegisteredGroup
from storage import contributions
from storage.models import Group


async def on_hide(message: Message, desk: Desk, group: Group) -> None:
    """/hide as a reply: delete the message (and the command) and mark it hidden."""
    target = await desk.replied_to(message, _("Use /hide as a reply to the message to hide."))
    if target is None:
        return
    chat_id = message.chat.id
    hidden = await contributions.hide(desk.db, chat_id=chat_id, message_id=target.message_id)
    try:
        await desk.bot.delete_message(chat_id=chat_id, message_id=target.message_id)
        await desk.bot.delete_message(chat_id=chat_id, message_id=message.message_id)
    except TelegramBadRequest as exc:
        await message.reply(
            _("The message could not be deleted: {reason}").format(reason=exc.message)
        )
    await desk.audit_reply("hide", group, message, logged=hidden)


async def on_highlight(message: Message, desk: Desk, group: Group) -> None:
    """/highlight as a reply: mark the contribution for the digest."""
    usage = _("Use /highlight as a reply to the message to highlight.")
    target = await desk.replied_to(message, usage)
    if target is None:
        return
    marked = await contributions.highlight(
        desk.db, chat_id=message.chat.id, message_id=target.message_id
    )
    answer = _("Highlighted for the digest.") if marked else _("That message is not in the log.")
    await desk.send(message.reply(answer))
    await desk.audit_reply("highlight", group, message, logged=marked)


def build() -> Router:
    """The moderation router (staff only; refusals audited)."""
    router = Router(name="moderation")
    registered = InRegisteredGroup()
    router.message.register(on_hide, Command("hide"), registered, IsStaff())
    router.message.register(on_highlight, Command("highlight"), registered, IsStaff())
    refuse_others(router, "hide", "highlight", where=registered)
    return router

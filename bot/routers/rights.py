"""The member's rights in private chat: /mydata (JSON and CSV) and /forget."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.callback_data import stale_button_text
from bot.desk import Desk
from bot.filters import CallbackPrefix, InPrivate
from bot.member_rights import edit_answer, forget_keyboard, send_my_data
from storage import retention


async def on_mydata(message: Message, desk: Desk) -> None:
    """/mydata: everything stored about the sender, as files."""
    assert message.from_user is not None
    await send_my_data(desk.bot, desk.db, user_id=message.from_user.id, now=desk.now())


async def on_forget(message: Message, desk: Desk) -> None:
    """/forget: what erasing means, with a confirm button."""
    explanation = message.answer(
        _(
            "This erases your texts and your identity from every group: your messages, "
            "edits, reactions, answers and consent details. Only anonymous counts remain; "
            "summaries already written are not changed. Are you sure?"
        ),
        reply_markup=forget_keyboard(),
    )
    await desk.send(explanation)


async def on_forget_button(query: CallbackQuery, desk: Desk) -> None:
    """The /forget confirmation: erase, or leave everything as it is."""
    if query.data not in ("fg:yes", "fg:no"):
        await query.answer(stale_button_text())
        return
    if query.data == "fg:no":
        await edit_answer(desk.bot, query, _("Nothing was erased."))
        await query.answer()
        return
    now = desk.now()
    erased = await retention.forget_user(desk.db, user_id=query.from_user.id, now=now)
    await desk.audit("forget", None, reason=f"{erased} memberships")
    await edit_answer(
        desk.bot,
        query,
        _("Done. Your texts and your identity are erased; only anonymous counts remain."),
    )
    await query.answer()


def build() -> Router:
    """The /mydata and /forget router (private chats; in a group `hints` answers)."""
    router = Router(name="rights")
    router.message.register(on_mydata, Command("mydata"), InPrivate())
    router.message.register(on_forget, Command("forget"), InPrivate())
    router.callback_query.register(on_forget_button, CallbackPrefix("fg:"))
    return router

"""The member's rights in private chat: /mydata (JSON and CSV), /forget, withdrawing consent."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot import consent_notice as notice
from bot.clock import Clock
from bot.filters import CallbackPrefix, InGroup, InPrivate
from storage import audit, consent, members, retention


def flatten(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, value) pairs of a JSON-like value, e.g. ("memberships.0.member.language", "fi")."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from flatten(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from flatten(item, f"{path}.{index}")
    else:
        yield path, "" if value is None else str(value)


def as_csv(data: dict[str, Any]) -> bytes:
    """The export as a two-column CSV (UTF-8 with BOM so spreadsheets read ä and ö)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["field", "value"])
    writer.writerows(flatten(data))
    return buffer.getvalue().encode("utf-8-sig")


def as_json(data: dict[str, Any]) -> bytes:
    """The export as readable JSON."""
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


async def send_my_data(bot: Bot, db: AsyncSession, *, user_id: int, now: datetime) -> None:
    """Everything stored about the user, as two files in their private chat."""
    data = {"generated_at": now.isoformat(), **await retention.export_user(db, user_id=user_id)}
    caption = _("Everything Neuvo stores about you.")
    stamp = now.strftime("%Y%m%d")
    for payload, name in ((as_json(data), "json"), (as_csv(data), "csv")):
        await bot.send_document(
            chat_id=user_id,
            document=BufferedInputFile(payload, filename=f"neuvo-mydata-{stamp}.{name}"),
            caption=caption,
        )


def forget_keyboard() -> InlineKeyboardMarkup:
    """Erase / cancel."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text=_("Yes, erase my data"), callback_data="fg:yes"),
                InlineKeyboardButton(text=_("Cancel"), callback_data="fg:no"),
            ]
        ]
    )


async def _edit(bot: Bot, query: CallbackQuery, text: str) -> None:
    if query.message is None:
        return
    try:
        await bot.edit_message_text(
            chat_id=query.from_user.id, message_id=query.message.message_id, text=text
        )
    except TelegramAPIError:
        return


async def withdraw(query: CallbackQuery, bot: Bot, db: AsyncSession, *, now: datetime) -> None:
    """Withdrawing consent in one group erases the texts and identity there, as /forget does."""
    raw = (query.data or "").removeprefix("cw:")
    member = (
        await members.get(db, group_id=int(raw), user_id=query.from_user.id)
        if raw.isdigit()
        else None
    )
    if member is None or member.consent != consent.GIVEN:
        await query.answer(_("This question is no longer open."))
        return
    await retention.forget_member(db, member=member, now=now)
    await audit.record(db, action="consent-withdrawn", now=now, group_id=member.group_id)
    await _edit(bot, query, notice.withdrawn_text())
    await query.answer()


def build() -> Router:
    """The /mydata and /forget router."""
    router = Router(name="rights")

    @router.message(Command("mydata"), InPrivate())
    async def on_mydata(message: Message, bot: Bot, db: AsyncSession, clock: Clock) -> None:
        assert message.from_user is not None
        await send_my_data(bot, db, user_id=message.from_user.id, now=clock())

    @router.message(Command("forget"), InPrivate())
    async def on_forget(message: Message) -> None:
        await message.answer(
            _(
                "This erases your texts and your identity from every group: your messages, "
                "edits, reactions, answers and consent details. Only anonymous counts remain; "
                "summaries already written are not changed. Are you sure?"
            ),
            reply_markup=forget_keyboard(),
        )

    @router.callback_query(CallbackPrefix("fg:"))
    async def on_forget_button(
        query: CallbackQuery, bot: Bot, db: AsyncSession, clock: Clock
    ) -> None:
        if query.data != "fg:yes":
            await _edit(bot, query, _("Nothing was erased."))
            await query.answer()
            return
        now = clock()
        erased = await retention.forget_user(db, user_id=query.from_user.id, now=now)
        await audit.record(db, action="forget", now=now, reason=f"{erased} memberships")
        await _edit(
            bot,
            query,
            _("Done. Your texts and your identity are erased; only anonymous counts remain."),
        )
        await query.answer()

    @router.message(Command("mydata", "forget"), InGroup())
    async def in_group(message: Message) -> None:
        await message.reply(_("Please send this command to me in a private chat."))

    return router

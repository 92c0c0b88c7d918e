"""The member's rights: their data as files, erasing it, withdrawing consent in one group.

Shared by the rights router (/mydata, /forget) and the deep-link router (withdrawing).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot import callback_data
from bot import consent_notice as notice
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


async def edit_answer(bot: Bot, query: CallbackQuery, text: str) -> None:
    """Replace the pressed button's message with `text` (best effort)."""
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
    parts = callback_data.fields(query.data, "cw:", 1)
    group_id = callback_data.number(parts[0]) if parts else None
    member = (
        await members.get(db, group_id=group_id, user_id=query.from_user.id)
        if group_id is not None
        else None
    )
    if member is None or member.consent != consent.GIVEN:
        await query.answer(_("This question is no longer open."))
        return
    await retention.forget_member(db, member=member, now=now)
    await audit.record(db, action="consent-withdrawn", now=now, group_id=member.group_id)
    await edit_answer(bot, query, notice.withdrawn_text())
    await query.answer()

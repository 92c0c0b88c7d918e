"""Quick polls staff post in a group: the poll, its theme, and its option counts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import QuickPoll
from storage.rows import listed, stored


def options_of(row: QuickPoll) -> list[str]:
    """The poll's option texts, in order."""
    return [str(option) for option in json.loads(row.options)]


def counts_of(row: QuickPoll) -> list[int]:
    """Votes per option, in option order."""
    return [int(count) for count in json.loads(row.counts)]


async def create(session: AsyncSession, *, options: Sequence[str], **fields: Any) -> QuickPoll:
    """Store a posted poll with zero votes."""
    row = QuickPoll(
        options=json.dumps(list(options), ensure_ascii=False),
        counts=json.dumps([0] * len(options)),
        **fields,
    )
    return await stored(session, row)


async def by_poll_id(session: AsyncSession, *, poll_id: str) -> QuickPoll | None:
    """The poll with Telegram's poll id, if it is ours."""
    return await session.scalar(select(QuickPoll).where(col(QuickPoll.poll_id) == poll_id))


async def by_message(session: AsyncSession, *, chat_id: int, message_id: int) -> QuickPoll | None:
    """The poll posted as this message, if any."""
    statement = select(QuickPoll).where(
        col(QuickPoll.chat_id) == chat_id, col(QuickPoll.message_id) == message_id
    )
    return await session.scalar(statement)


async def open_polls(session: AsyncSession, *, chat_id: int) -> list[QuickPoll]:
    """The chat's open polls, newest first."""
    newest_first = col(QuickPoll.created_at).desc(), col(QuickPoll.id).desc()
    open_in_chat = col(QuickPoll.chat_id) == chat_id, col(QuickPoll.closed_at).is_(None)
    return await listed(session, QuickPoll, *open_in_chat, order_by=newest_first)


async def set_counts(
    session: AsyncSession, row: QuickPoll, *, counts: Sequence[int], closed_at: datetime | None
) -> None:
    """Replace the option counts (Telegram's totals); `closed_at` once it is closed."""
    row.counts = json.dumps([int(count) for count in counts])
    if closed_at is not None and row.closed_at is None:
        row.closed_at = closed_at
    await stored(session, row)

"""Quick polls: parsing `/kysely`, posting and closing polls, and Telegram's poll updates."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import Poll
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import polls
from storage.models import QuickPoll

log = logging.getLogger(__name__)
NOT_ANONYMOUS_FLAGS = ("--ei-anonyymi", "--icke-anonym", "--not-anonymous")
MAX_OPTIONS = 10


@dataclass(frozen=True, slots=True)
class PollSpec:
    """What staff asked for: a question, its options, anonymous or not."""

    question: str
    options: tuple[str, ...]
    anonymous: bool


def parse_poll(args: str) -> PollSpec | None:
    """`Kysymys? | vaihtoehto 1 | vaihtoehto 2 …` (with an optional not-anonymous flag)."""
    words = args.split()
    anonymous = not any(word in NOT_ANONYMOUS_FLAGS for word in words)
    text = " ".join(word for word in words if word not in NOT_ANONYMOUS_FLAGS)
    parts = [part.strip() for part in text.split("|")]
    question, options = parts[0], tuple(part for part in parts[1:] if part)
    if not question or not 2 <= len(options) <= MAX_OPTIONS:
        return None
    if len(question) > 300 or any(len(option) > 100 for option in options):
        return None
    return PollSpec(question, options, anonymous)


async def apply_poll_update(db: AsyncSession, poll: Poll, *, now: datetime) -> bool:
    """Telegram's current counts of one of our polls; False when the poll is not ours."""
    row = await polls.by_poll_id(db, poll_id=poll.id)
    if row is None:
        return False
    counts = [option.voter_count for option in poll.options]
    await polls.set_counts(db, row, counts=counts, closed_at=now if poll.is_closed else None)
    return True


async def stop(bot: Bot, db: AsyncSession, row: QuickPoll, *, now: datetime) -> None:
    """Close a poll in Telegram and keep its final counts."""
    try:
        final = await bot.stop_poll(chat_id=row.chat_id, message_id=row.message_id)
    except TelegramBadRequest as exc:  # already closed or deleted: keep what we know
        log.info("poll %s not stopped: %s", row.poll_id, exc.message)
        await polls.set_counts(db, row, counts=polls.counts_of(row), closed_at=now)
        return
    counts = [option.voter_count for option in final.options]
    await polls.set_counts(db, row, counts=counts, closed_at=now)


async def close_chat_polls(bot: Bot, db: AsyncSession, *, chat_id: int, now: datetime) -> int:
    """Close every open poll of the chat (at window end); returns how many."""
    rows = await polls.open_polls(db, chat_id=chat_id)
    for row in rows:
        await stop(bot, db, row, now=now)
    return len(rows)


async def close_window_polls(
    bot: Bot,
    sessions: async_sessionmaker[AsyncSession] | None,
    *,
    chat_id: int,
    now: datetime,
) -> None:
    """At a window's end: close the chat's open polls (their final counts kept)."""
    if sessions is None:
        return
    async with sessions() as db, db.begin():
        await close_chat_polls(bot, db, chat_id=chat_id, now=now)

"""Deferred contribution writes and the per-transaction read memo, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlmodel import col

from storage import contributions, deferred, members, session_days
from storage.db import transaction
from storage.models import Contribution, Member
from tests.storage_support import registered_group_id

NOW = datetime(2026, 12, 8, 7, 0, tzinfo=UTC)


def message(group_id: int, message_id: int, **extra: Any) -> dict[str, Any]:
    """The fields `contributions.log` takes for a plain in-window text message."""
    fields: dict[str, Any] = {
        "group_id": group_id,
        "chat_id": -100,
        "message_id": message_id,
        "session_day_id": None,
        "theme_key": "kiusaaminen",
        "window_label": "08-10",
        "window_start": NOW,
        "sent_at": NOW + timedelta(seconds=message_id),
        "reply_to_message_id": None,
        "thread_id": None,
        "text": f"viesti {message_id}",
        "media_kind": None,
        "is_staff": False,
        "late": False,
        "hidden": False,
        "highlighted": False,
    }
    return {**fields, **extra}


def log(
    db: AsyncSession, group_id: int, n: int, user_id: int = 7, language: str = "fi", **extra: Any
) -> None:
    """Queue message `n` by `user_id` through `contributions.log` at NOW."""
    contributions.log(
        db, user_id=user_id, language=language, now=NOW, **message(group_id, n, **extra)
    )


async def new_group(sessions: async_sessionmaker[AsyncSession]) -> int:
    """A registered group's id."""
    async with transaction(sessions) as db:
        return await registered_group_id(db, chat_id=-100, now=NOW)


@pytest.fixture
async def group_id(sessions: async_sessionmaker[AsyncSession]) -> int:
    """The registered group's id."""
    return await new_group(sessions)


async def stored(sessions: async_sessionmaker[AsyncSession]) -> list[tuple[int, int | None]]:
    """(message_id, member user_id) of every stored contribution, in message order."""
    async with sessions() as db:
        statement = (
            select(col(Contribution.message_id), col(Member.user_id))
            .join(Member, col(Member.id) == col(Contribution.member_id))
            .order_by(col(Contribution.message_id))
        )
        return [(int(m), u) for m, u in (await db.execute(statement)).all()]


@contextmanager
def counting_statements(engine: AsyncEngine) -> Iterator[list[str]]:
    """Every SQL statement the engine runs inside the block."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def test_logged_messages_are_written_in_two_statements_at_commit(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], group_id: int
) -> None:
    """Fifty messages by five members cost one members upsert and one insert, not a hundred."""
    with counting_statements(engine) as seen:
        async with transaction(sessions) as db:
            for n in range(50):
                log(db, group_id, n, 1000 + n % 5)
            assert deferred.queued(db) == 50
    writes = [sql for sql in seen if sql.lstrip().upper().startswith("INSERT")]
    assert len(writes) == 2, writes
    assert await stored(sessions) == [(n, 1000 + n % 5) for n in range(50)]


async def test_a_read_in_the_same_transaction_sees_queued_messages(
    sessions: async_sessionmaker[AsyncSession], group_id: int
) -> None:
    """Queued rows are written before the next statement, so reads and edits see them."""
    async with transaction(sessions) as db:
        log(db, group_id, 1)
        row = await contributions.get(db, chat_id=-100, message_id=1)
        assert row is not None and row.text == "viesti 1"
        assert deferred.queued(db) == 0
        edited = await contributions.record_edit(
            db, chat_id=-100, message_id=1, text="korjattu", edited_at=NOW + timedelta(minutes=1)
        )
        assert edited
        member = await members.get(db, group_id=group_id, user_id=7)
        assert member is not None and member.consent == "unknown"
    async with sessions() as db:
        row = await contributions.get(db, chat_id=-100, message_id=1)
    assert row is not None and row.text == "korjattu"


async def test_duplicates_in_the_queue_and_in_the_table_are_stored_once(
    sessions: async_sessionmaker[AsyncSession], group_id: int
) -> None:
    """The same (chat, message) queued twice, or already stored, stays one contribution."""
    async with transaction(sessions) as db:
        log(db, group_id, 1)
        log(db, group_id, 1)
    async with transaction(sessions) as db:
        log(db, group_id, 1)
        log(db, group_id, 2, 8, "sv")
    assert await stored(sessions) == [(1, 7), (2, 8)]
    async with sessions() as db:
        count = await db.scalar(select(func.count()).select_from(Member))
    assert count == 2


async def test_rollback_drops_queued_messages(
    sessions: async_sessionmaker[AsyncSession], group_id: int
) -> None:
    """A transaction that rolls back leaves neither the messages nor their members."""
    async with sessions() as db:
        log(db, group_id, 1)
        await db.rollback()
        assert deferred.queued(db) == 0
        await db.commit()
    assert await stored(sessions) == []


async def test_a_write_that_fails_raises_at_commit_and_stores_nothing(
    sessions: async_sessionmaker[AsyncSession], group_id: int
) -> None:
    """A queued row the database refuses fails the commit; the good rows beside it roll back."""
    with pytest.raises(IntegrityError):
        async with transaction(sessions) as db:
            log(db, group_id, 1)
            log(db, group_id, 2, 8, session_day_id=999)
    assert await stored(sessions) == []


async def test_session_day_is_read_once_per_transaction_until_a_write(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], group_id: int
) -> None:
    """Repeated lookups hit the database once; after a write the next lookup reads again."""
    day = date(2026, 12, 8)
    async with transaction(sessions) as db:
        with counting_statements(engine) as seen:
            assert await session_days.day(db, group_id=group_id, on=day) is None
            assert await session_days.day(db, group_id=group_id, on=day) is None
        assert len([sql for sql in seen if "session_days" in sql]) == 1
        await session_days.plan(db, group_id=group_id, on=day, theme_key="eroasiat", now=NOW)
        planned = await session_days.day(db, group_id=group_id, on=day)
        assert planned is not None and planned.theme_key == "eroasiat"
    async with transaction(sessions) as db:
        again = await session_days.day(db, group_id=group_id, on=day)
    assert again is not None and again.theme_key == "eroasiat"


async def test_adhoc_window_lookup_matches_only_its_span(
    sessions: async_sessionmaker[AsyncSession], group_id: int
) -> None:
    """An ad hoc window is found at its start and inside it, not at its end or the day before."""
    start, end = NOW + timedelta(hours=3), NOW + timedelta(hours=5)
    async with transaction(sessions) as db:
        await session_days.open_adhoc(
            db, group_id=group_id, theme_key="vapaa", start=start, end=end, opened_by=None
        )
    async with sessions() as db:
        found = [
            await session_days.adhoc_at(db, group_id=group_id, instant=instant)
            for instant in (start, start + timedelta(hours=1), end, start - timedelta(days=1))
        ]
    assert [window is not None for window in found] == [True, True, False, False]

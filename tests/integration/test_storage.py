"""Storage on SQLite and PostgreSQL: migrations, aware-UTC instants, the durable inbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage import groups, inbox, migrate
from storage.db import DatabaseUrlError, create_engine, transaction
from storage.models import Group
from tests.storage_support import registered_group_id

NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


async def test_migrations_reach_head_and_are_idempotent(engine: AsyncEngine) -> None:
    """Upgrading twice leaves the database at the head revision."""
    await migrate.upgrade(engine)
    assert await migrate.current_revision(engine) == migrate.head_revision()


async def test_instants_round_trip_as_aware_utc(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """An instant stored with an offset reads back as the same aware UTC instant."""
    helsinki = timezone(timedelta(hours=2))
    async with transaction(sessions) as db:
        await groups.register(
            db, key="parents", audience="parents", chat_id=-100, now=NOW.astimezone(helsinki)
        )
    async with sessions() as db:
        group = await groups.by_key(db, key="parents")
    assert group is not None
    assert group.created_at == NOW
    assert group.created_at.tzinfo == UTC


async def test_naive_datetimes_are_refused(sessions: async_sessionmaker[AsyncSession]) -> None:
    """A naive datetime never reaches the database."""
    with pytest.raises(StatementError, match="naive datetime"):
        async with transaction(sessions) as db:
            db.add(Group(key="x", audience="parents", created_at=datetime(2026, 1, 1)))  # noqa: DTZ001
            await db.flush()


async def test_telegram_ids_need_64_bits(sessions: async_sessionmaker[AsyncSession]) -> None:
    """Supergroup ids beyond 32 bits are stored exactly."""
    big = -1_002_345_678_901
    async with transaction(sessions) as db:
        await groups.register(db, key="youth", audience="youth", chat_id=big, now=NOW)
    async with sessions() as db:
        group = await groups.by_chat(db, chat_id=big)
    assert group is not None and group.key == "youth"


async def test_group_key_clash_is_refused(sessions: async_sessionmaker[AsyncSession]) -> None:
    """A key registered for one chat cannot be taken by another chat."""
    async with transaction(sessions) as db:
        await groups.register(db, key="parents", audience="parents", chat_id=-1, now=NOW)
    with pytest.raises(groups.GroupKeyTaken):
        async with transaction(sessions) as db:
            await groups.register(db, key="parents", audience="parents", chat_id=-2, now=NOW)


async def test_inbox_stores_each_update_once(sessions: async_sessionmaker[AsyncSession]) -> None:
    """A re-delivered update id is ignored; the offset confirms everything stored."""
    async with transaction(sessions) as db:
        assert await inbox.store(db, updates=[(10, "{}"), (11, "{}")], now=NOW) == {10, 11}
        assert await inbox.store(db, updates=[(11, "{}"), (12, "{}")], now=NOW) == {12}
    async with sessions() as db:
        assert [row.update_id for row in await inbox.pending(db)] == [10, 11, 12]
        assert await inbox.next_offset(db) == 13


async def test_inbox_done_drops_payload_and_failed_keeps_it(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """Handled updates keep no raw text; failed ones keep it with the error for replay."""
    async with transaction(sessions) as db:
        await inbox.store(db, updates=[(1, '{"a": "text"}'), (2, '{"b": "text"}')], now=NOW)
        assert await inbox.claim(db, update_id=1, now=NOW)
        await inbox.mark_failed(db, update_id=2, error="boom", now=NOW)
    async with sessions() as db:
        (failed,) = await inbox.failed(db)
        assert (failed.update_id, failed.payload, failed.error) == (2, '{"b": "text"}', "boom")
        assert await inbox.counts(db) == {"done": 1, "failed": 1}
    async with transaction(sessions) as db:
        assert await inbox.requeue_failed(db) == 1
        assert await inbox.purge_done(db, before=NOW + timedelta(days=1)) == 1
    async with sessions() as db:
        assert await inbox.counts(db) == {"pending": 1}


async def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path: object) -> None:
    """SQLite connections use WAL and enforce foreign keys."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/x.db")
    async with engine.connect() as connection:
        assert (await connection.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        assert (await connection.execute(text("PRAGMA foreign_keys"))).scalar() == 1
    await engine.dispose()


def test_bad_database_url_is_a_clear_error() -> None:
    """An unusable URL raises DatabaseUrlError naming the setting."""
    with pytest.raises(DatabaseUrlError, match="database_url"):
        create_engine("sqlite+nodriver:///x.db")


async def test_member_ensure_id_is_one_row_per_person(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """ensure_id creates a member once and returns the same id on every later call."""
    from storage import members

    async with transaction(sessions) as db:
        group_id = await registered_group_id(db, chat_id=-9, now=NOW)
        first = await members.ensure_id(db, group_id=group_id, user_id=42, now=NOW)
        again = await members.ensure_id(db, group_id=group_id, user_id=42, now=NOW)
        other = await members.ensure_id(db, group_id=group_id, user_id=43, now=NOW)
    assert first == again != other

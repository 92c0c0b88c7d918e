"""Migration 0004 (window action claims) on SQLite and PostgreSQL: existing rows stay done."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from storage import actions, migrate
from storage.db import create_engine, session_factory
from storage.types import UTCDateTime

START = datetime(2026, 12, 8, 6, 0, tzinfo=UTC)


def _at(statement: str) -> object:
    return text(statement).bindparams(bindparam("at", type_=UTCDateTime()))


async def test_rows_from_before_claims_are_done_and_downgrade_drops_claims(
    database_url: str,
) -> None:
    """A row written before 0004 reads as done (claimed when it was done); going back to 0003
    forgets claims still in hand, so the old code does them again instead of skipping them."""
    engine = create_engine(database_url)
    try:
        await migrate.upgrade(engine, "0003")
        async with engine.begin() as db:
            await db.execute(
                _at(
                    "INSERT INTO groups (key, audience, title, language, timezone, is_forum,"
                    " lock_between_sessions, created_at)"
                    " VALUES ('p', 'parents', '', 'fi', 'Europe/Helsinki', false, true, :at)"
                ),
                {"at": START},
            )
            await db.execute(
                _at(
                    "INSERT INTO window_actions (group_id, window_start, window_end, action,"
                    " message_id, done_at) VALUES (1, :at, :at, 'open', 41, :at)"
                ),
                {"at": START},
            )
        await migrate.upgrade(engine)
        async with session_factory(engine)() as db:
            (row,) = await actions.done(
                db, group_id=1, since=START, stale_before=START + timedelta(days=1)
            )
        assert (row.state, row.holder, row.message_id) == ("done", None, 41)
        assert row.claimed_at == row.done_at == START

        async with session_factory(engine)() as db, db.begin():
            assert await actions.claim(
                db,
                group_id=1,
                window_start=START,
                window_end=START,
                action="close",
                holder="a",
                now=START,
                stale_before=START,
            )

        def downgrade(connection: Connection) -> None:
            config = migrate.alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0003")

        async with engine.begin() as db:
            await db.run_sync(downgrade)
            left = (await db.execute(text("SELECT action FROM window_actions"))).all()
        assert [tuple(r) for r in left] == [("open",)]
    finally:
        await engine.dispose()

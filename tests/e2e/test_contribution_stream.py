"""Property: in any stream of deliveries, each distinct member message is stored exactly once."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from aiogram.types import Update
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import SecretStr
from sqlmodel import SQLModel

from bot.app import build_app
from bot.clock import ManualClock
from bot.startup import start_up
from config import GroupConfig, Settings
from sandbox.server import SandboxServer
from sandbox.simulator import BotApiSimulator
from storage import groups, migrate, session_days
from storage.db import create_engine, transaction
from tests.e2e.helpers import TOKEN, Reader, group_world

HELSINKI = ZoneInfo("Europe/Helsinki")
DAY = date(2026, 12, 8)
OPEN, CLOSE = (datetime.combine(DAY, time(h), tzinfo=HELSINKI).astimezone(UTC) for h in (8, 10))

deliveries = st.lists(
    st.tuples(
        st.integers(0, 3),  # which member
        st.integers(-1800, 9000),  # seconds after 08:00 local
        st.sampled_from(["new", "same-update-again", "new-update-id", "edit"]),
    ),
    min_size=1,
    max_size=25,
)


async def empty_database(database_url: str) -> None:
    """Migrate the database if it is new and empty every table of storage.models, so that one
    database serves every example (creating a PostgreSQL database per example is slow)."""
    engine = create_engine(database_url)
    try:
        await migrate.upgrade(engine)
        async with engine.begin() as connection:
            for table in reversed(SQLModel.metadata.sorted_tables):
                await connection.execute(table.delete())
    finally:
        await engine.dispose()


async def run_stream(
    plan: list[tuple[int, int, str]], database_url: str
) -> tuple[dict[int, str | None], list[tuple[int, str | None]]]:
    """Deliver the planned stream to an empty database; return expected themes and what was
    stored."""
    await empty_database(database_url)
    sim = BotApiSimulator()
    clock = ManualClock(CLOSE + timedelta(hours=3))
    sim.set_clock(clock)
    staff, chat_id, parents = group_world(sim, members=4)
    expected: dict[int, str | None] = {}
    updates: list[Update] = []
    next_id = 1
    async with SandboxServer(sim) as server:
        app = build_app(
            Settings(
                bot_token=SecretStr(TOKEN),
                telegram_api_url=server.base_url,
                database_url=database_url,
                staff_ids=(staff,),
                groups=(GroupConfig(key="parents", audience="parents", chat_id=chat_id),),
            ),
            clock=clock,
            pace=False,
        )
        try:
            await start_up(app, asyncio.Event())
            async with transaction(app.sessions) as db:
                group = await groups.by_key(db, key="parents")
                assert group is not None and group.id is not None  # ids go on after a wipe
                await session_days.plan(
                    db, group_id=group.id, on=DAY, theme_key="kiusaaminen", now=clock()
                )
            last: dict[str, object] | None = None
            for member, offset, kind in plan:
                if kind == "new" or last is None:
                    sent = OPEN + timedelta(seconds=offset)
                    last = sim.user_sends(parents[member], chat_id, f"viesti {next_id}", date=sent)
                    expected[int(str(last["message_id"]))] = (
                        "kiusaaminen" if OPEN <= sent < CLOSE else None
                    )
                    updates.append(Update.model_validate({"update_id": next_id, "message": last}))
                elif kind == "same-update-again":
                    updates.append(updates[-1])
                elif kind == "new-update-id":
                    updates.append(Update.model_validate({"update_id": next_id, "message": last}))
                else:
                    edited = {
                        **last,
                        "text": f"muokattu {next_id}",
                        "edit_date": int(clock().timestamp()),
                    }
                    updates.append(
                        Update.model_validate({"update_id": next_id, "edited_message": edited})
                    )
                next_id += 1
            for chunk in (updates[i : i + 7] for i in range(0, len(updates), 7)):
                await app.processor.store(chunk)
                await app.processor.drain()
        finally:
            await app.close()
    reader = Reader(database_url, missing_ok=False)
    try:
        stored = await reader.rows("SELECT message_id, theme_key FROM contributions")
    finally:
        await reader.close()
    return expected, stored


def test_every_distinct_message_is_stored_once(database_url: str) -> None:
    """Duplicates, re-deliveries under new ids and edits never add or lose a contribution."""

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(plan=deliveries)
    def stored_once(plan: list[tuple[int, int, str]]) -> None:
        expected, stored = asyncio.run(run_stream(plan, database_url))
        assert sorted(message_id for message_id, _ in stored) == sorted(expected)
        assert dict(stored) == expected

    stored_once()

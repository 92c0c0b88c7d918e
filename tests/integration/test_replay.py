"""`neuvo replay`: stored failures are retried; a still-broken update stays failed."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.operations import replay_failed
from config import Settings
from storage import inbox
from storage.db import transaction

NOW = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)


async def test_replay_handles_what_it_can(
    database_url: str, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """A valid failed update is handled on replay; a malformed one is kept with its error."""
    good = {
        "update_id": 5,
        "message_reaction_count": {
            "chat": {"id": -100, "type": "supergroup", "title": "Neuvonantajat"},
            "message_id": 3,
            "date": 1796710200,
            "reactions": [{"type": {"type": "emoji", "emoji": "👍"}, "total_count": 2}],
        },
    }
    async with transaction(sessions) as db:
        await inbox.store(db, updates=[(5, json.dumps(good)), (6, "{not json")], now=NOW)
        await inbox.mark_failed(db, update_id=5, error="boom", now=NOW)
        await inbox.mark_failed(db, update_id=6, error="boom", now=NOW)
    settings = Settings(
        bot_token=SecretStr("1:replay-test-token"),
        telegram_api_url="http://127.0.0.1:9",
        database_url=database_url,
    )
    handled, failed = await replay_failed(settings)
    assert (handled, failed) == (1, 1)
    async with sessions() as db:
        assert await inbox.counts(db) == {"done": 1, "failed": 1}
        (still,) = await inbox.failed(db)
        assert still.update_id == 6 and "ValidationError" in (still.error or "")

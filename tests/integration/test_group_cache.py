"""The registered-group cache survives the transaction it was read in (SQLite, PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiogram.types import Chat
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.middlewares import GroupContextMiddleware
from storage import groups
from storage.db import transaction

NOW = datetime(2026, 12, 8, 7, 0, tzinfo=UTC)
CHAT = Chat(id=-100, type="supergroup", title="Neuvonantajat")


async def group_seen(middleware: GroupContextMiddleware, db: AsyncSession) -> Any:
    """The `group` the middleware puts into a handler's data for a message in CHAT."""
    seen: dict[str, Any] = {}

    async def handler(_event: object, data: dict[str, Any]) -> None:
        seen.update(data)

    await middleware(handler, CHAT, {"event_chat": CHAT, "db": db})  # type: ignore[arg-type]
    return seen["group"]


async def test_cached_group_outlives_a_rolled_back_batch(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """A batch that rolls back (a failed update) does not spoil the cached group for the
    next batches: its fields stay readable instead of raising DetachedInstanceError."""
    async with transaction(sessions) as db:
        await groups.register(
            db, key="parents", audience="parents", chat_id=CHAT.id, now=NOW, language="sv"
        )
    middleware = GroupContextMiddleware()
    async with sessions() as db:
        first = await group_seen(middleware, db)
        await db.rollback()
    async with sessions() as db:
        again = await group_seen(middleware, db)
    assert again is first
    assert (again.key, again.language, again.chat_id) == ("parents", "sv", CHAT.id)


async def test_unregistered_chat_has_no_group(sessions: async_sessionmaker[AsyncSession]) -> None:
    """A chat that is not registered gets `group` None (and nothing is cached)."""
    middleware = GroupContextMiddleware()
    async with sessions() as db:
        assert await group_seen(middleware, db) is None

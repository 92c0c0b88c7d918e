"""The database of a one-shot CLI command: ready, its declared groups synced, closed after."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.declared_groups import sync_declared_groups
from config import Settings
from storage import migrate
from storage.db import create_engine, session_factory


@asynccontextmanager
async def ready_sessions(
    settings: Settings, *, now: datetime
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions of the configured database once it is migrated (else DatabaseNotReady) and
    the groups of neuvo.toml are synced; the engine is disposed of on leaving."""
    engine = create_engine(settings.database_url)
    try:
        await migrate.require_ready(engine)
        sessions = session_factory(engine)
        await sync_declared_groups(sessions, settings, now=now)
        yield sessions
    finally:
        await engine.dispose()

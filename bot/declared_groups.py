"""Groups declared in the TOML settings, registered in the database (start-up and commands)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from config import Settings
from storage import groups
from storage.db import transaction


async def sync_declared_groups(
    sessions: async_sessionmaker[AsyncSession], settings: Settings, *, now: datetime
) -> None:
    """Every group of `settings.groups` exists in the database with its declared settings."""
    async with transaction(sessions) as db:
        for declared in settings.groups:
            await groups.register(
                db,
                key=declared.key,
                audience=declared.audience,
                chat_id=declared.chat_id,
                now=now,
                title=declared.title,
                language=declared.language,
                timezone=declared.timezone or settings.timezone,
                lock_between_sessions=declared.lock_between_sessions,
            )

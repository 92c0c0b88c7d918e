"""Operations behind CLI commands (kept out of the CLI so tests can call them)."""

from __future__ import annotations

from config import Settings
from storage import inbox, migrate
from storage.db import create_engine, transaction


async def upgrade_database(settings: Settings) -> str | None:
    """Migrate to head; return the revision reached."""
    engine = create_engine(settings.database_url)
    try:
        await migrate.upgrade(engine)
        return await migrate.current_revision(engine)
    finally:
        await engine.dispose()


async def replay_failed(settings: Settings) -> tuple[int, int]:
    """Requeue failed updates and handle them again: (handled, still failing)."""
    from bot.app import build_app

    app = build_app(settings)
    try:
        await migrate.upgrade(app.engine)
        async with transaction(app.sessions) as db:
            await inbox.requeue_failed(db)
        await app.processor.drain()
        return app.processor.handled, app.processor.failed
    finally:
        await app.close()

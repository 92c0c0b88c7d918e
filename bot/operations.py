"""Operations behind CLI commands (kept out of the CLI so tests can call them)."""

from __future__ import annotations

from pathlib import Path

from config import Settings
from storage import inbox, migrate
from storage.db import create_engine, masked_url, transaction


async def upgrade_database(settings: Settings) -> str | None:
    """Migrate to head; return the revision reached."""
    engine = create_engine(settings.database_url)
    try:
        migrate.check_sqlite_location(engine.url)
        await migrate.upgrade(engine)
        return await migrate.current_revision(engine)
    finally:
        await engine.dispose()


async def replay_failed(settings: Settings) -> tuple[int, int]:
    """Requeue failed updates and handle them again: (handled, still failing)."""
    from bot.app import build_app
    from bot.declared_groups import sync_declared_groups

    app = build_app(settings)
    try:
        await migrate.require_ready(app.engine)
        await sync_declared_groups(app.sessions, settings, now=app.clock())
        async with transaction(app.sessions) as db:
            await inbox.requeue_failed(db)
        await app.processor.drain()
        return app.processor.handled, app.processor.failed
    finally:
        await app.close()


async def check_all(settings: Settings) -> list[tuple[str, bool, str]]:
    """(what, ok, detail) for settings, catalog, database and Telegram — one line each."""
    from aiogram.exceptions import TelegramAPIError

    from bot.app import build_bot
    from themes.loader import CatalogError, load_catalog

    results: list[tuple[str, bool, str]] = [("settings", True, "valid")]
    try:
        catalog = load_catalog(settings.theme_dirs)
        results.append(("catalog", True, f"{len(catalog)} themes"))
    except CatalogError as exc:
        results.append(("catalog", False, "; ".join(exc.errors)))
    results.append(await _check_database(settings))
    if settings.bot_token is None:
        results.append(("telegram", False, "NEUVO_BOT_TOKEN is not set"))
        return results
    bot = build_bot(settings)
    try:
        me = await bot.get_me()
        privacy = "" if me.can_read_all_group_messages else " — privacy mode is ON (see README)"
        results.append(
            ("telegram", me.can_read_all_group_messages is True, f"@{me.username}{privacy}")
        )
    except TelegramAPIError as exc:
        results.append(("telegram", False, f"{type(exc).__name__}: {exc}"))
    finally:
        await bot.session.close()
    return results


async def _check_database(settings: Settings) -> tuple[str, bool, str]:
    from bot.database_wait import brief

    try:
        engine = create_engine(settings.database_url)
    except ValueError as exc:
        return ("database", False, str(exc))
    try:
        await migrate.require_ready(engine)
        return ("database", True, f"reachable, revision {migrate.head_revision()}")
    except migrate.DatabaseNotReady as exc:
        return ("database", False, str(exc))
    except Exception as exc:  # noqa: BLE001 — report any failure as one line
        where = masked_url(settings.database_url)
        return ("database", False, f"cannot use {where}: {brief(exc)}")
    finally:
        await engine.dispose()


def backup_sqlite(database_url: str, target: Path) -> int:
    """Online backup of a SQLite database (safe while the bot runs); returns bytes written."""
    import sqlite3

    source_path = database_url.removeprefix("sqlite+aiosqlite:///")
    if source_path == database_url:
        raise ValueError("not a SQLite URL")
    if not Path(source_path).exists():
        raise FileNotFoundError(f"database file {source_path} does not exist")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(source_path)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return target.stat().st_size

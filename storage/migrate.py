"""Apply Alembic migrations from inside the application (start-up and `neuvo db upgrade`)."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import URL, Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class DatabaseNotReady(Exception):
    """The database is missing or not at the newest revision (one line says what to do)."""


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config pointing at our migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the database to `revision` (idempotent)."""

    def _run(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(_run)


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    def _read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with engine.connect() as connection:
        return await connection.run_sync(_read)


def head_revision() -> str:
    """The newest revision the code knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover — the package ships its migrations
        raise RuntimeError("no migrations found")
    return head


def sqlite_file(url: URL) -> Path | None:
    """The file a SQLite URL names (None for other databases and in-memory SQLite)."""
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return None if database.startswith("file:") else Path(database)


async def require_ready(engine: AsyncEngine) -> None:
    """DatabaseNotReady unless the database exists and is at head; creates nothing."""
    path = sqlite_file(engine.url)
    if path is not None and not path.is_file():
        raise DatabaseNotReady(
            f"database file {path} does not exist: check database_url, or create it with "
            "`neuvo db upgrade`"
        )
    revision = await current_revision(engine)
    head = head_revision()
    if revision != head:
        raise DatabaseNotReady(
            f"the database is at revision {revision or 'none (empty)'}, the code needs {head}: "
            "run `neuvo db upgrade`"
        )


def check_sqlite_location(url: URL) -> None:
    """DatabaseNotReady if a SQLite file cannot be created or written where `url` says."""
    path = sqlite_file(url)
    if path is None:
        return
    directory = path.parent
    if not directory.is_dir():
        raise DatabaseNotReady(f"database directory {directory} does not exist (database_url)")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise DatabaseNotReady(f"database file {path} is not writable (database_url)")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise DatabaseNotReady(f"database directory {directory} is not writable (database_url)")

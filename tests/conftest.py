"""Shared fixtures: databases (SQLite and the local PostgreSQL), clocks, settings."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import ManualClock
from storage import migrate
from storage.db import create_engine, session_factory

POSTGRES_URL_ENV = "NEUVO_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def postgres_admin_url() -> str:
    """The PostgreSQL server tests may create databases on."""
    return os.environ.get(POSTGRES_URL_ENV, DEFAULT_POSTGRES_URL)


async def _postgres_available(url: str) -> str | None:
    """None if reachable, else the reason it is not."""
    import asyncpg

    dsn = url.replace("postgresql+asyncpg://", "postgresql://")
    try:
        connection = await asyncpg.connect(dsn, timeout=3)
    except (OSError, asyncpg.PostgresError) as exc:
        return f"PostgreSQL at {url} unreachable: {exc}"
    await connection.close()
    return None


async def _admin_execute(admin_url: str, statement: str) -> None:
    """Run one statement on the server's admin database."""
    import asyncpg

    dsn = admin_url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def _create_postgres_db(admin_url: str) -> tuple[str, str]:
    name = f"neuvo_t_{uuid.uuid4().hex[:12]}"
    await _admin_execute(admin_url, f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0]
    return f"{base}/{name}", name


async def _drop_postgres_db(admin_url: str, name: str) -> None:
    await _admin_execute(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database URL: a SQLite file, or a fresh database on the local PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'neuvo.db'}"
        return
    admin = postgres_admin_url()
    reason = await _postgres_available(admin)
    if reason:
        pytest.skip(reason)
    url, name = await _create_postgres_db(admin)
    try:
        yield url
    finally:
        await _drop_postgres_db(admin, name)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """A migrated engine on each backend."""
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """A session factory on the migrated engine."""
    return session_factory(engine)


@pytest.fixture
def clock() -> ManualClock:
    """A frozen clock at Monday 2026-12-07 08:00 UTC (10:00 in Helsinki)."""
    return ManualClock(datetime(2026, 12, 7, 8, 0, tzinfo=UTC))

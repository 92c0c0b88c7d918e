"""Async engine and session factory; SQLite gets WAL, foreign keys and a busy timeout."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session

from storage import deferred, memo


class DatabaseUrlError(ValueError):
    """The database URL cannot be used."""


_PASSWORD = re.compile(r"(?P<head>://[^:/@]*:)[^@]*@")


def masked_url(url: str) -> str:
    """`url` fit to print: its password shown as *** (also when the URL does not parse)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return _PASSWORD.sub(r"\g<head>***@", url)


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """Create the engine for `url`; raise DatabaseUrlError with a clear reason."""
    try:
        engine = create_async_engine(url, echo=echo, **_engine_options(url))
    except (ArgumentError, ImportError, ValueError) as exc:
        raise DatabaseUrlError(
            f"database_url {masked_url(url)!r} cannot be used: {exc}".replace(url, masked_url(url))
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _engine_options(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30}}
    return {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 5}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


class NeuvoSession(Session):
    """The sync session behind every AsyncSession: deferred contribution writes and a
    per-transaction read memo (storage.deferred, storage.memo) hook into its events."""


deferred.install(NeuvoSession)
memo.install(NeuvoSession)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep objects usable after commit (no MissingGreenlet)."""
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=NeuvoSession)


@asynccontextmanager
async def transaction(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One unit of work: commit on success, roll back on error."""
    async with factory() as session, session.begin():
        yield session

"""Async engine and session factory; SQLite gets WAL, foreign keys and a busy timeout."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session

from storage import deferred, memo, outbox


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
outbox.install(NeuvoSession)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep objects usable after commit (no MissingGreenlet)."""
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=NeuvoSession)


@asynccontextmanager
async def transaction(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One unit of work: commit on success, roll back on error."""
    async with factory() as session, session.begin():
        yield session


#: SQLite error texts that mean the file cannot be written now (not a bug in a statement).
_SQLITE_UNAVAILABLE = ("disk is full", "unable to open", "disk i/o error")


def is_unavailable(exc: BaseException) -> bool:
    """True if `exc` means the database cannot be reached or written right now.

    Such an error is an outage to wait out (PostgreSQL down, a connection reset, SQLite's disk
    full), not a fault of the statement or of the update being handled. The whole chain of
    causes is looked at, SQLAlchemy's wrapped driver error (`orig`) included.
    """
    return any(_unavailable_here(error) for error in _causes(exc))


def _unavailable_here(error: BaseException) -> bool:
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, OSError | PoolTimeoutError):  # refused, reset, timed out
        return True
    if isinstance(error, sqlite3.DatabaseError):
        return any(part in str(error).lower() for part in _SQLITE_UNAVAILABLE)
    return _asyncpg_unavailable(error)


def _asyncpg_unavailable(error: BaseException) -> bool:
    try:
        from asyncpg import exceptions as pg  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - asyncpg is a dependency
        return False
    if isinstance(error, pg.InterfaceError):
        return "closed" in str(error)  # "connection is closed"; others are usage errors
    return isinstance(
        error,
        pg.PostgresConnectionError  # SQLSTATE class 08, the connection was lost
        | pg.OperatorInterventionError  # shutting down, cannot connect now
        | pg.InsufficientResourcesError,  # the server's disk is full
    )


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """`exc`, its driver error and everything it was raised from, each once."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        error = todo.pop()
        if error is None or id(error) in seen:
            continue
        seen.add(id(error))
        yield error
        orig = getattr(error, "orig", None)
        todo += [error.__cause__, error.__context__]
        if isinstance(orig, BaseException):
            todo.append(orig)

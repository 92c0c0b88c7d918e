"""Dialect-aware INSERT … ON CONFLICT helpers (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

from storage.rows import changed


def _dialect_name(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind else "sqlite"


def _insert(dialect_name: str, table: Table) -> Any:
    return postgresql.insert(table) if dialect_name == "postgresql" else sqlite.insert(table)


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a sqlmodel class."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


async def insert_ignore(
    session: AsyncSession,
    model: type[SQLModel],
    rows: Sequence[dict[str, Any]],
    keys: Sequence[str],
) -> int:
    """Insert rows, skipping those that clash on `keys`; return how many were inserted."""
    if not rows:
        return 0
    statement = (
        _insert(_dialect_name(session), table_of(model))
        .values(list(rows))
        .on_conflict_do_nothing(index_elements=list(keys))
    )
    result = await session.execute(statement)
    return changed(result)


@cache
def ignoring_insert(
    dialect_name: str, table: Table, keys: tuple[str, ...], returning: tuple[str, ...] = ()
) -> Any:
    """INSERT … ON CONFLICT (keys) DO NOTHING [RETURNING …], built once (for executemany)."""
    statement = _insert(dialect_name, table).on_conflict_do_nothing(index_elements=list(keys))
    return statement.returning(*(table.c[name] for name in returning)) if returning else statement


@cache
def upsert_returning(
    dialect_name: str, table: Table, keys: tuple[str, ...], returning: tuple[str, ...]
) -> Any:
    """INSERT … ON CONFLICT (keys) with a no-op update, so RETURNING sees every row, new or
    not; built once (building `excluded` alone costs about a millisecond)."""
    statement = _insert(dialect_name, table)
    same = {keys[0]: statement.excluded[keys[0]]}
    upsert = statement.on_conflict_do_update(index_elements=list(keys), set_=same)
    return upsert.returning(*(table.c[name] for name in returning))


async def upsert_returning_id(
    session: AsyncSession, model: type[SQLModel], row: dict[str, Any], keys: Sequence[str]
) -> int:
    """Insert `row` unless one with the same `keys` exists; return that row's `id` either way."""
    statement = upsert_returning(_dialect_name(session), table_of(model), tuple(keys), ("id",))
    return int((await session.execute(statement, [row])).scalar_one())

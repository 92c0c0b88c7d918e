"""Dialect-aware INSERT … ON CONFLICT helpers (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel


def _insert(session: AsyncSession, table: Table) -> Any:
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)


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
        _insert(session, table_of(model))
        .values(list(rows))
        .on_conflict_do_nothing(index_elements=list(keys))
    )
    result = await session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)


async def upsert_returning_id(
    session: AsyncSession, model: type[SQLModel], row: dict[str, Any], keys: Sequence[str]
) -> int:
    """Insert `row` unless one with the same `keys` exists; return that row's `id` either way."""
    table = table_of(model)
    statement = _insert(session, table).values(row)
    same = {keys[0]: statement.excluded[keys[0]]}  # a no-op update makes RETURNING see the row
    statement = statement.on_conflict_do_update(index_elements=list(keys), set_=same)
    return int((await session.execute(statement.returning(table.c.id))).scalar_one())

"""Finding a person's traces in every table of the database, on any backend."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import Session


def _table_names(connection: Connection) -> list[str]:
    return inspect(connection).get_table_names()


def _session_table_names(session: Session) -> list[str]:
    return _table_names(session.connection())


async def traces(
    db: AsyncConnection | AsyncSession, user_id: int, texts: Iterable[str]
) -> list[tuple[str, str, Any]]:
    """Every (table, column, value) holding `user_id` or one of `texts`, in every table the
    database has (also those outside storage.models), read raw as the backend stores it."""
    if isinstance(db, AsyncSession):
        await db.flush()
        tables = await db.run_sync(_session_table_names)
    else:
        tables = await db.run_sync(_table_names)
    wanted = (str(user_id), *texts)
    found = []
    for table in tables:
        for row in (await db.execute(text(f'SELECT * FROM "{table}"'))).mappings():
            for column, value in row.items():
                if value == user_id or (
                    isinstance(value, str) and any(part in value for part in wanted)
                ):
                    found.append((table, str(column), value))
    return found

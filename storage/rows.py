"""Writing one ORM row."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

Row = TypeVar("Row", bound=SQLModel)


async def stored(session: AsyncSession, row: Row) -> Row:
    """`row` added to the session and flushed (so its id is set), then returned."""
    session.add(row)
    await session.flush()
    return row

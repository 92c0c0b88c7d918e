"""Writing one ORM row, reading the rows a condition selects, and counting what changed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnExpressionArgument, Result, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, select

Row = TypeVar("Row", bound=SQLModel)


async def stored(session: AsyncSession, row: Row) -> Row:
    """`row` added to the session and flushed (so its id is set), then returned."""
    session.add(row)
    await session.flush()
    return row


async def listed(
    session: AsyncSession,
    model: type[Row],
    *where: ColumnExpressionArgument[bool],
    order_by: Sequence[ColumnExpressionArgument[Any]] = (),
) -> list[Row]:
    """Every `model` row meeting all of `where`, in `order_by` order."""
    statement = select(model).where(*where).order_by(*order_by)
    return list((await session.scalars(statement)).all())


async def counted(session: AsyncSession, *where: ColumnExpressionArgument[bool]) -> int:
    """How many rows meet all of `where` (of the one table they name)."""
    return int(await session.scalar(select(func.count()).where(*where)) or 0)


def changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE `result` changed (0 if the driver does not say)."""
    return int(getattr(result, "rowcount", 0) or 0)

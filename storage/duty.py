"""Staff on duty: who is present in which window of a group's session day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import DutyShift
from storage.rows import changed, stored


async def shift(
    session: AsyncSession, *, group_id: int, day: date, window_index: int
) -> DutyShift | None:
    """The shift of one window, if someone has taken it."""
    statement = select(DutyShift).where(
        col(DutyShift.group_id) == group_id,
        col(DutyShift.day) == day,
        col(DutyShift.window_index) == window_index,
    )
    return await session.scalar(statement)


async def take(
    session: AsyncSession,
    *,
    group_id: int,
    day: date,
    window_index: int,
    user_id: int,
    first_name: str,
    show_name: bool,
    now: datetime,
) -> DutyShift:
    """Put `user_id` on duty in the window (replacing whoever had it)."""
    row = await shift(session, group_id=group_id, day=day, window_index=window_index)
    row = row or DutyShift(
        group_id=group_id, day=day, window_index=window_index, user_id=user_id, taken_at=now
    )
    row.user_id, row.first_name, row.show_name, row.taken_at = user_id, first_name, show_name, now
    return await stored(session, row)


async def give_up(
    session: AsyncSession, *, group_id: int, day: date, window_index: int, user_id: int
) -> bool:
    """Take `user_id` off duty in the window; False if they were not on duty there."""
    result = await session.execute(
        delete(DutyShift).where(
            col(DutyShift.group_id) == group_id,
            col(DutyShift.day) == day,
            col(DutyShift.window_index) == window_index,
            col(DutyShift.user_id) == user_id,
        )
    )
    return changed(result) != 0


async def shifts_between(
    session: AsyncSession, *, group_id: int, start: date, end: date
) -> list[DutyShift]:
    """Shifts with start <= day <= end, by day and window."""
    statement = (
        select(DutyShift)
        .where(col(DutyShift.group_id) == group_id)
        .where(col(DutyShift.day) >= start, col(DutyShift.day) <= end)
        .order_by(col(DutyShift.day), col(DutyShift.window_index))
    )
    return list((await session.scalars(statement)).all())


async def uses_roster(session: AsyncSession, *, group_id: int) -> bool:
    """Whether the group keeps a duty roster at all (someone has ever taken a shift)."""
    statement = select(col(DutyShift.id)).where(col(DutyShift.group_id) == group_id).limit(1)
    return await session.scalar(statement) is not None

"""Prompts of session days written by staff in the chat (`/teksti`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import CustomPrompt
from storage.rows import stored


async def prompt_for(session: AsyncSession, *, group_id: int, day: date) -> CustomPrompt | None:
    """The custom prompt of a group's session day, if staff wrote one."""
    statement = select(CustomPrompt).where(
        col(CustomPrompt.group_id) == group_id, col(CustomPrompt.day) == day
    )
    return await session.scalar(statement)


async def set_prompt(
    session: AsyncSession,
    *,
    group_id: int,
    day: date,
    text: str,
    author_user_id: int | None,
    now: datetime,
) -> CustomPrompt:
    """Store (or replace) the day's prompt with its author and time."""
    row = await prompt_for(session, group_id=group_id, day=day)
    row = row or CustomPrompt(group_id=group_id, day=day, text=text, updated_at=now)
    row.text, row.author_user_id, row.updated_at = text, author_user_id, now
    return await stored(session, row)


async def days_with_prompt(
    session: AsyncSession, *, group_id: int, days: Iterable[date]
) -> set[date]:
    """Which of `days` have a custom prompt."""
    wanted = list(days)
    if not wanted:
        return set()
    statement = select(col(CustomPrompt.day)).where(
        col(CustomPrompt.group_id) == group_id, col(CustomPrompt.day).in_(wanted)
    )
    return set((await session.scalars(statement)).all())

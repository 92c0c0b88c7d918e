"""Help requests ("Pyydä apua"): who asked staff to contact them, and when it was handled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import HelpRequest
from storage.rows import changed, counted, listed, stored

OPEN, HANDLED = "open", "handled"


async def open_request(
    session: AsyncSession, *, user_id: int, group_id: int | None, language: str, now: datetime
) -> HelpRequest:
    """The user's open request (one at a time: asking again keeps the first)."""
    existing = await session.scalar(
        select(HelpRequest).where(
            col(HelpRequest.user_id) == user_id, col(HelpRequest.status) == OPEN
        )
    )
    if existing is not None:
        return existing
    row = HelpRequest(user_id=user_id, group_id=group_id, language=language, created_at=now)
    return await stored(session, row)


async def open_requests(session: AsyncSession) -> list[HelpRequest]:
    """Every open request, oldest first."""
    oldest_first = [col(HelpRequest.created_at), col(HelpRequest.id)]
    return await listed(
        session, HelpRequest, col(HelpRequest.status) == OPEN, order_by=oldest_first
    )


async def count_open(session: AsyncSession, *, group_id: int) -> int:
    """How many of the group's help requests wait for staff."""
    return await counted(
        session, col(HelpRequest.group_id) == group_id, col(HelpRequest.status) == OPEN
    )


async def mark_handled(
    session: AsyncSession, *, request_id: int, by: int, now: datetime
) -> HelpRequest | None:
    """Mark an open request handled; None when it is not open (or unknown)."""
    row = await session.get(HelpRequest, request_id)
    if row is None or row.status != OPEN:
        return None
    row.status, row.handled_at, row.handled_by = HANDLED, now, by
    return await stored(session, row)


async def purge(session: AsyncSession, *, before: datetime) -> int:
    """Delete requests made before `before` (retention); returns how many."""
    result = await session.execute(delete(HelpRequest).where(col(HelpRequest.created_at) < before))
    return changed(result)


async def forget_user(session: AsyncSession, *, user_id: int) -> None:
    """Delete a user's requests (/forget)."""
    await session.execute(delete(HelpRequest).where(col(HelpRequest.user_id) == user_id))

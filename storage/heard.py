"""Who has been heard: members and contributors per municipality (for staff's nudge)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import Contribution, Member


async def members_by_municipality(session: AsyncSession, *, group_id: int) -> dict[str, int]:
    """Members (not staff, not forgotten) per stated municipality."""
    statement = (
        select(col(Member.municipality), func.count())
        .where(col(Member.group_id) == group_id, col(Member.municipality).is_not(None))
        .where(col(Member.is_staff).is_(False), col(Member.forgotten).is_(False))
        .group_by(col(Member.municipality))
    )
    return {str(name): int(n) for name, n in (await session.execute(statement)).all()}


async def heard_municipalities(
    session: AsyncSession, *, group_id: int, theme_key: str, start: datetime, end: datetime
) -> set[str]:
    """Municipalities with at least one member contribution on the theme sent in [start, end)."""
    statement = (
        select(col(Member.municipality))
        .join(Contribution, col(Contribution.member_id) == col(Member.id))
        .where(col(Contribution.group_id) == group_id, col(Contribution.is_staff).is_(False))
        .where(col(Contribution.theme_key) == theme_key, col(Member.municipality).is_not(None))
        .where(col(Contribution.sent_at) >= start, col(Contribution.sent_at) < end)
        .distinct()
    )
    return {str(name) for name in (await session.scalars(statement)).all()}

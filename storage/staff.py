"""Staff members known to the bot, and their monthly-digest subscription."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import Staff
from storage.rows import listed, stored
from storage.upsert import insert_ignore


async def set_subscribed(
    session: AsyncSession, *, user_id: int, subscribed: bool, language: str, now: datetime
) -> None:
    """Opt a staff member in or out of the monthly digest."""
    row = {
        "user_id": user_id,
        "language": language,
        "digest_subscribed": False,
        "started_bot": True,
        "created_at": now,
    }
    await insert_ignore(session, Staff, [row], ["user_id"])
    staff = await session.get(Staff, user_id)
    assert staff is not None
    staff.digest_subscribed, staff.language = subscribed, language
    await stored(session, staff)


async def subscribers(session: AsyncSession) -> list[Staff]:
    """Staff who want last month's digest on the 1st."""
    return await listed(session, Staff, col(Staff.digest_subscribed).is_(True))

"""Members of groups."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NotRequired, TypedDict, Unpack

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import Group, Member
from storage.upsert import upsert_returning_id


class Sighting(TypedDict):
    """A user seen in a group at `now` (with the language and staff flag a new member gets)."""

    group_id: int
    user_id: int
    now: datetime
    language: NotRequired[str]
    is_staff: NotRequired[bool]


async def ensure(session: AsyncSession, **seen: Unpack[Sighting]) -> Member:
    """The member row for (group, user), created on first sight."""
    member = await session.get(Member, await ensure_id(session, **seen))
    if member is None:  # pragma: no cover — the upsert above guarantees a row
        raise LookupError(f"member {seen['user_id']} of group {seen['group_id']} vanished")
    return member


async def ensure_id(session: AsyncSession, **seen: Unpack[Sighting]) -> int:
    """The member id for (group, user), created on first sight — one statement."""
    return await upsert_returning_id(session, Member, first_sight(**seen), ["group_id", "user_id"])


def first_sight(
    *, group_id: int, user_id: int, now: datetime, language: str = "fi", is_staff: bool = False
) -> dict[str, Any]:
    """The row of a member seen for the first time (no consent yet)."""
    return {
        "group_id": group_id,
        "user_id": user_id,
        "language": language,
        "consent": "unknown",
        "is_staff": is_staff,
        "forgotten": False,
        "joined_at": now,
    }


async def get(session: AsyncSession, *, group_id: int, user_id: int) -> Member | None:
    """The member row, if the user has been seen in the group."""
    statement = select(Member).where(
        col(Member.group_id) == group_id, col(Member.user_id) == user_id
    )
    return await session.scalar(statement)


async def places(session: AsyncSession, *, user_id: int) -> list[tuple[Group, Member]]:
    """The groups the user is a (not forgotten) member of, with the member rows, by key."""
    statement = (
        select(Group, Member)
        .join(Member, col(Member.group_id) == col(Group.id))
        .where(col(Member.user_id) == user_id, col(Member.forgotten).is_(False))
        .order_by(col(Group.key))
    )
    return [(group, member) for group, member in (await session.execute(statement)).all()]

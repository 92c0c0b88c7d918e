"""The audit log of moderation and staff actions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import ModerationAction
from storage.rows import stored


async def record(
    session: AsyncSession,
    *,
    action: str,
    now: datetime,
    group_id: int | None = None,
    actor_user_id: int | None = None,
    target_user_id: int | None = None,
    reason: str = "",
    message_id: int | None = None,
    outcome: str = "done",
) -> ModerationAction:
    """Write one audit entry (who, what, when, why, with what outcome)."""
    entry = ModerationAction(
        group_id=group_id,
        actor_user_id=actor_user_id,
        target_user_id=target_user_id,
        action=action,
        reason=reason[:500],
        message_id=message_id,
        outcome=outcome,
        created_at=now,
    )
    return await stored(session, entry)


async def recent(
    session: AsyncSession, *, group_id: int | None, limit: int = 20
) -> list[ModerationAction]:
    """The newest entries, for a group or for every group."""
    return await newest(session, group_ids=None if group_id is None else [group_id], limit=limit)


async def newest(
    session: AsyncSession, *, group_ids: list[int] | None, limit: int
) -> list[ModerationAction]:
    """The newest `limit` entries: of these groups, or of every group (None)."""
    statement = select(ModerationAction).order_by(col(ModerationAction.id).desc()).limit(limit)
    if group_ids is not None:
        statement = statement.where(col(ModerationAction.group_id).in_(group_ids))
    return list((await session.scalars(statement)).all())

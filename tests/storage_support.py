"""Storage openings the integration tests share: a registered group, a stored message."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage import contributions, groups


async def registered_group_id(
    db: AsyncSession, *, chat_id: int, now: datetime, key: str = "g", audience: str = "parents"
) -> int:
    """Register a group (parents' unless said) on `chat_id` and return its id."""
    group = await groups.register(db, key=key, audience=audience, chat_id=chat_id, now=now)
    assert group.id is not None
    return group.id


async def stored_message(
    db: AsyncSession, *, group_id: int, chat_id: int, message_id: int, at: datetime, **fields: Any
) -> None:
    """A group message sent and stored at `at` (`fields`: text, member_id, flags...)."""
    await contributions.record(
        db,
        group_id=group_id,
        chat_id=chat_id,
        message_id=message_id,
        sent_at=at,
        stored_at=at,
        **fields,
    )

"""Forum topics per theme."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import ForumTopic
from storage.rows import stored


async def thread_for(session: AsyncSession, *, group_id: int, theme_key: str) -> int | None:
    """The topic's message_thread_id for a theme, if created."""
    statement = select(ForumTopic.thread_id).where(
        col(ForumTopic.group_id) == group_id, col(ForumTopic.theme_key) == theme_key
    )
    return await session.scalar(statement)


async def remember(
    session: AsyncSession, *, group_id: int, theme_key: str, thread_id: int
) -> None:
    """Store the topic created for a theme."""
    await stored(session, ForumTopic(group_id=group_id, theme_key=theme_key, thread_id=thread_id))

"""Queries on groups."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import Group
from storage.rows import stored


class GroupKeyTaken(Exception):
    """Another chat is already registered under this key."""


async def by_chat(session: AsyncSession, *, chat_id: int) -> Group | None:
    """The group registered for a Telegram chat, if any."""
    return await session.scalar(select(Group).where(col(Group.chat_id) == chat_id))


async def by_key(session: AsyncSession, *, key: str) -> Group | None:
    """The group with this key, if any."""
    return await session.scalar(select(Group).where(col(Group.key) == key))


async def all_groups(session: AsyncSession) -> list[Group]:
    """Every registered group, by key."""
    return list((await session.scalars(select(Group).order_by(col(Group.key)))).all())


async def register(
    session: AsyncSession,
    *,
    key: str,
    audience: str,
    chat_id: int | None,
    now: datetime,
    title: str = "",
    language: str = "fi",
    timezone: str = "Europe/Helsinki",
    lock_between_sessions: bool = True,
    is_forum: bool = False,
) -> Group:
    """Create or update the group `key` for `chat_id`; raise GroupKeyTaken on a clash."""
    existing = await by_key(session, key=key)
    if existing and chat_id is not None and existing.chat_id not in (None, chat_id):
        raise GroupKeyTaken(key)
    by_this_chat = await by_chat(session, chat_id=chat_id) if chat_id is not None else None
    group = existing or by_this_chat or Group(key=key, audience=audience, created_at=now)
    group.key, group.audience, group.chat_id = key, audience, chat_id
    group.title = title or group.title
    group.language, group.timezone = language, timezone
    group.lock_between_sessions, group.is_forum = lock_between_sessions, is_forum
    return await stored(session, group)

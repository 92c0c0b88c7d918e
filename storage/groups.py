"""Queries on groups."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col, select

from storage import audit, outbox
from storage.models import Contribution, Group, ModerationAction, Reaction, Report
from storage.rows import changed, listed, stored
from storage.upsert import table_of

MIGRATED = "group-migrated"
#: Tables whose rows name their chat (with a message id in it); the others follow `group_id`.
CHAT_KEYED: tuple[type[SQLModel], ...] = (Contribution, Reaction, Report)


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
    return await listed(session, Group, order_by=[col(Group.key)])


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
        if not await _migrated(session, group=existing, old_chat_id=chat_id):
            raise GroupKeyTaken(key)
        chat_id = existing.chat_id  # declared with the id its group had before the upgrade
    by_this_chat = await by_chat(session, chat_id=chat_id) if chat_id is not None else None
    group = existing or by_this_chat or Group(key=key, audience=audience, created_at=now)
    group.key, group.audience, group.chat_id = key, audience, chat_id
    group.title = title or group.title
    group.language, group.timezone = language, timezone
    group.lock_between_sessions, group.is_forum = lock_between_sessions, is_forum
    return await stored(session, group)


def migration_note(*, old_chat_id: int, new_chat_id: int) -> str:
    """The audit reason of a move: both chat ids."""
    return f"chat {old_chat_id} -> {new_chat_id}"


async def migrate_chat(
    session: AsyncSession, *, old_chat_id: int, new_chat_id: int, now: datetime
) -> Group | None:
    """Move the group of `old_chat_id` (a group upgraded to a supergroup) to `new_chat_id`.

    The registration, the history (contributions, reactions, reports) and the queued sends
    move in the caller's transaction, with a `group-migrated` audit entry; the plan, window
    actions, members and the rest follow the group's id and need no change. Idempotent: once
    moved (by the other service message, or another instance), nothing happens again. A
    message id already stored under the new chat keeps its row, and the old chat's row with
    that id stays under the old chat id (never a clash). Returns the group now on
    `new_chat_id`, or None when neither chat is registered.
    """
    moved = await session.execute(
        update(Group)
        .where(col(Group.chat_id) == old_chat_id)
        .values(chat_id=new_chat_id)
        .execution_options(synchronize_session=False)
    )
    group = await session.scalar(
        select(Group)
        .where(col(Group.chat_id) == new_chat_id)
        .execution_options(populate_existing=True)  # a copy read before the update is stale
    )
    if not changed(moved) or group is None:
        return group
    for model in CHAT_KEYED:
        await _move_rows(session, model, old_chat_id=old_chat_id, new_chat_id=new_chat_id)
    await outbox.move_chat(session, old_chat_id=old_chat_id, new_chat_id=new_chat_id)
    note = migration_note(old_chat_id=old_chat_id, new_chat_id=new_chat_id)
    await audit.record(session, action=MIGRATED, now=now, group_id=group.id, reason=note)
    return group


async def _move_rows(
    session: AsyncSession, model: type[SQLModel], *, old_chat_id: int, new_chat_id: int
) -> None:
    table = table_of(model)
    taken = table.alias("taken")
    clash = exists().where(
        taken.c.chat_id == new_chat_id, taken.c.message_id == table.c.message_id
    )
    await session.execute(
        update(table).where(table.c.chat_id == old_chat_id, ~clash).values(chat_id=new_chat_id)
    )


async def _migrated(session: AsyncSession, *, group: Group, old_chat_id: int) -> bool:
    """Whether `group` moved from `old_chat_id` to the chat it is on now."""
    assert group.chat_id is not None
    note = migration_note(old_chat_id=old_chat_id, new_chat_id=group.chat_id)
    found = await session.scalar(
        select(col(ModerationAction.id)).where(
            col(ModerationAction.group_id) == group.id,
            col(ModerationAction.action) == MIGRATED,
            col(ModerationAction.reason) == note,
        )
    )
    return found is not None

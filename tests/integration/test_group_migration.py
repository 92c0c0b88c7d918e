"""storage.groups.migrate_chat on SQLite and PostgreSQL: what moves, what stays, once."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import groups, outbox
from storage.db import transaction
from storage.outbox import Call
from tests.storage_support import registered_group_id, stored_message

NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
OLD, NEW = -4000000001, -1001000000002


async def registered_with_history(sessions: async_sessionmaker[AsyncSession]) -> int:
    """The parents' group on OLD with messages 1 and 2 stored and a reply queued to OLD."""
    async with transaction(sessions) as db:
        group_id = await registered_group_id(db, key="parents", chat_id=OLD, now=NOW)
        for message_id in (1, 2):
            await stored_message(
                db, group_id=group_id, chat_id=OLD, message_id=message_id, at=NOW, text="viesti"
            )
        fallback = Call("sendMessage", {"chat_id": OLD, "text": "varalla"})
        reply = Call("sendMessage", {"chat_id": OLD, "text": "vastaus"}, fallback=fallback)
        await outbox.put(db, reply, now=NOW)
        return group_id


async def rows(sessions: async_sessionmaker[AsyncSession], sql: str) -> list[tuple[object, ...]]:
    async with sessions() as db:
        return [tuple(row) for row in (await db.execute(text(sql))).all()]


async def test_move_readdresses_queued_sends_and_is_done_once(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """Queued sends (and their fallbacks) go to the new chat; a second move changes nothing."""
    group_id = await registered_with_history(sessions)
    for _ in range(2):
        async with transaction(sessions) as db:
            moved = await groups.migrate_chat(db, old_chat_id=OLD, new_chat_id=NEW, now=NOW)
            assert moved is not None and (moved.id, moved.chat_id) == (group_id, NEW)
    ((chat_id, params, fallback),) = await rows(
        sessions, "SELECT chat_id, params, fallback FROM outbox"
    )
    assert (chat_id, json.loads(str(params))["chat_id"]) == (NEW, NEW)
    assert Call.from_json(str(fallback)).params["chat_id"] == NEW
    assert await rows(
        sessions, "SELECT count(*) FROM moderation_actions WHERE action = 'group-migrated'"
    ) == [(1,)]


async def test_a_message_id_taken_in_the_new_chat_keeps_both_rows(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """A row whose message id is already stored under the new chat stays under the old one."""
    group_id = await registered_with_history(sessions)
    async with transaction(sessions) as db:
        await stored_message(db, group_id=group_id, chat_id=NEW, message_id=2, at=NOW)
        await groups.migrate_chat(db, old_chat_id=OLD, new_chat_id=NEW, now=NOW)
    assert await rows(
        sessions, "SELECT chat_id, message_id FROM contributions ORDER BY message_id, chat_id"
    ) == [(NEW, 1), (NEW, 2), (OLD, 2)]


async def test_unknown_chats_move_nothing(sessions: async_sessionmaker[AsyncSession]) -> None:
    """An upgrade of a chat no group is registered on is a no-op without an audit entry."""
    async with transaction(sessions) as db:
        assert await groups.migrate_chat(db, old_chat_id=OLD, new_chat_id=NEW, now=NOW) is None
    assert await rows(sessions, "SELECT count(*) FROM moderation_actions") == [(0,)]


async def test_declared_old_chat_id_keeps_the_moved_group(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """A TOML still naming the old chat id re-registers the moved group on its new id."""
    await registered_with_history(sessions)
    async with transaction(sessions) as db:
        await groups.migrate_chat(db, old_chat_id=OLD, new_chat_id=NEW, now=NOW)
    async with transaction(sessions) as db:
        group = await groups.register(db, key="parents", audience="parents", chat_id=OLD, now=NOW)
    assert group.chat_id == NEW

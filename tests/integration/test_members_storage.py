"""Consent-flow storage on SQLite and PostgreSQL: erasure, retention, waiting list, migration."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from alembic import command
from sqlalchemy import inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import ManualClock
from storage import (
    audit,
    consent,
    contributions,
    groups,
    inbox,
    members,
    members_queries,
    migrate,
    moderation,
    retention,
)
from storage.db import transaction
from storage.models import Contribution, Group
from tests.storage_support import registered_group_id, stored_message
from tests.traces import traces

ME, OTHER = 777_000_222, 1_001
MY_TEXTS = ("minun ensimmäinen", "minun korjattu", "minun syyni")


async def _group(db: AsyncSession, key: str, chat_id: int, now: datetime) -> Group:
    return await groups.register(db, key=key, audience="parents", chat_id=chat_id, now=now)


async def _say(
    db: AsyncSession, group: Group, user_id: int, message_id: int, text: str, at: datetime
) -> None:
    assert group.id is not None and group.chat_id is not None
    member = await members.ensure(db, group_id=group.id, user_id=user_id, now=at)
    await stored_message(
        db, group_id=group.id, chat_id=group.chat_id, message_id=message_id, at=at,
        member_id=member.id, text=text,
    )  # fmt: skip


async def _everything_about_me(db: AsyncSession, now: datetime) -> None:
    """The user appears in every kind of row the bot writes."""
    parents = await _group(db, "parents", -100_1, now)
    youth = await _group(db, "youth", -100_2, now)
    assert parents.id is not None and youth.id is not None
    await _say(db, parents, ME, 1, "minun ensimmäinen", now)
    await _say(db, parents, OTHER, 2, "toisen viesti", now)
    await contributions.record_edit(
        db, chat_id=-100_1, message_id=1, text="minun korjattu", edited_at=now
    )
    mine = await members.get(db, group_id=parents.id, user_id=ME)
    assert mine is not None and mine.id is not None
    await consent.decide(
        db, member=mine, decision=consent.GIVEN, notice_version="n1-x", language="fi", now=now
    )
    await moderation.warn(
        db, group_id=parents.id, member_id=mine.id, reason="", given_by=OTHER, now=now
    )
    await contributions.set_user_reactions(
        db, chat_id=-100_1, message_id=2, user_id=ME, emojis=["👍"], now=now
    )
    await moderation.add_report(
        db,
        group_id=parents.id,
        chat_id=-100_1,
        message_id=2,
        reporter_user_id=ME,
        author_user_id=OTHER,
        reason="minun syyni",
        now=now,
    )
    await audit.record(db, action="warn", now=now, actor_user_id=OTHER, target_user_id=ME)
    await audit.record(db, action="report", now=now, actor_user_id=ME, reason="minun syyni")
    await members_queries.enqueue(db, group_id=youth.id, user_id=ME, language="fi", now=now)
    await members_queries.start_dialogue(
        db,
        group_id=youth.id,
        user_id=ME,
        kind="join",
        language="fi",
        notice_version="n1-x",
        now=now,
    )
    raw = json.dumps({"update_id": 5, "message": {"from": {"id": ME}, "text": "minun syyni"}})
    await inbox.store(db, updates=[(5, raw), (6, json.dumps({"update_id": 6}))], now=now)
    for update_id in (5, 6):
        await inbox.mark_failed(db, update_id=update_id, error="boom", now=now)


async def test_forget_user_leaves_nothing_in_any_table(
    sessions: async_sessionmaker[AsyncSession], clock: ManualClock
) -> None:
    """forget_user erases the user's ids and texts in every table and keeps others' rows."""
    async with transaction(sessions) as db:
        await _everything_about_me(db, clock())
        assert len(await traces(db, ME, MY_TEXTS)) >= 10
        assert await retention.forget_user(db, user_id=ME, now=clock()) == 1
    async with sessions() as db:
        assert await traces(db, ME, MY_TEXTS) == []
        texts = (await db.scalars(select(Contribution.text).order_by(Contribution.id))).all()
        assert list(texts) == [None, "toisen viesti"]
        assert [row.update_id for row in await inbox.failed(db)] == [6]


async def test_purge_erases_only_texts_older_than_retention(
    sessions: async_sessionmaker[AsyncSession], clock: ManualClock
) -> None:
    """Texts older than the cutoff become NULL with their edit history; newer ones stay."""
    now = clock()
    async with transaction(sessions) as db:
        group = await _group(db, "parents", -100_1, now)
        await _say(db, group, OTHER, 1, "vanha", now - timedelta(days=400))
        await _say(db, group, OTHER, 2, "uusi", now - timedelta(days=300))
        await contributions.record_edit(
            db, chat_id=-100_1, message_id=1, text="vanha 2", edited_at=now - timedelta(days=399)
        )
        cutoff = retention.months_before(now, 12)
        assert await retention.purge_texts(db, before=cutoff) == 1
        assert await retention.purge_texts(db, before=cutoff) == 0
    async with sessions() as db:
        rows = (await db.scalars(select(Contribution).order_by(Contribution.message_id))).all()
        assert [(row.text, row.sent_at < cutoff) for row in rows] == [
            (None, True),
            ("uusi", False),
        ]
        assert await retention.export_user(db, user_id=OTHER) is not None


async def test_waiting_list_keeps_order_and_lapses_old_offers(
    sessions: async_sessionmaker[AsyncSession], clock: ManualClock
) -> None:
    """First come first served; an offer older than the hold time drops out of the list."""
    now = clock()
    async with transaction(sessions) as db:
        group_id = await registered_group_id(db, key="parents", chat_id=-100_1, now=now)
        first = await members_queries.enqueue(
            db, group_id=group_id, user_id=1, language="fi", now=now
        )
        second = await members_queries.enqueue(
            db, group_id=group_id, user_id=2, language="sv", now=now + timedelta(minutes=1)
        )
        again = await members_queries.enqueue(
            db, group_id=group_id, user_id=1, language="fi", now=now
        )
        assert again.id == first.id
        assert [await members_queries.position(db, e) for e in (first, second)] == [1, 2]
        first.offered_at = now
        db.add(first)
        await db.flush()
        held = await members_queries.active_offers(
            db, group_id=group_id, since=now - timedelta(days=7), other_than=0
        )
        assert held == 1
        lapsed = await members_queries.lapse_offers(
            db, group_id=group_id, before=now + timedelta(days=1)
        )
        assert lapsed == 1
        remaining = await members_queries.waiting_list(db, group_id=group_id)
        assert [e.user_id for e in remaining] == [2]


async def test_migration_0002_downgrades_and_upgrades(engine: AsyncEngine) -> None:
    """Revision 0002 can be undone to 0001 and applied again."""

    def tables(connection: Connection) -> set[str]:
        return set(inspect(connection).get_table_names())

    def downgrade(connection: Connection) -> None:
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")

    new = {"join_dialogues", "waiting_list", "warnings", "reports", "group_notices"}
    async with engine.begin() as connection:
        assert new <= await connection.run_sync(tables)
        await connection.run_sync(downgrade)
        assert not new & await connection.run_sync(tables)
    await migrate.upgrade(engine)
    async with engine.connect() as connection:
        assert new <= await connection.run_sync(tables)

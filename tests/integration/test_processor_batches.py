"""The update processor's shared transactions, on SQLite and PostgreSQL: bulk claims, a commit
after every outgoing call, and failures isolated to the update that caused them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from aiogram import Bot, Dispatcher, Router
from aiogram.types import Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from bot.clock import ManualClock
from bot.processing import UpdateProcessor
from storage import inbox
from storage.db import transaction
from storage.models import InboxUpdate
from tests.integration.test_deferred_writes import log, stored
from tests.storage_support import registered_group_id

NOW = datetime(2026, 12, 8, 7, 0, tzinfo=UTC)
CHAT = -100


def update(update_id: int, text: str) -> tuple[int, str]:
    """A stored (update_id, JSON) pair: member 7's group message `text`."""
    body = {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int((NOW + timedelta(seconds=update_id)).timestamp()),
            "chat": {"id": CHAT, "type": "supergroup", "title": "Neuvonantajat"},
            "from": {"id": 7, "is_bot": False, "first_name": "Aino"},
            "text": text,
        },
    }
    return update_id, json.dumps(body)


class Harness:
    """A processor whose only handler logs each message; texts steer what else it does."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], group_id: int) -> None:
        self.sessions = sessions
        self.group_id = group_id
        self.outgoing = 0
        self.seen: list[int] = []
        self.done_when_seen: dict[int, set[int]] = {}
        router = Router()
        router.message()(self.on_message)
        dispatcher = Dispatcher()
        dispatcher.include_router(router)
        self.processor = UpdateProcessor(
            bot=Bot("1:processor-test-token"),
            dispatcher=dispatcher,
            sessions=sessions,
            clock=ManualClock(NOW),
            batch=100,
            outgoing_calls=lambda: self.outgoing,
        )

    async def on_message(self, event: Message, db: AsyncSession) -> None:
        """Log the message; "call" counts as a Bot API call, "boom" raises, "orphan" queues
        a row the database refuses (its session day does not exist)."""
        self.seen.append(event.message_id)
        self.done_when_seen[event.message_id] = await self.done_elsewhere()
        if event.text == "boom":
            raise RuntimeError("handler failed")
        extra = {"session_day_id": 999} if event.text == "orphan" else {}
        log(db, self.group_id, event.message_id, **extra)
        if event.text == "call":
            self.outgoing += 1

    async def done_elsewhere(self) -> set[int]:
        """Update ids another connection already sees as done (committed)."""
        statement = select(col(InboxUpdate.update_id)).where(col(InboxUpdate.status) == inbox.DONE)
        async with self.sessions() as db:
            return {int(n) for n in (await db.scalars(statement)).all()}

    async def run(self, texts: list[str]) -> None:
        """Store one update per text (ids from 1) and drain the inbox."""
        await self.processor.store_raw([update(n, text) for n, text in enumerate(texts, 1)])
        await self.processor.drain()


async def harness(sessions: async_sessionmaker[AsyncSession]) -> Harness:
    """A harness with its group registered."""
    async with transaction(sessions) as db:
        group_id = await registered_group_id(db, chat_id=CHAT, now=NOW)
    return Harness(sessions, group_id)


async def test_an_outgoing_call_is_committed_before_the_next_update(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """After an update that called Telegram, its claim is committed before the next runs; the
    rest of the batch is released and handled after, each exactly once, in order."""
    h = await harness(sessions)
    await h.run(["a", "b", "call", "c", "d"])
    assert h.seen == [1, 2, 3, 4, 5]
    assert h.done_when_seen[3] == set()
    assert h.done_when_seen[4] == {1, 2, 3}
    assert [m for m, _ in await stored(sessions)] == [1, 2, 3, 4, 5]
    async with sessions() as db:
        assert await inbox.counts(db) == {"done": 5}
    assert (h.processor.handled, h.processor.failed) == (5, 0)


async def test_a_failing_handler_fails_alone(sessions: async_sessionmaker[AsyncSession]) -> None:
    """A handler error marks only its update failed; the others in the batch are stored once."""
    h = await harness(sessions)
    await h.run(["a", "boom", "c"])
    assert [m for m, _ in await stored(sessions)] == [1, 3]
    async with sessions() as db:
        assert await inbox.counts(db) == {"done": 2, "failed": 1}
        (failed,) = await inbox.failed(db)
    assert failed.update_id == 2 and "RuntimeError" in (failed.error or "")
    assert (h.processor.handled, h.processor.failed) == (2, 1)


async def test_a_write_refused_at_commit_fails_only_its_update(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """A deferred row the database refuses at commit is pinned on its own update, which is kept
    with the error for replay; every other message of the batch is stored exactly once."""
    h = await harness(sessions)
    await h.run(["a", "b", "orphan", "d"])
    assert [m for m, _ in await stored(sessions)] == [1, 2, 4]
    async with sessions() as db:
        assert await inbox.counts(db) == {"done": 3, "failed": 1}
        (failed,) = await inbox.failed(db)
    assert failed.update_id == 3 and "IntegrityError" in (failed.error or "")
    assert failed.payload, "the raw update is kept for neuvo replay"

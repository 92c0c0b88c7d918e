"""The outbox sender: per-chat order, concurrency across chats, and failure handling."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.methods import DeleteMessage, SendMessage, TelegramMethod
from aiogram.types import Chat, Message
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import ManualClock
from bot.outbox import OutboxSender, as_call
from storage import outbox
from storage.db import transaction
from storage.outbox import Call

GROUP, ALICE, BOB = -100, 11, 22


class ScriptedBot(Bot):
    """Records calls; `errors[chat]` fails that chat's next calls; `gates[chat]` holds them."""

    def __init__(self) -> None:
        super().__init__(token="123456:scripted")
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.errors: dict[int, list[Exception]] = {}
        self.gates: dict[int, asyncio.Event] = {}

    async def __call__(
        self, method: TelegramMethod[Any], request_timeout: int | None = None
    ) -> Any:
        chat_id = int(getattr(method, "chat_id", 0))
        if chat_id in self.gates:
            await self.gates[chat_id].wait()
        if self.errors.get(chat_id):
            raise self.errors[chat_id].pop(0)
        self.calls.append((method.__api_method__, method.model_dump(exclude_none=True)))
        if isinstance(method, SendMessage):
            chat = Chat(id=chat_id, type="private" if chat_id > 0 else "supergroup")
            return Message(message_id=len(self.calls), date=0, chat=chat, text=method.text)
        return True

    def texts(self, chat_id: int) -> list[str]:
        """Texts sent to `chat_id`, in order."""
        return [p["text"] for m, p in self.calls if m == "sendMessage" and p["chat_id"] == chat_id]


def say(chat_id: int, text: str, **kw: Any) -> Call:
    """A sendMessage call."""
    return as_call(SendMessage(chat_id=chat_id, text=text), **kw)


async def queue(
    sessions: async_sessionmaker[AsyncSession], clock: ManualClock, *calls: Call
) -> None:
    """Queue `calls` in one transaction."""
    async with transaction(sessions) as db:
        for call in calls:
            await outbox.put(db, call, now=clock())


async def drain(sender: OutboxSender) -> None:
    """Run the sender until nothing is due and no chat task runs."""
    for _ in range(500):
        await sender.dispatch_due()
        if await sender.quiet():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the outbox did not drain")


def sender_for(
    bot: Bot, sessions: async_sessionmaker[AsyncSession], clock: ManualClock, holder: str = "a"
) -> OutboxSender:
    """A sender on the test's database and clock."""
    return OutboxSender(bot=bot, sessions=sessions, clock=clock, holder=holder)


async def states(sessions: async_sessionmaker[AsyncSession]) -> list[tuple[str, str | None]]:
    """(state, last_error) of every row, oldest first."""
    async with sessions() as db:
        rows = await db.execute(text("SELECT state, last_error FROM outbox ORDER BY id"))
        return [(str(state), error) for state, error in rows]


async def test_each_chat_in_order_while_a_held_chat_waits(
    sessions: async_sessionmaker[AsyncSession], clock: ManualClock
) -> None:
    """A chat whose call hangs holds back only its own later rows; they follow in order."""
    bot = ScriptedBot()
    bot.gates[ALICE] = asyncio.Event()
    sender = sender_for(bot, sessions, clock)
    await queue(sessions, clock, say(ALICE, "a1"), say(BOB, "b1"), say(ALICE, "a2"))
    await queue(sessions, clock, say(BOB, "b2"), say(ALICE, "a3"))
    await sender.dispatch_due()
    for _ in range(200):
        if bot.texts(BOB) == ["b1", "b2"]:
            break
        await asyncio.sleep(0.01)
    assert bot.texts(BOB) == ["b1", "b2"]
    assert bot.texts(ALICE) == []
    bot.gates[ALICE].set()
    await drain(sender)
    assert bot.texts(ALICE) == ["a1", "a2", "a3"]


async def test_permanent_failure_is_kept_and_its_fallback_sent(
    sessions: async_sessionmaker[AsyncSession], clock: ManualClock
) -> None:
    """A 403 fails the row once (never retried) with its error, and its fallback is sent."""
    bot = ScriptedBot()
    bot.errors[ALICE] = [TelegramForbiddenError(SendMessage(chat_id=ALICE, text="x"), "blocked")]
    fallback = say(GROUP, "anonymous note")
    await queue(sessions, clock, say(ALICE, "private note", fallback=fallback))
    await drain(sender_for(bot, sessions, clock))
    assert bot.texts(ALICE) == []
    assert bot.texts(GROUP) == ["anonymous note"]
    rows = await states(sessions)
    assert rows[0][0] == "failed" and "blocked" in str(rows[0][1])
    assert rows[1][0] == "sent"


async def test_reply_to_a_vanished_message_is_sent_plain_once(
    sessions: async_sessionmaker[AsyncSession], clock: ManualClock
) -> None:
    """A reply whose target is gone is sent once more without the reply."""
    bot = ScriptedBot()
    gone = TelegramBadRequest(
        SendMessage(chat_id=GROUP, text="x"), "message to be replied not found"
    )
    bot.errors[GROUP] = [gone]
    reply = Call(
        "sendMessage", {"chat_id": GROUP, "text": "ok", "reply_parameters": {"message_id": 5}}
    )
    await queue(sessions, clock, reply)
    await drain(sender_for(bot, sessions, clock))
    assert bot.texts(GROUP) == ["ok"]
    assert "reply_parameters" not in bot.calls[0][1]
    assert [state for state, _ in await states(sessions)] == ["sent"]


async def test_delete_after_queues_a_delayed_delete(
    sessions: async_sessionmaker[AsyncSession], clock: ManualClock
) -> None:
    """A row with delete_after deletes the sent message only once that many seconds passed."""
    bot = ScriptedBot()
    sender = sender_for(bot, sessions, clock)
    await queue(sessions, clock, say(GROUP, "note", delete_after=60))
    await drain(sender)
    assert [m for m, _ in bot.calls] == ["sendMessage"]
    clock.advance(timedelta(seconds=59))
    await drain(sender)
    assert [m for m, _ in bot.calls] == ["sendMessage"]
    clock.advance(timedelta(seconds=1))
    await drain(sender)
    assert bot.calls[-1] == ("deleteMessage", {"chat_id": GROUP, "message_id": 1})


async def test_a_live_claim_holds_the_chat_for_other_instances(
    sessions: async_sessionmaker[AsyncSession], clock: ManualClock
) -> None:
    """Another instance takes neither a chat's claimed head nor its next row until the claim
    is stale; then it takes the head over."""
    await queue(sessions, clock, say(ALICE, "first"), say(ALICE, "second"))
    stale = clock() - timedelta(minutes=5)
    async with transaction(sessions) as db:
        taken = await outbox.claim_next(
            db, chat_id=ALICE, now=clock(), holder="a", stale_before=stale
        )
    assert taken is not None and taken.call.params["text"] == "first"
    async with transaction(sessions) as db:
        other = await outbox.claim_next(
            db, chat_id=ALICE, now=clock(), holder="b", stale_before=stale
        )
    assert other is None
    clock.advance(timedelta(minutes=6))
    async with transaction(sessions) as db:
        later = clock() - timedelta(minutes=5)
        other = await outbox.claim_next(
            db, chat_id=ALICE, now=clock(), holder="b", stale_before=later
        )
    assert other is not None and other.call.params["text"] == "first" and other.attempts == 2


async def test_sent_rows_keep_no_text_and_are_purged_after_a_day(
    sessions: async_sessionmaker[AsyncSession], clock: ManualClock
) -> None:
    """A sent row keeps neither text nor chat id, and is gone a day later."""
    bot = ScriptedBot()
    await queue(sessions, clock, say(ALICE, "salainen"))
    await drain(sender_for(bot, sessions, clock))
    async with sessions() as db:
        row = (await db.execute(text("SELECT chat_id, params FROM outbox"))).one()
    assert tuple(row) == (0, "{}")
    clock.advance(timedelta(days=1, seconds=1))
    async with transaction(sessions) as db:
        assert await outbox.purge(db, now=clock(), sent_for=timedelta(days=1)) == 1


def test_a_reply_method_round_trips_through_its_json() -> None:
    """A stored call rebuilds the same aiogram method (defaults left to the bot)."""
    method = DeleteMessage(chat_id=GROUP, message_id=9)
    call = as_call(method)
    assert Call.from_json(call.to_json()) == call
    assert call.params == {"chat_id": GROUP, "message_id": 9}

"""Replies through the outbox: handlers queue calls (`put`), the `OutboxSender` sends them.

Handling an update never waits for a chat's pace or a 429: the reply is a row written in the
update's transaction, and the sender sends each chat's rows in order, chats concurrently,
through the bot's session (so `bot.outgoing` paces and retries). Delivery is at-least-once.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import aiogram.methods
from aiogram import Bot
from aiogram.client.default import Default
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import TelegramMethod
from aiogram.types import Message
from pydantic import ValidationError
from pydantic_core import to_jsonable_python
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.outgoing import UNCOUNTED
from storage import outbox
from storage.db import transaction
from storage.outbox import Call, Queued

log = logging.getLogger(__name__)

_METHODS: dict[str, type[TelegramMethod[Any]]] = {
    api: cls
    for name in aiogram.methods.__all__
    if isinstance(cls := getattr(aiogram.methods, name), type)
    and issubclass(cls, TelegramMethod)
    and isinstance(api := getattr(cls, "__api_method__", None), str)
}
TRANSIENT = (TelegramRetryAfter, TelegramServerError, TelegramNetworkError)
REPLY_GONE = "message to be replied not found"


def _without_defaults(value: Any) -> Any:
    """`value` with aiogram's `Default(...)` placeholders left out (the bot fills them in)."""
    if isinstance(value, dict):
        return {k: _without_defaults(v) for k, v in value.items() if not isinstance(v, Default)}
    if isinstance(value, list):
        return [_without_defaults(item) for item in value]
    return value


def as_call(
    method: TelegramMethod[Any], *, delete_after: int | None = None, fallback: Call | None = None
) -> Call:
    """The method as a storable call (`message.reply(...)` gives an unawaited method)."""
    params = to_jsonable_python(_without_defaults(method.model_dump(exclude_none=True)))
    return Call(method.__api_method__, params, delete_after, fallback)


async def put(
    db: AsyncSession,
    method: TelegramMethod[Any],
    *,
    now: datetime,
    delete_after: int | None = None,
    fallback: Call | None = None,
) -> None:
    """Queue `method` in the update's transaction; it is sent after the commit."""
    await outbox.put(db, as_call(method, delete_after=delete_after, fallback=fallback), now=now)


def build_method(call: Call) -> TelegramMethod[Any]:
    """The aiogram method object a stored call stands for."""
    return _METHODS[call.method].model_validate(call.params)


def _without_reply(call: Call) -> Call | None:
    """The call as a plain send (its reply target is gone), or None if it replied to nothing."""
    params = {
        key: value
        for key, value in call.params.items()
        if key not in ("reply_parameters", "reply_to_message_id")
    }
    return None if params == call.params else Call(call.method, params, call.delete_after)


@dataclass(kw_only=True, eq=False)
class OutboxSender:
    """Drains the outbox: one task per chat with due rows (at most `concurrency` at once).

    Woken by `ring` (after a commit that queued rows) and every `poll_seconds` (rows of other
    instances, rows that became due, claims of a crashed instance after `claim_ttl`).
    """

    bot: Bot
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    holder: str
    poll_seconds: float = 2.0
    concurrency: int = 32
    claim_ttl: timedelta = timedelta(minutes=5)
    max_attempts: int = 5
    keep_sent: timedelta = timedelta(days=1)
    _bell: asyncio.Event = field(init=False, default_factory=asyncio.Event)
    _stopping: asyncio.Event = field(init=False, default_factory=asyncio.Event)
    _active: dict[int, asyncio.Task[None]] = field(init=False, default_factory=dict)
    _loop_task: asyncio.Task[None] | None = field(init=False, default=None)
    _purged_at: datetime | None = field(init=False, default=None)
    _keep_claims: bool = field(init=False, default=False)

    def ring(self) -> None:
        """Look at the outbox now (rows were just committed)."""
        self._bell.set()

    def start(self) -> None:
        """Start the sending loop (idempotent)."""
        if self._loop_task is None or self._loop_task.done():
            self._stopping.clear()
            self._loop_task = asyncio.create_task(self._run(), name="outbox-sender")

    async def stop(self) -> None:
        """Stop the loop; a chat's send in hand is cancelled and its claim given back."""
        self._stopping.set()
        self._bell.set()
        if self._loop_task is not None:
            await self._loop_task
            self._loop_task = None
        tasks = list(self._active.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def kill(self) -> None:
        """Die as in a crash (tests): everything is cancelled, claims in hand are kept."""
        self._keep_claims = True
        for task in [self._loop_task, *self._active.values()]:
            if task is not None:
                task.cancel()
        await asyncio.gather(
            *(t for t in [self._loop_task, *self._active.values()] if t), return_exceptions=True
        )
        self._loop_task = None

    async def quiet(self) -> bool:
        """True when no chat is being sent to and no row is due (tests and the demo wait)."""
        if self._active:
            return False
        async with self.sessions() as db:
            return await outbox.waiting(db, now=self.clock()) == 0

    async def _run(self) -> None:
        while not self._stopping.is_set():
            self._bell.clear()
            try:
                await self.dispatch_due()
            except Exception as exc:  # noqa: BLE001 — a database outage must not end the loop
                log.warning("outbox: could not look for due rows (%s)", type(exc).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._bell.wait(), timeout=self.poll_seconds)

    async def dispatch_due(self) -> None:
        """Start a task for each chat with due rows that has none yet (purging now and then)."""
        now = self.clock()
        room = self.concurrency - len(self._active)
        if room <= 0:
            return
        async with self.sessions() as db:
            chats = await outbox.due_chats(
                db, now=now, stale_before=now - self.claim_ttl, limit=self.concurrency * 2
            )
        for chat_id in [chat for chat in chats if chat not in self._active][:room]:
            task = asyncio.create_task(self._drain_chat(chat_id), name=f"outbox-{chat_id}")
            self._active[chat_id] = task
            task.add_done_callback(functools.partial(self._finished, chat_id))
        await self._purge(now)

    def _finished(self, chat_id: int, _task: asyncio.Task[None]) -> None:
        self._active.pop(chat_id, None)
        self._bell.set()  # rows may have come for that chat meanwhile

    async def _purge(self, now: datetime) -> None:
        if self._purged_at is not None and now - self._purged_at < timedelta(hours=1):
            return
        self._purged_at = now
        async with transaction(self.sessions) as db:
            await outbox.purge(db, now=now, sent_for=self.keep_sent)

    async def _drain_chat(self, chat_id: int) -> None:
        """Send the chat's due rows one after another, in order."""
        UNCOUNTED.set(True)  # not an update's own call (see UpdateProcessor's batching)
        try:
            while not self._stopping.is_set():
                row = await self._claim(chat_id)
                if row is None:
                    return
                await self._deliver(row)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 — the claim goes stale and is retried later
            log.warning("outbox: chat %s stopped (%s)", chat_id, type(exc).__name__)

    async def _claim(self, chat_id: int) -> Queued | None:
        now = self.clock()
        async with transaction(self.sessions) as db:
            return await outbox.claim_next(
                db,
                chat_id=chat_id,
                now=now,
                holder=self.holder,
                stale_before=now - self.claim_ttl,
            )

    async def _deliver(self, row: Queued) -> None:
        """Send one claimed row and record the outcome (with what it leads to)."""
        try:
            result = await self._send(row.call)
        except asyncio.CancelledError:
            if not self._keep_claims:
                async with transaction(self.sessions) as db:
                    await outbox.release(db, row_id=row.id, holder=self.holder)
            raise
        except TRANSIENT as exc:
            await self._retry_or_fail(row, exc)
            return
        except (TelegramAPIError, ValidationError, KeyError) as exc:
            await self._fail(row, exc)
            return
        await self._sent(row, result)

    async def _send(self, call: Call) -> Any:
        """Make the call; a reply whose target is gone is sent once more as a plain message."""
        try:
            return await self.bot(build_method(call))
        except TelegramBadRequest as exc:
            plain = _without_reply(call)
            if plain is None or REPLY_GONE not in exc.message:
                raise
            return await self.bot(build_method(plain))

    async def _sent(self, row: Queued, result: Any) -> None:
        now = self.clock()
        async with transaction(self.sessions) as db:
            await outbox.mark_sent(db, row_id=row.id, now=now)
            delay = row.call.delete_after
            if delay is not None and isinstance(result, Message):
                removal = Call(
                    "deleteMessage",
                    {"chat_id": result.chat.id, "message_id": result.message_id},
                )
                await outbox.put(db, removal, now=now, not_before=now + timedelta(seconds=delay))

    async def _fail(self, row: Queued, exc: Exception) -> None:
        """A permanent failure: the row is failed (and its fallback, if any, queued)."""
        log.info("outbox: %s to %s failed: %s", row.call.method, row.call.chat_id, exc)
        now = self.clock()
        async with transaction(self.sessions) as db:
            await outbox.mark_failed(db, row_id=row.id, error=_describe(exc), now=now)
            if row.call.fallback is not None:
                await outbox.put(db, row.call.fallback, now=now)

    async def _retry_or_fail(self, row: Queued, exc: Exception) -> None:
        if row.attempts >= self.max_attempts:
            await self._fail(row, exc)
            return
        delay = timedelta(seconds=min(300.0, 5.0 * 2 ** (row.attempts - 1)))
        log.warning("outbox: %s failed (%s); retry in %s", row.call.method, _describe(exc), delay)
        async with transaction(self.sessions) as db:
            await outbox.retry_later(
                db, row_id=row.id, error=_describe(exc), not_before=self.clock() + delay
            )


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"

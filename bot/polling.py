"""Long polling that never confirms an update to Telegram before it is stored durably.

aiogram's own polling spawns a task per update and asks for the next batch (which confirms
the previous one) before those tasks finish; a crash then loses updates. Here the batch is
written to the inbox first, and only then is the next getUpdates call made. While the
database is down the batch is held (and no getUpdates is made) until it is stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Sequence
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramConflictError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import TelegramMethod

from bot.backoff import Backoff as Backoff  # re-exported: bot.startup uses it
from bot.backoff import pause
from bot.db_health import DatabaseHealth
from bot.processing import UpdateProcessor
from storage import inbox

log = logging.getLogger(__name__)
TRANSIENT = (TelegramNetworkError, TelegramServerError, TelegramConflictError)


class RawGetUpdates(TelegramMethod[list[dict[str, Any]]]):
    """getUpdates returning plain dicts: each update is stored exactly as Telegram sent it,
    and one that this aiogram cannot parse fails alone (kept for replay), not the batch."""

    __returning__ = list[dict[str, Any]]
    __api_method__ = "getUpdates"

    offset: int | None = None
    limit: int | None = None
    timeout: int | None = None
    allowed_updates: list[str] | None = None


class DurablePoller:
    """getUpdates → store in inbox → handle; the next call's offset confirms the batch."""

    def __init__(
        self,
        *,
        bot: Bot,
        processor: UpdateProcessor,
        allowed_updates: Sequence[str],
        timeout: int = 30,
        backoff: Backoff | None = None,
        health: DatabaseHealth | None = None,
    ) -> None:
        self.bot = bot
        self.processor = processor
        self.allowed_updates = list(allowed_updates)
        self.timeout = timeout
        self.backoff = backoff or Backoff()
        self.health = health or DatabaseHealth()
        self._drained_at = self.health.resumptions
        self.offset: int | None = None
        self.handling = False

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop` is set; finish the batch in hand before returning.

        As soon as a batch is stored, the next getUpdates (whose offset confirms it) is sent
        and waits in the background while the stored batch is handled: the simulator or
        Telegram prepares the next batch meanwhile, and nothing is confirmed before it is
        durable. `handling` is true from a batch's arrival until it is handled (so the
        sandbox showing nothing unconfirmed does not mean that the bot is done).
        """
        if await self.health.retry(self._resume_inbox, stop) is None:
            return
        fetch = asyncio.ensure_future(self._poll(stop))
        try:
            while True:
                updates = await fetch
                self.handling = bool(updates)
                new: list[inbox.Pending] = []
                if updates:
                    stored = await self._store(updates, stop)
                    if stored is None:
                        return  # stopped while the database was down: nothing was confirmed
                    new = stored
                    self.offset = max(self.offset or 0, *(_id(u) for u in updates)) + 1
                if not stop.is_set():
                    fetch = asyncio.ensure_future(self._poll(stop))
                await self._handle(new, stop)
                self.handling = False
                if stop.is_set():
                    return
        finally:
            if not fetch.done():
                fetch.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await fetch

    async def _resume_inbox(self) -> None:
        """Handle what is pending, then continue after the last stored update."""
        await self.processor.drain()
        self.offset = await self._stored_offset()
        self._drained_at = self.health.resumptions

    async def _store(
        self, updates: list[dict[str, Any]], stop: asyncio.Event
    ) -> list[inbox.Pending] | None:
        """Store a batch, waiting out an outage; None if stopped before it was stored."""
        pairs = stored_pairs(updates)
        stored = await self.health.retry(lambda: self.processor.store_raw(pairs), stop)
        return None if stored is None else stored[0]

    async def _handle(self, rows: list[inbox.Pending], stop: asyncio.Event) -> None:
        """Handle stored rows. After an outage, drain every pending row in order instead: it
        also takes rows whose store committed although its answer was lost (so `store_raw`
        did not count them new); a row met by the outage stays pending and is drained too."""
        if self.health.resumptions == self._drained_at:
            try:
                await self.processor.handle_rows(rows)
                return
            except Exception as exc:
                if not self.health.report(exc):
                    raise
        if await self.health.retry(self.processor.drain, stop) is not None:
            self._drained_at = self.health.resumptions

    async def _stored_offset(self) -> int | None:
        async with self.processor.sessions() as db:
            return await inbox.next_offset(db)

    async def _poll(self, stop: asyncio.Event) -> list[dict[str, Any]]:
        """One getUpdates call, abandoned if `stop` is set while it waits."""
        call = RawGetUpdates(
            offset=self.offset, timeout=self.timeout, allowed_updates=self.allowed_updates
        )
        request = asyncio.ensure_future(self.bot(call, request_timeout=self.timeout + 15))
        stopper = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({request, stopper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopper.cancel()
        if not request.done():
            request.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await request
            return []
        return await self._result(request, stop)

    async def _result(
        self, request: asyncio.Future[list[dict[str, Any]]], stop: asyncio.Event
    ) -> list[dict[str, Any]]:
        try:
            updates = request.result()
        except TelegramRetryAfter as exc:
            await self._wait(float(exc.retry_after), stop, f"429, retry after {exc.retry_after}s")
            return []
        except TRANSIENT as exc:
            await self._wait(self.backoff.next_delay(), stop, f"{type(exc).__name__}: {exc}")
            return []
        except ClientDecodeError:  # its text would quote the response: log the type only
            await self._wait(self.backoff.next_delay(), stop, "an answer that is not JSON")
            return []
        self.backoff.reset()
        return updates

    async def _wait(self, delay: float, stop: asyncio.Event, reason: str) -> None:
        log.warning("Telegram unreachable or refusing (%s); polling again in %.0fs", reason, delay)
        await pause(delay, stop)


def _id(update: dict[str, Any]) -> int:
    value = update.get("update_id")
    return value if isinstance(value, int) else -1


def stored_pairs(updates: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """(update_id, JSON) for every update that has an id (one without cannot be confirmed)."""
    pairs = [(_id(u), json.dumps(u, ensure_ascii=False)) for u in updates if _id(u) >= 0]
    if len(pairs) < len(updates):
        log.error("%d update(s) without an update_id ignored", len(updates) - len(pairs))
    return pairs

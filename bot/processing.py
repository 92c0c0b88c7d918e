"""Turning stored raw updates into handled ones, each in one database transaction."""

from __future__ import annotations

import contextlib
import logging
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.metrics import Metrics
from storage import inbox
from storage.db import is_unavailable, transaction

log = logging.getLogger(__name__)


def raw_json(update: Update) -> str:
    """The update as Telegram sent it (fields aiogram does not know are kept)."""
    return update.model_dump_json(exclude_unset=True, by_alias=True)


@dataclass(kw_only=True, eq=False)
class UpdateProcessor:
    """Stores updates durably, then handles each with its effects and its `done` mark atomic.

    A crash between the two leaves the update pending; its database effects were rolled
    back, so on restart it is handled once. Outgoing Telegram calls are at-least-once.
    """

    bot: Bot
    dispatcher: Dispatcher
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    batch: int = 100
    metrics: Metrics | None = None
    outgoing_calls: Callable[[], int] | None = None
    handled: int = field(init=False, default=0)
    failed: int = field(init=False, default=0)
    last_update_at: datetime | None = field(init=False, default=None)

    async def store(self, updates: Sequence[Update]) -> list[inbox.Pending]:
        """Persist parsed updates as pending (duplicates ignored); return the new ones."""
        return await self.store_raw([(update.update_id, raw_json(update)) for update in updates])

    async def store_raw(self, pairs: Sequence[tuple[int, str]]) -> list[inbox.Pending]:
        """Persist (update_id, JSON text) pairs exactly as received; return the new ones, in
        update order (an id stored before is left as it is: done, failed or pending)."""
        async with transaction(self.sessions) as db:
            new = await inbox.store(db, updates=pairs, now=self.clock())
        return sorted(inbox.Pending(uid, raw) for uid, raw in pairs if uid in new)

    async def drain(self) -> int:
        """Handle every pending update in order; return how many were handled."""
        total = 0
        while True:
            async with self.sessions() as db:
                rows = await inbox.pending(db, limit=self.batch)
            if not rows:
                return total
            await self.handle_rows(rows)
            total += len(rows)

    async def handle_rows(self, rows: Sequence[inbox.Pending]) -> None:
        """Handle stored rows in order, in shared transactions (the fast path), one by one
        after an error; a row another instance took meanwhile is skipped.

        A database outage is raised (see `handle`): the rows not done stay pending."""
        if self.outgoing_calls is None:
            for row in rows:
                await self.handle(row)
            return
        index = 0
        while index < len(rows):
            try:
                index += await self._run_together(rows[index:])
            except _RunFailed as failed:
                if failed.__cause__ is not None and is_unavailable(failed.__cause__):
                    raise failed.__cause__ from None
                upto = index + max(failed.position, 0) + 1
                for row in rows[index:upto]:
                    await self.handle(row)
                index = upto

    async def _run_together(self, rows: Sequence[inbox.Pending]) -> int:
        """Claim the rows and handle them in one transaction; return how many were done.

        The transaction is committed as soon as an update made an outgoing Bot API call, so a
        crash or a later failure never repeats a reply: only database-only updates (the member
        messages that make up the hot path) share a transaction; the claims of the rows after
        it are released. On any error, also at commit, everything since the last commit is
        rolled back and `_RunFailed` says which row failed (the last one for a commit).
        """
        assert self.outgoing_calls is not None
        handled, position = 0, -1
        async with self.sessions() as db:
            try:
                ids = [row.update_id for row in rows]
                claimed = await inbox.claim_many(db, update_ids=ids, now=self.clock())
                last = len(rows) - 1
                for position, row in enumerate(rows):
                    if row.update_id not in claimed:
                        continue  # another instance has it
                    called_out = await self._feed(db, row)
                    handled += 1
                    if called_out:
                        last = position
                        break
                rest = [row for row in rows[last + 1 :] if row.update_id in claimed]
                await inbox.release(db, updates=rest)
                await db.commit()
            except Exception as exc:  # noqa: BLE001 — re-handled one by one by the caller
                with contextlib.suppress(Exception):  # a lost connection cannot roll back
                    await db.rollback()
                raise _RunFailed(position) from exc
        for _ in range(handled):
            self._count_handled()
        return last + 1

    async def _feed(self, db: AsyncSession, row: inbox.Pending) -> bool:
        """Dispatch one claimed update; True if it made an outgoing Bot API call."""
        assert self.outgoing_calls is not None
        before = self.outgoing_calls()
        update = Update.model_validate_json(row.payload, context={"bot": self.bot})
        await self.dispatcher.feed_update(self.bot, update, db=db)
        return self.outgoing_calls() != before

    async def handle(self, row: inbox.Pending) -> bool:
        """Handle one stored update; on error keep it as failed with the traceback.

        Logs name the update and the error type only: tracebacks can quote message text,
        so they go to the inbox row (and to DEBUG), never to INFO or above. A database outage
        is no fault of the update: it is raised, and the row stays pending for a retry.
        """
        try:
            update = Update.model_validate_json(row.payload, context={"bot": self.bot})
            async with transaction(self.sessions) as db:
                if not await inbox.claim(db, update_id=row.update_id, now=self.clock()):
                    return False  # another instance has it
                await self.dispatcher.feed_update(self.bot, update, db=db)
        except Exception as exc:  # noqa: BLE001 — one bad update must never stop the bot
            if is_unavailable(exc):
                raise
            log.error(
                "update %s failed: %s (kept for `neuvo replay`)", row.update_id, type(exc).__name__
            )
            log.debug("update %s traceback", row.update_id, exc_info=True)
            async with transaction(self.sessions) as db:
                await inbox.mark_failed(
                    db, update_id=row.update_id, error=traceback.format_exc(), now=self.clock()
                )
            self.failed += 1
            if self.metrics:
                self.metrics.updates_failed.inc()
            return False
        self._count_handled()
        return True

    def _count_handled(self) -> None:
        self.handled += 1
        self.last_update_at = self.clock()
        if self.metrics:
            self.metrics.updates_processed.inc()
            self.metrics.last_update.set(self.last_update_at.timestamp())


class _RunFailed(Exception):
    """An update in a shared transaction failed; `position` is its index in the run."""

    def __init__(self, position: int) -> None:
        super().__init__(position)
        self.position = position

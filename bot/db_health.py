"""Database outages: hold work, back off, say so once, and resume by itself.

While the database cannot be reached or written (PostgreSQL down, a connection reset, SQLite's
disk full; see `storage.db.is_unavailable`), nothing is confirmed to Telegram: a polled batch
is kept in hand (the next getUpdates, whose offset would confirm it, waits), a webhook update
is answered 503 so Telegram delivers it again, and stored rows stay pending. The operation
that met the outage is retried with capped exponential backoff; its first success resumes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.backoff import Backoff, pause
from storage.db import is_unavailable

log = logging.getLogger(__name__)
T = TypeVar("T")


class DatabaseHealth:
    """Up or down, with one log line per change (never one per attempt)."""

    def __init__(self, *, base: float = 1.0, cap: float = 60.0) -> None:
        self.base, self.cap = base, cap
        self.up = True
        #: How many times the database came back; a change tells a loop to look for rows
        #: whose commit was lost in flight (stored, but not known to be).
        self.resumptions = 0

    def report(self, exc: BaseException) -> bool:
        """True (and down) if `exc` is an outage; False for any other error."""
        if not is_unavailable(exc):
            return False
        if self.up:
            self.up = False
            log.warning("database unreachable, holding updates (%s)", type(exc).__name__)
        return True

    def resumed(self) -> None:
        """An operation on the database succeeded: up again if it was down."""
        if not self.up:
            self.up = True
            self.resumptions += 1
            log.warning("database back, resuming")

    async def retry(
        self, operation: Callable[[], Awaitable[T]], stop: asyncio.Event
    ) -> tuple[T] | None:
        """`operation()`, retried with backoff while the database is unavailable.

        Returns its result in a 1-tuple, or None if `stop` was set first. Any error that is not
        an outage is raised at once.
        """
        backoff = Backoff(self.base, self.cap)
        while not stop.is_set():
            try:
                result = await operation()
            except Exception as exc:
                if not self.report(exc):
                    raise
                await pause(backoff.next_delay(), stop)
                continue
            self.resumed()
            return (result,)
        return None

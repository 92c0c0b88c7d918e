"""The APScheduler adapter: runs the reconciler every minute, at window boundaries and on kick.

Jobs carry no state: each run reloads everything and is idempotent (DESIGN flow 3).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.reconciler import Performed, Reconciler

log = logging.getLogger(__name__)
SAFETY_NET = timedelta(minutes=1)


class SchedulerRunner:
    """Owns the AsyncIOScheduler; `kick()` asks for a reconciliation as soon as possible."""

    def __init__(
        self,
        reconciler: Reconciler,
        *,
        interval: timedelta = SAFETY_NET,
        on_performed: Callable[[Performed], None] | None = None,
    ) -> None:
        self.reconciler = reconciler
        self.on_performed = on_performed
        self.interval = interval
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        self._lock = asyncio.Lock()
        self._again = False
        self.last_run: datetime | None = None

    def start(self) -> None:
        """Start the safety-net job (first run at once)."""
        self.scheduler.add_job(
            self.run_once,
            "interval",
            seconds=self.interval.total_seconds(),
            id="reconcile",
            coalesce=True,
            max_instances=1,
            next_run_time=self.reconciler.clock(),
        )
        self.scheduler.start()

    async def stop(self) -> None:
        """Stop scheduling and give up the lease."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        async with self._lock:
            await self.reconciler.release()

    def kick(self) -> None:
        """Reconcile soon (after the caller's transaction has committed), if running."""
        if self.scheduler.running:
            soon = datetime.now(UTC) + timedelta(seconds=1)
            self.scheduler.add_job(self.run_once, "date", run_date=soon, misfire_grace_time=60)

    async def run_once(self) -> None:
        """One reconciliation, then the boundary jobs for what comes next."""
        if self._lock.locked():
            self._again = True
            return
        async with self._lock:
            self._again = True
            while self._again:
                self._again = False
                try:
                    done = await self.reconciler.tick()
                except Exception:
                    log.exception("reconciliation failed; the next run retries")
                    return
                for item in done:
                    log.info("%s %s %s", item.group_key, item.kind, item.window_start.isoformat())
                    if self.on_performed:
                        self.on_performed(item)
            self.last_run = self.reconciler.clock()
        await self._schedule_boundaries()

    async def _schedule_boundaries(self) -> None:
        if not self.scheduler.running:
            return
        for boundary in await self.reconciler.upcoming_boundaries(limit=6):
            job_id = f"boundary-{boundary.isoformat()}"
            if self.scheduler.get_job(job_id) is None:
                self.scheduler.add_job(
                    self.run_once, "date", run_date=boundary, id=job_id, misfire_grace_time=3600
                )

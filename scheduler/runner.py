"""The APScheduler adapter: runs the reconciler every minute, at window boundaries and on kick.

Jobs carry no state: each run reloads everything and is idempotent (DESIGN flow 3).
APScheduler's timers run on real time, the reconciler on its clock (maybe the sandbox's
simulated one): jobs are set at real instants, a boundary `clock()`-to-boundary from now.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass, field
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.coalescing import Coalescer
from scheduler.reconciler import Performed, Reconciler
from storage.db import is_unavailable

log = logging.getLogger(__name__)
SAFETY_NET = timedelta(minutes=1)
#: How long a clean stop waits for a reconciliation pass in hand before cutting it.
STOP_GRACE = timedelta(seconds=5)


@dataclass(eq=False)
class SchedulerRunner:
    """Owns the AsyncIOScheduler; `kick()` asks for a reconciliation as soon as possible."""

    reconciler: Reconciler
    _: KW_ONLY
    interval: timedelta = SAFETY_NET
    on_performed: Callable[[Performed], None] | None = None
    database_up: Callable[[], bool] = lambda: True
    scheduler: AsyncIOScheduler = field(
        init=False, default_factory=lambda: AsyncIOScheduler(timezone="UTC")
    )
    last_run: datetime | None = field(init=False, default=None)
    _database_failing: bool = field(init=False, default=False)
    #: One reconciliation at a time; kicks during one coalesce into one more pass.
    _passes: Coalescer = field(init=False, default_factory=Coalescer)

    def start(self, *, interval: timedelta | None = None) -> None:
        """Start the safety net (first run at once), `interval` after each run if given."""
        if interval is not None:
            self.interval = interval
        self._next_safety_net(datetime.now(UTC))
        self.scheduler.start()

    def _next_safety_net(self, at: datetime) -> None:
        # A fixed delay after each run, not a fixed rate: runs never pile up or overlap, and
        # on a simulated clock the next run is not phase-locked to when a post went out.
        self.scheduler.add_job(
            self._safety_net,
            "date",
            run_date=at,
            id="reconcile",
            replace_existing=True,
            misfire_grace_time=None,
        )

    async def stop(self) -> None:
        """Stop scheduling, let a pass in hand finish (up to STOP_GRACE), give up the lease.

        APScheduler's shutdown cancels the coroutine jobs still running, so the pass is given
        STOP_GRACE first (paused: no new one starts) rather than cut between a post and its
        commit. One still running then is cut: its claim is redone after the lease TTL.
        """
        if self.scheduler.running:
            self.scheduler.pause()
        held = await self._acquire(STOP_GRACE)
        if not held:
            log.warning("a reconciliation outlasted %s at shutdown and is cut", STOP_GRACE)
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        held = held or await self._acquire(timedelta(seconds=1))  # the cut pass unwinds
        if not held:
            return  # the lease lapses after its TTL
        try:
            await self.reconciler.release()
        finally:
            self._passes.lock.release()

    async def _acquire(self, timeout: timedelta) -> bool:
        try:
            await asyncio.wait_for(self._passes.lock.acquire(), timeout=timeout.total_seconds())
        except TimeoutError:
            return False
        return True

    def kick(self) -> None:
        """Reconcile soon (after the caller's transaction has committed), if running."""
        if self.scheduler.running:
            soon = datetime.now(UTC) + timedelta(seconds=1)
            self.scheduler.add_job(self.run_once, "date", run_date=soon, misfire_grace_time=60)

    async def _safety_net(self) -> None:
        """The safety-net job: a pass (unless one is in hand), then the next one `interval` on."""
        try:
            if not self._passes.lock.locked():
                await self.run_once()
        finally:
            if self.scheduler.running:
                self._next_safety_net(datetime.now(UTC) + self.interval)

    async def run_once(self) -> None:
        """One reconciliation, then the boundary jobs for what comes next.

        Skipped while the database is known to be down (`database_up`); a pass that meets an
        outage is skipped too, with one log line until a pass succeeds again.
        """
        if not self.database_up():
            return
        if not await self._passes.run(self._pass):
            return
        self.last_run = self.reconciler.clock()
        try:
            await self._schedule_boundaries()
        except Exception as exc:
            self._failed(exc)

    async def _pass(self) -> bool:
        """One reconciliation pass, its actions logged; False when it failed."""
        try:
            done = await self.reconciler.tick()
        except Exception as exc:
            self._failed(exc)
            return False
        self._database_failing = False
        for item in done:
            log.info("%s %s %s", item.group_key, item.kind, item.window_start.isoformat())
            if self.on_performed:
                self.on_performed(item)
        return True

    def _failed(self, exc: Exception) -> None:
        if not is_unavailable(exc):
            log.exception("reconciliation failed; the next run retries")
        elif not self._database_failing:
            self._database_failing = True
            log.warning("reconciliation skipped: database down (%s)", type(exc).__name__)

    async def _schedule_boundaries(self) -> None:
        if not self.scheduler.running:
            return
        for boundary in await self.reconciler.upcoming_boundaries(limit=6):
            job_id = f"boundary-{boundary.isoformat()}"
            if self.scheduler.get_job(job_id) is None:
                self.scheduler.add_job(
                    self.run_once,
                    "date",
                    run_date=self.real_instant(boundary),
                    id=job_id,
                    misfire_grace_time=3600,
                )

    def real_instant(self, instant: datetime) -> datetime:
        """The real (APScheduler) time at which the reconciler's clock shows `instant`."""
        return datetime.now(UTC) + (instant - self.reconciler.clock())

"""The APScheduler adapter: real-time job instants whatever the reconciler's clock, clean stop."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest

from bot.clock import ManualClock
from scheduler import runner as runner_module
from scheduler.reconciler import Performed, Reconciler
from scheduler.runner import SchedulerRunner

SIMULATED = datetime(2027, 2, 9, 6, 0, tzinfo=UTC)


class FakeReconciler:
    """A reconciler on a simulated clock whose passes take `pass_seconds` of real time."""

    def __init__(self, pass_seconds: float = 0.0) -> None:
        self.clock = ManualClock(SIMULATED)
        self.pass_seconds = pass_seconds
        self.passes = 0
        self.finished = 0
        self.released = False

    async def tick(self) -> list[Performed]:
        self.passes += 1
        await asyncio.sleep(self.pass_seconds)
        self.finished += 1
        return []

    async def upcoming_boundaries(self, *, limit: int) -> list[datetime]:
        return [self.clock() + timedelta(minutes=10)]

    async def release(self) -> None:
        self.released = True


def runner_for(fake: FakeReconciler, **kw: Any) -> SchedulerRunner:
    return SchedulerRunner(cast(Reconciler, fake), **kw)


async def started(fake: FakeReconciler) -> None:
    """Wait (up to 2 s) until the first pass has begun."""
    for _ in range(200):
        if fake.passes:
            return
        await asyncio.sleep(0.01)


async def test_jobs_run_on_real_time_whatever_the_reconcilers_clock() -> None:
    """On a simulated clock the first run is now and a boundary job is as far from the real now
    as the boundary is from the simulated one."""
    fake = FakeReconciler()
    runner = runner_for(fake)
    runner.start(interval=timedelta(seconds=30))
    try:
        for _ in range(200):
            if runner.last_run is not None and len(runner.scheduler.get_jobs()) == 2:
                break
            await asyncio.sleep(0.01)
        assert fake.passes == 1  # the first run came at once, not at a simulated instant
        (boundary,) = [j for j in runner.scheduler.get_jobs() if j.id.startswith("boundary-")]
        expected = datetime.now(UTC) + timedelta(minutes=10)
        assert abs(boundary.next_run_time - expected) < timedelta(seconds=5)
        reconcile = runner.scheduler.get_job("reconcile")
        assert reconcile is not None
        assert timedelta(seconds=25) < reconcile.next_run_time - datetime.now(UTC)
        assert reconcile.next_run_time - datetime.now(UTC) <= timedelta(seconds=30)
    finally:
        await runner.stop()


async def test_stop_lets_the_pass_in_hand_finish() -> None:
    """Stopping while a pass runs waits for it (a post is never cut before its commit), then
    gives up the lease."""
    fake = FakeReconciler(pass_seconds=0.3)
    runner = runner_for(fake)
    runner.start()
    await started(fake)
    await runner.stop()
    assert (fake.passes, fake.finished, fake.released) == (1, 1, True)


async def test_stop_cuts_a_pass_that_outlasts_the_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pass hanging on Telegram past STOP_GRACE is cut, so a SIGTERM still ends the process."""
    monkeypatch.setattr(runner_module, "STOP_GRACE", timedelta(seconds=0.2))
    fake = FakeReconciler(pass_seconds=60)
    runner = runner_for(fake)
    runner.start()
    await started(fake)
    began = asyncio.get_running_loop().time()
    await runner.stop()
    assert asyncio.get_running_loop().time() - began < 5
    assert (fake.passes, fake.finished, fake.released) == (1, 0, True)

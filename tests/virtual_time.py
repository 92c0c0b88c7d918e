"""An asyncio event loop on virtual time: whenever nothing is ready to run, its clock jumps to
the next timer, so sleeps, timeouts and rate limiters (aiolimiter too) take no wall time.

Each jump moves the clock on by at least TICK, as a real clock would between two turns of the
loop: code that re-arms a timer for "now" after a rounding remainder then still progresses."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")
TICK = 1e-6


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """A selector loop whose `time()` only moves when every task is waiting on a timer."""

    def __init__(self) -> None:
        super().__init__()
        self._virtual_now = 0.0

    def time(self) -> float:
        return self._virtual_now

    def _run_once(self) -> None:
        ready: Any = getattr(self, "_ready")  # noqa: B009  (asyncio's private run queue)
        scheduled: list[asyncio.TimerHandle] = getattr(self, "_scheduled")  # noqa: B009
        pending = [handle.when() for handle in scheduled if not handle.cancelled()]
        if not ready and pending:
            self._virtual_now = max(self._virtual_now + TICK, min(pending))
        super()._run_once()  # type: ignore[misc]


def run_virtual(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` to completion on a fresh VirtualTimeLoop."""
    loop = VirtualTimeLoop()
    try:
        return loop.run_until_complete(coro)
    finally:
        loop.close()

"""Exponential backoff shared by every loop that waits out an outage (Telegram, database)."""

from __future__ import annotations

import asyncio
import contextlib


class Backoff:
    """Exponential backoff between failed attempts, reset after a success."""

    def __init__(self, base: float = 1.0, cap: float = 60.0) -> None:
        self.base, self.cap, self.failures = base, cap, 0

    def next_delay(self) -> float:
        """Count one more failure and return how long to wait."""
        self.failures += 1
        return float(min(self.cap, self.base * 2 ** (self.failures - 1)))

    def reset(self) -> None:
        """Forget past failures."""
        self.failures = 0


async def pause(delay: float, stop: asyncio.Event) -> None:
    """Wait `delay` seconds, or less if `stop` is set meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=delay)

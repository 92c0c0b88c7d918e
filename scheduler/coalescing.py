"""One pass at a time: a trigger that comes during a pass is folded into one more pass."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable


class Coalescer:
    """Runs passes of a job one at a time; triggers during a pass coalesce into one more.

    `lock` is held while passes run (a caller may wait for it, or take it to keep passes out).
    """

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self._again = False

    async def run(self, one_pass: Callable[[], Awaitable[bool]]) -> bool:
        """Run `one_pass` again while triggers came during it; False when it stopped the run
        (it returned False) or when a run was in hand already (this trigger joins that run)."""
        if self.lock.locked():
            self._again = True
            return False
        async with self.lock:
            self._again = True
            while self._again:
                self._again = False
                if not await one_pass():
                    return False
        return True

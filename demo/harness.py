"""The real bot wired in-process against the sandbox on a shared simulated clock.

Used by `neuvo demo`, the end-to-end tests and the benchmarks: the bot talks to the sandbox
over real HTTP exactly as it would to Telegram; only time is simulated.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field

from bot.app import App, build_app
from bot.clock import ManualClock
from bot.polling import DurablePoller
from bot.startup import start_up
from config import Settings
from sandbox.simulator import BotApiSimulator


@dataclass
class InProcessBot:
    """Start, crash, restart and drive one bot instance."""

    sim: BotApiSimulator
    settings: Settings
    clock: ManualClock
    app: App | None = None
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _poller: asyncio.Task[None] | None = None
    poller: DurablePoller | None = None
    generation: int = 0

    async def start(self) -> App:
        """Build a fresh instance (new lease holder), start it up and begin polling."""
        self.generation += 1
        self.app = build_app(
            self.settings, clock=self.clock, pace=False, holder=f"instance-{self.generation}"
        )
        self._stop = asyncio.Event()
        await start_up(self.app, self._stop)
        self.poller = self.app.poller()
        self._poller = asyncio.create_task(self.poller.run(self._stop))
        self.app.outbox.start()
        return self.app

    async def stop(self) -> None:
        """A clean shutdown: finish the batch in hand, release the lease, close."""
        if self.app is None or self._poller is None:
            return
        self._stop.set()
        await self._poller
        await self.app.reconciler.release()
        await self.app.close()
        self.app, self._poller = None, None

    async def crash(self) -> None:
        """Die at once: the poll is cancelled mid-flight, no lease released, nothing flushed."""
        if self.app is None or self._poller is None:
            return
        self._poller.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._poller
        await self.app.outbox.kill()
        await self.app.close()
        self.app, self._poller = None, None

    async def settle(self, timeout: float = 60.0) -> None:
        """Wait until the bot has taken and handled every queued update and sent every due
        reply of its outbox.

        The sandbox sees a batch confirmed as soon as the bot has stored it, so the poller
        must also have no batch in hand. `timeout` only bounds a failure: on a busy machine
        the first safeguarding check loads its lemma dictionaries for many seconds.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        quiet = 0
        while quiet < 3:
            if loop.time() > deadline:
                raise TimeoutError("the bot did not take every update in time")
            busy = self.poller is not None and self.poller.handling
            if not busy and self.app is not None and self.sim.pending_updates() == 0:
                busy = not await self.app.outbox.quiet()
            quiet = quiet + 1 if self.sim.pending_updates() == 0 and not busy else 0
            await asyncio.sleep(0.02)

    async def tick(self) -> None:
        """Let the scheduler act at the current simulated time, then settle."""
        assert self.app is not None, "start the bot first"
        await self.app.reconciler.tick()
        await self.settle()

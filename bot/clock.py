"""Clocks: every time-dependent piece takes one, so tests and the demo can drive time."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import aiohttp

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)


def system_clock() -> datetime:
    """The real time, aware UTC."""
    return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to (tests, the demo's simulated month)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def __call__(self) -> datetime:
        return self._now

    def set(self, instant: datetime) -> None:
        """Jump to `instant` (aware)."""
        if instant.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = instant.astimezone(UTC)

    def advance(self, delta: timedelta) -> datetime:
        """Move forward by `delta` and return the new time."""
        self._now += delta
        return self._now


class ClockError(Exception):
    """The simulated clock cannot be read (start-up stops with this message)."""


class SandboxClock:
    """The sandbox's simulated time (setting `clock_url`): tests and demos, never Telegram.

    A clock is called synchronously everywhere, so it must not block: once `start()`ed a
    background task reads `url` every `every` seconds and a call returns the last reading.
    """

    def __init__(self, url: str, *, every: float = 0.05) -> None:
        self.url = url
        self.every = every
        self._now: datetime | None = None
        self._session: aiohttp.ClientSession | None = None
        self._task: asyncio.Task[None] | None = None

    def __call__(self) -> datetime:
        if self._now is None:
            raise ClockError("the sandbox clock is read before it was started")
        return self._now

    async def start(self) -> None:
        """Read the time once (ClockError if the sandbox does not answer), then follow it."""
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5))
        try:
            self._now = await self._read()
        except (aiohttp.ClientError, TimeoutError, ValueError, KeyError) as exc:
            await self.close()
            raise ClockError(
                f"cannot read the sandbox clock at {self.url} (clock_url): {exc}"
            ) from exc
        self._task = asyncio.create_task(self._follow())

    async def close(self) -> None:
        """Stop following the sandbox's time."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _follow(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            try:
                self._now = await self._read()
            except (aiohttp.ClientError, TimeoutError, ValueError, KeyError) as exc:
                log.warning("sandbox clock unreadable (%s); keeping %s", exc, self._now)

    async def _read(self) -> datetime:
        assert self._session is not None
        async with self._session.post(self.url, json={}) as response:
            body = await response.json(content_type=None)
        if not isinstance(body, dict) or body.get("ok") is not True:
            raise ValueError(f"not a sandbox clock answer: {str(body)[:200]}")
        return datetime.fromtimestamp(float(body["result"]), UTC)


@contextlib.asynccontextmanager
async def clock_from(clock_url: str | None) -> AsyncIterator[Clock]:
    """The real clock, or the sandbox's simulated one (started, and closed on exit)."""
    if not clock_url:
        yield system_clock
        return
    clock = SandboxClock(clock_url)
    await clock.start()
    try:
        yield clock
    finally:
        await clock.close()

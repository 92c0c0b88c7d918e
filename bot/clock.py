"""Clocks: every time-dependent piece takes one, so tests and the demo can drive time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


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

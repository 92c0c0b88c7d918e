"""The simulator clock: real UTC time unless a test drives it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

#: An instant as scripts give it: an aware datetime or Unix seconds.
Moment = datetime | float


def _real_now() -> datetime:
    return datetime.now(UTC)


def as_aware(value: datetime) -> datetime:
    """Reject naive datetimes and normalise to UTC."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("the sandbox clock needs timezone-aware datetimes")
    return value.astimezone(UTC)


class Clock:
    """Aware-UTC clock that can be real, fixed or any callable."""

    def __init__(self) -> None:
        self._source: Callable[[], datetime] = _real_now

    def now(self) -> datetime:
        """The current simulated time (aware, UTC)."""
        return as_aware(self._source())

    def timestamp(self) -> int:
        """The current simulated time as Unix seconds."""
        return int(self.now().timestamp())

    def set_clock(self, source: Callable[[], datetime] | None) -> None:
        """Read the time from `source` (None = real time)."""
        self._source = source or _real_now

    def set_time(self, when: Moment) -> None:
        """Freeze the clock at `when` (aware datetime or Unix seconds)."""
        fixed = to_datetime(when)
        self._source = lambda: fixed

    def advance(self, seconds: float) -> datetime:
        """Freeze the clock `seconds` after the current simulated time."""
        fixed = self.now() + timedelta(seconds=seconds)
        self._source = lambda: fixed
        return fixed


def to_datetime(value: Moment) -> datetime:
    """Aware UTC datetime from a datetime or Unix seconds."""
    if isinstance(value, datetime):
        return as_aware(value)
    return datetime.fromtimestamp(float(value), UTC)


def to_unix(value: Moment) -> int:
    """Unix seconds from an aware datetime or a number."""
    if isinstance(value, datetime):
        return int(as_aware(value).timestamp())
    return int(value)

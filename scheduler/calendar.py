"""Session windows: local wall-clock spans on session days, as aware UTC instants.

Pure and DST-correct: 08:00 stays 08:00 local across the changes of clocks. A local time
that does not exist (spring-forward gap) moves forward to the first valid instant; an
ambiguous one (fall-back) takes its first occurrence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cached_property, lru_cache
from itertools import pairwise

from scheduler.rules import LAST, DayRule, check_date, parse_day_rule, session_dates

__all__ = [
    "DEFAULT_WINDOWS",
    "LAST",
    "DayRule",
    "Window",
    "WindowSpec",
    "local_day",
    "next_boundaries",
    "parse_day_rule",
    "parse_window",
    "session_dates",
    "validate_windows",
    "wall_clock_to_utc",
    "window_at",
    "windows_for_day",
]

_WINDOW = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*[-–—]\s*(\d{1,2})(?:[:.](\d{2}))?")


@dataclass(frozen=True)
class WindowSpec:
    """A window's local wall-clock span within a day, e.g. 08:00-10:00."""

    start: time
    end: time

    def __post_init__(self) -> None:
        for moment in (self.start, self.end):
            if moment.tzinfo is not None:
                raise ValueError("window times are local wall-clock times without tzinfo")
            if moment.second or moment.microsecond:
                raise ValueError(f"window times must be whole minutes, not {moment}")
        if self.end <= self.start:
            raise ValueError(f"window end {self.end:%H:%M} must be after start {self.start:%H:%M}")

    @cached_property
    def label(self) -> str:
        """Like "08-10", or "08:30-10:00" when a time has minutes (computed once)."""
        if self.start.minute == 0 and self.end.minute == 0:
            return f"{self.start:%H}-{self.end:%H}"
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def __str__(self) -> str:
        return self.label


DEFAULT_WINDOWS = (
    WindowSpec(time(8), time(10)),
    WindowSpec(time(14), time(16)),
    WindowSpec(time(20), time(22)),
)


def parse_window(text: str) -> WindowSpec:
    """Read "08:00-10:00" (also "8-10", "8.00–10.00") into a WindowSpec."""
    match = _WINDOW.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"cannot read window {text!r}: expected HH:MM-HH:MM, e.g. '08:00-10:00'")
    start_hour, start_minute, end_hour, end_minute = (int(part or 0) for part in match.groups())
    start = _clock_time(start_hour, start_minute, text)
    end = _clock_time(end_hour, end_minute, text)
    if end <= start:
        raise ValueError(f"window {text!r} must end after it starts")
    return WindowSpec(start, end)


def _clock_time(hour: int, minute: int, text: str) -> time:
    if hour > 23 or minute > 59:
        raise ValueError(f"time {hour:02}:{minute:02} in window {text!r} is not in 00:00-23:59")
    return time(hour, minute)


def validate_windows(specs: Sequence[WindowSpec]) -> tuple[WindowSpec, ...]:
    """Return `specs` as a tuple if non-empty, sorted by start and not overlapping."""
    if not specs:
        raise ValueError("a session day needs at least one window")
    for earlier, later in pairwise(specs):
        if later.start < earlier.start:
            raise ValueError(f"windows must be sorted by start: {later} comes after {earlier}")
        if later.start < earlier.end:
            raise ValueError(f"windows {earlier} and {later} overlap")
    return tuple(specs)


@dataclass(frozen=True)
class Window:
    """One window on one session day; `start` and `end` are aware UTC instants."""

    day: date
    index: int
    spec: WindowSpec
    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        check_date(self.day)
        for instant in (self.start, self.end):
            if _require_aware(instant, "a window bound").utcoffset() != timedelta(0):
                raise ValueError(f"window bounds must be in UTC, not {instant.isoformat()}")
        if self.end <= self.start:
            raise ValueError("a window must end after it starts")

    @property
    def label(self) -> str:
        """The spec's label, e.g. "08-10"."""
        return self.spec.label

    def contains(self, instant: datetime) -> bool:
        """Whether the aware `instant` lies in [start, end)."""
        return self.start <= _require_aware(instant, "instant") < self.end


def wall_clock_to_utc(day: date, wall: time, tz: tzinfo) -> datetime:
    """The UTC instant of local `wall` time on `day`: gaps move forward, folds take fold=0."""
    local = datetime.combine(check_date(day), wall, tzinfo=tz)
    instant = local.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) == local.replace(tzinfo=None):
        return instant
    return _end_of_gap(local, tz)


def _end_of_gap(local: datetime, tz: tzinfo) -> datetime:
    """The first valid instant after the gap that the non-existent `local` time falls in."""
    guesses = (local.replace(fold=0).astimezone(UTC), local.replace(fold=1).astimezone(UTC))
    before, after = min(guesses), max(guesses)
    offset_after = after.astimezone(tz).utcoffset()
    while after - before > timedelta(microseconds=1):
        middle = before + (after - before) / 2
        if middle.astimezone(tz).utcoffset() == offset_after:
            after = middle
        else:
            before = middle
    return after


def windows_for_day(day: date, specs: Sequence[WindowSpec], tz: tzinfo) -> list[Window]:
    """The day's windows in UTC, sorted; one that falls wholly in a DST gap is left out.

    `index` is the spec's position in `specs`, so it stays stable when a window is left out.
    """
    return list(_windows_for_day(day, tuple(specs), tz))


@lru_cache(maxsize=4096)
def _windows_for_day(day: date, specs: tuple[WindowSpec, ...], tz: tzinfo) -> tuple[Window, ...]:
    """Memoised (pure; Window is frozen): attribution asks for the same day per message."""
    windows = []
    for index, spec in enumerate(validate_windows(specs)):
        start = wall_clock_to_utc(day, spec.start, tz)
        end = wall_clock_to_utc(day, spec.end, tz)
        if start < end:
            windows.append(Window(day, index, spec, start, end))
    return tuple(windows)


def local_day(instant: datetime, tz: tzinfo) -> date:
    """The local calendar date of the aware `instant` in `tz`."""
    return _require_aware(instant, "instant").astimezone(tz).date()


def local_month(instant: datetime, tz: tzinfo) -> tuple[datetime, datetime]:
    """The local calendar month in `tz` containing `instant`, as UTC instants [start, end)."""
    today = local_day(instant, tz)
    first = date(today.year, today.month, 1)
    following = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    return wall_clock_to_utc(first, time(0), tz), wall_clock_to_utc(following, time(0), tz)


def window_at(
    instant: datetime, days: Iterable[date], specs: Sequence[WindowSpec], tz: tzinfo
) -> Window | None:
    """The window on one of the (finite) session `days` that contains `instant`, if any."""
    session_days = _date_set(days)
    today = local_day(instant, tz)
    for day in (today - timedelta(days=1), today, today + timedelta(days=1)):
        if day in session_days:
            for window in windows_for_day(day, specs, tz):
                if window.contains(instant):
                    return window
    return None


def next_boundaries(
    after: datetime,
    days: Iterable[date],
    specs: Sequence[WindowSpec],
    tz: tzinfo,
    limit: int,
) -> list[datetime]:
    """The first `limit` window starts and ends strictly after `after`, sorted and unique."""
    if limit < 0:
        raise ValueError(f"limit must not be negative, not {limit}")
    first_day = local_day(after, tz) - timedelta(days=1)
    found: set[datetime] = set()
    for day in sorted(day for day in _date_set(days) if day >= first_day):
        if len(found) >= limit:
            break
        for window in windows_for_day(day, specs, tz):
            found.update(bound for bound in (window.start, window.end) if bound > after)
    return sorted(found)[:limit]


def _date_set(days: Iterable[date]) -> set[date]:
    return {check_date(day) for day in days}


def _require_aware(instant: datetime, name: str) -> datetime:
    if not isinstance(instant, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(instant).__name__}")
    if instant.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {instant.isoformat()}")
    return instant

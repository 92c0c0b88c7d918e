"""Telegram's flood limits, emulated on request (all off by default).

Telegram answers 429 "Too Many Requests: retry after N" when a bot sends more than about
30 messages a second overall, 20 a minute into one group, or one a second into one chat.
Only methods that post a new message into a chat count as sends (registered with
`api_method(..., sends=True)`): edits, pins, deletions, callback answers and reads do not,
since Telegram's limits are on messages sent. A refused send is not counted. Windows slide
on the simulator's clock, so a test that drives the clock gets the same answers every run.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from sandbox.errors import ApiError, make_error

LIMIT_NAMES = ("bot", "group", "chat")
SECOND = timedelta(seconds=1)
MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class RateLimits:
    """How many sends are allowed: None leaves that limit off."""

    bot_per_second: int | None = None
    group_per_minute: int | None = None
    chat_per_second: int | None = None

    def __post_init__(self) -> None:
        if any(value is not None and value < 1 for value in self._values()):
            raise ValueError("a rate limit must allow at least one send")

    def _values(self) -> tuple[int | None, ...]:
        return (self.bot_per_second, self.group_per_minute, self.chat_per_second)

    @classmethod
    def telegram(cls) -> RateLimits:
        """Telegram's documented limits: 30 sends/s per bot, 20/min per group, 1/s per chat."""
        return cls(bot_per_second=30, group_per_minute=20, chat_per_second=1)

    @property
    def enabled(self) -> bool:
        """Whether any limit is on."""
        return any(value is not None for value in self._values())


class SlidingWindow:
    """At most `limit` events within any `span` seconds."""

    def __init__(self, limit: int, span: timedelta) -> None:
        self.limit = limit
        self.span = span
        self._events: deque[datetime] = deque()

    def wait(self, now: datetime) -> timedelta:
        """How long until one more event fits (zero = now)."""
        while self._events and self._events[0] <= now - self.span:
            self._events.popleft()
        if len(self._events) < self.limit:
            return timedelta(0)
        return self._events[-self.limit] + self.span - now

    def add(self, now: datetime) -> None:
        """Count one event at `now`."""
        self._events.append(now)


@dataclass(frozen=True)
class SendTarget:
    """Where a send goes: the chat id, and whether the chat is a group."""

    chat_id: int
    is_group: bool


class RateLimiter:
    """Sliding windows per bot, per group and per chat; counts the 429s it answers."""

    def __init__(self, limits: RateLimits) -> None:
        self.limits = limits
        self.answered = 0
        self.hits: Counter[str] = Counter({name: 0 for name in LIMIT_NAMES})
        self._bot = _window(limits.bot_per_second, SECOND)
        self._groups: dict[int, SlidingWindow] = {}
        self._chats: dict[int, SlidingWindow] = {}

    def check(self, target: SendTarget, now: datetime) -> None:
        """Raise the 429 Telegram would answer if this send exceeds a limit."""
        waits = {name: window.wait(now) for name, window in self._windows(target)}
        exceeded = {name: wait for name, wait in waits.items() if wait > timedelta(0)}
        if not exceeded:
            return
        self.answered += 1
        self.hits.update(exceeded.keys())
        raise too_many_requests(max(exceeded.values()))

    def record(self, target: SendTarget, now: datetime) -> None:
        """Count a send that went out."""
        for _, window in self._windows(target):
            window.add(now)

    def _windows(self, target: SendTarget) -> list[tuple[str, SlidingWindow]]:
        found: list[tuple[str, SlidingWindow]] = []
        if self._bot is not None:
            found.append(("bot", self._bot))
        group_limit = self.limits.group_per_minute
        if target.is_group and group_limit is not None:
            found.append(("group", _get(self._groups, target.chat_id, group_limit, MINUTE)))
        chat_limit = self.limits.chat_per_second
        if chat_limit is not None:
            found.append(("chat", _get(self._chats, target.chat_id, chat_limit, SECOND)))
        return found


def too_many_requests(wait: timedelta) -> ApiError:
    """429 with a whole-second retry_after (at least 1), as Telegram sends it."""
    return make_error(429, retry_after=max(1, math.ceil(wait.total_seconds())))


def _window(limit: int | None, span: timedelta) -> SlidingWindow | None:
    return None if limit is None else SlidingWindow(limit, span)


def _get(
    windows: dict[int, SlidingWindow], key: int, limit: int, span: timedelta
) -> SlidingWindow:
    window = windows.get(key)
    if window is None:
        window = windows[key] = SlidingWindow(limit, span)
    return window

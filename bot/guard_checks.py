"""Pure checks behind the group filters: privacy guard, blocklist, links and flood."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from digest.privacy import GUARD_KINDS, PiiKind, PiiMatch, find_pii, find_pii_apart

LINK_ENTITIES = frozenset({"url", "text_link"})


@dataclass(frozen=True)
class Violation:
    """Why a message is removed: the rule and a detail for the audit log (never the text)."""

    rule: str
    detail: str = ""


def personal_data(text: str) -> tuple[PiiKind, ...]:
    """Kinds of personal data the guard removes a message for, in text order, once each."""
    return _kinds(find_pii(text, kinds=GUARD_KINDS))


@dataclass(frozen=True, slots=True)
class Scan:
    """What the guard reads in a message once: the kinds of personal data it removes it for
    (as `personal_data` gives them) and whether it holds a link (as `has_link` was)."""

    personal: tuple[PiiKind, ...]
    link: bool


_LINK_ONLY = frozenset({PiiKind.LINK})


def scan(text: str, entity_types: Iterable[str]) -> Scan:
    """The text's personal data and links, normalised and prefiltered once; a link is a
    Telegram url/text_link entity or something that reads as an address."""
    found, links = find_pii_apart(text, GUARD_KINDS, _LINK_ONLY)
    return Scan(_kinds(found), bool(links) or not LINK_ENTITIES.isdisjoint(entity_types))


def _kinds(found: Iterable[PiiMatch]) -> tuple[PiiKind, ...]:
    return tuple(dict.fromkeys(match.kind for match in found))


@lru_cache(maxsize=8)
def _blocklist_pattern(entries: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for all entries; "word*" also matches inflected forms (Finnish cases)."""
    parts = []
    for entry in entries:
        word = entry.strip().casefold()
        if not word.rstrip("*"):
            continue
        body = re.escape(word.rstrip("*")).replace(r"\ ", r"\s+")
        parts.append(body + (r"\w*" if word.endswith("*") else ""))
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def blocked_word(text: str, blocklist: Iterable[str]) -> str | None:
    """The first blocklisted word or phrase in `text` (case-insensitive, whole words)."""
    pattern = _blocklist_pattern(tuple(blocklist))
    if pattern is None:
        return None
    found = pattern.search(text.casefold())
    return found.group() if found else None


def is_newcomer(entered_at: datetime | None, sent_at: datetime, hours: int) -> bool:
    """Joined (as the bot saw it) less than `hours` before the message; old members never."""
    return entered_at is not None and sent_at - entered_at < timedelta(hours=hours)


@dataclass(slots=True)
class _Dates:
    """One person's counted messages: their dates (POSIX seconds) by id, and (date, id)
    pairs in order. Floats, not datetimes: comparing them is what a message costs here."""

    by_id: dict[int, float] = field(default_factory=dict)
    ordered: list[tuple[float, int]] = field(default_factory=list)

    def add(self, message_id: int, at: float) -> float:
        """Keep the message once (a re-delivery keeps its first date); its kept date."""
        kept = self.by_id.get(message_id)
        if kept is not None:
            return kept
        self.by_id[message_id] = at
        if not self.ordered or self.ordered[-1] < (at, message_id):
            self.ordered.append((at, message_id))  # the usual case: in date order
        else:
            insort(self.ordered, (at, message_id))
        return at

    def forget_before(self, horizon: float) -> None:
        """Drop the messages dated before `horizon`."""
        if self.ordered[0][0] >= horizon:
            return
        cut = bisect_left(self.ordered, (horizon, _FIRST_ID))
        for _, message_id in self.ordered[:cut]:
            del self.by_id[message_id]
        del self.ordered[:cut]

    def newest(self) -> float:
        """The latest date kept."""
        return self.ordered[-1][0]


_FIRST_ID = -(2**63)  # sorts before every message id of a date
_LAST_ID = 2**63


class FloodCounter:
    """Messages per (chat, user) by their own date; more than `limit` within `window` is flood.

    Rollback-safe: each message is kept once by its id, and a message's verdict counts only
    the messages dated up to it (date, then id) within its window, whatever order they are
    handled in. So a batch that is rolled back and redone one by one gets the same verdicts.
    Dates older than `memory` before a person's newest message are forgotten. Each person's
    dates are kept sorted, so a message costs a few binary searches, not a pass over them.
    """

    def __init__(
        self, *, max_people: int = 5000, memory: timedelta = timedelta(minutes=10)
    ) -> None:
        self._seen: dict[tuple[int, int], _Dates] = {}
        self.max_people = max_people
        self.memory = memory

    def hit(
        self,
        *,
        chat_id: int,
        user_id: int,
        message_id: int,
        sent_at: datetime,
        limit: int,
        window: timedelta,
    ) -> bool:
        """Count one message (a re-delivery or redo is counted once); True if, in date order,
        it is over the limit."""
        at, span = sent_at.timestamp(), window.total_seconds()
        if len(self._seen) > self.max_people:
            self._prune(at - span)
        dates = self._seen.get((chat_id, user_id))
        if dates is None:
            dates = self._seen[(chat_id, user_id)] = _Dates()
        kept = dates.add(message_id, at)
        horizon = dates.newest() - max(span, self.memory.total_seconds())
        dates.forget_before(horizon)
        mine = (kept if kept >= horizon else at, message_id)
        first = bisect_right(dates.ordered, (mine[0] - span, _LAST_ID))
        return bisect_right(dates.ordered, mine) - first > limit

    def _prune(self, before: float) -> None:
        """Forget people whose latest message is older than `before` (POSIX seconds)."""
        for key in [key for key, dates in self._seen.items() if dates.newest() <= before]:
            del self._seen[key]

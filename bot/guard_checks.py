"""Pure checks behind the group filters: privacy guard, blocklist, links and flood."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from digest.privacy import GUARD_KINDS, PiiKind, find_pii

LINK_ENTITIES = frozenset({"url", "text_link"})


@dataclass(frozen=True)
class Violation:
    """Why a message is removed: the rule and a detail for the audit log (never the text)."""

    rule: str
    detail: str = ""


def personal_data(text: str) -> tuple[PiiKind, ...]:
    """Kinds of personal data the guard removes a message for, in text order, once each."""
    return tuple(dict.fromkeys(match.kind for match in find_pii(text, kinds=GUARD_KINDS)))


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


def has_link(text: str, entity_types: Iterable[str]) -> bool:
    """A link: a Telegram url/text_link entity, or something that reads as an address."""
    if LINK_ENTITIES.intersection(entity_types):
        return True
    return bool(find_pii(text, kinds={PiiKind.LINK}))


def is_newcomer(entered_at: datetime | None, sent_at: datetime, hours: int) -> bool:
    """Joined (as the bot saw it) less than `hours` before the message; old members never."""
    return entered_at is not None and sent_at - entered_at < timedelta(hours=hours)


class FloodCounter:
    """Messages per (chat, user) by their own time; more than `limit` within `window` is flood."""

    def __init__(self, *, max_people: int = 5000) -> None:
        self._seen: dict[tuple[int, int], deque[tuple[datetime, int]]] = {}
        self.max_people = max_people

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
        """Count one message (a re-delivery is counted once); True if it is over the limit."""
        if len(self._seen) > self.max_people:
            self._prune(sent_at - window)
        recent = self._seen.setdefault((chat_id, user_id), deque())
        while recent and recent[0][0] <= sent_at - window:
            recent.popleft()
        if all(seen_id != message_id for _, seen_id in recent):
            recent.append((sent_at, message_id))
        return len(recent) > limit

    def _prune(self, before: datetime) -> None:
        """Forget people whose latest message is older than the window."""
        for key in [key for key, recent in self._seen.items() if recent[-1][0] <= before]:
            del self._seen[key]

"""What should have happened by `now` (pure): the reconciler compares it with what was done."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from enum import StrEnum

from scheduler.calendar import Window, wall_clock_to_utc

LOOKBACK = timedelta(hours=24)


class Kind(StrEnum):
    """Window actions, in the order they happen."""

    THEME_REMINDER = "theme_reminder"
    REMIND_EVENING = "remind_evening"
    REMIND_SOON = "remind_soon"
    OPEN = "open"
    CLOSE = "close"


@dataclass(frozen=True)
class ReminderPolicy:
    """When members and staff are reminded; None turns a reminder off."""

    evening_before: time | None = time(18, 0)
    minutes_before: int | None = 15
    theme_days_before: int = 3


@dataclass(frozen=True)
class Slot:
    """A window to run, with its theme (None: not chosen yet) and where it comes from."""

    window: Window
    theme_key: str | None
    session_day_id: int | None = None
    first_of_day: bool = False
    adhoc: bool = False


@dataclass(frozen=True)
class Due:
    """An action that should be done now."""

    kind: Kind
    slot: Slot


def due_actions(
    now: datetime,
    slots: Iterable[Slot],
    done: Collection[tuple[datetime, str]],
    tz: tzinfo,
    policy: ReminderPolicy,
    lookback: timedelta = LOOKBACK,
) -> list[Due]:
    """Actions due at `now` and not in `done` (pairs of window start and action), in order.

    `done` holds the actions done and those claimed within the lease TTL (in hand, maybe by
    another instance); a staler claim is left out, so its action falls due again.
    """
    due: list[Due] = []
    for slot in sorted(slots, key=lambda s: s.window.start):
        if slot.window.end <= now - lookback:
            continue
        for kind in _kinds_due(now, slot, tz, policy):
            if (slot.window.start, kind.value) not in done:
                due.append(Due(kind, slot))
    return sorted(due, key=_order)


def _order(item: Due) -> tuple[datetime, int]:
    boundary = item.slot.window.end if item.kind is Kind.CLOSE else item.slot.window.start
    return boundary, list(Kind).index(item.kind)


def _kinds_due(now: datetime, slot: Slot, tz: tzinfo, policy: ReminderPolicy) -> list[Kind]:
    window = slot.window
    if now >= window.end:
        return [Kind.CLOSE]
    if now >= window.start:
        return [Kind.OPEN]
    kinds = []
    unthemed = slot.first_of_day and slot.theme_key is None and not slot.adhoc
    if unthemed and now >= window.start - timedelta(days=policy.theme_days_before):
        kinds.append(Kind.THEME_REMINDER)
    soon = policy.minutes_before is not None and now >= window.start - timedelta(
        minutes=policy.minutes_before
    )
    if soon:
        kinds.append(Kind.REMIND_SOON)  # the evening reminder is moot by now
    elif slot.first_of_day and policy.evening_before is not None:
        evening = wall_clock_to_utc(window.day - timedelta(days=1), policy.evening_before, tz)
        if now >= evening:
            kinds.append(Kind.REMIND_EVENING)
    return kinds

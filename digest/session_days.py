"""Session days held in the period, with each window's counts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from digest.aggregate import tally
from digest.model import Cell, SessionDaySummary, WindowSummary
from digest.records import ContributionFact, OpenedWindow, SessionDayFact
from themes.model import FALLBACK_THEME


def session_day_summaries(
    days: Sequence[SessionDayFact],
    opened: Sequence[OpenedWindow],
    facts: Sequence[ContributionFact],
    *,
    zone: ZoneInfo,
    threshold: int,
    title: Callable[[str], str],
) -> tuple[SessionDaySummary, ...]:
    """Days with an opened window or a contribution; windows by start."""
    opened_by_day: defaultdict[int, list[OpenedWindow]] = defaultdict(list)
    for window in opened:
        if window.session_day_id is not None:
            opened_by_day[window.session_day_id].append(window)
    facts_by_day: defaultdict[int, list[ContributionFact]] = defaultdict(list)
    for fact in facts:
        if fact.session_day_id is not None and fact.window_start is not None:
            facts_by_day[fact.session_day_id].append(fact)
    summaries = []
    for day in days:
        windows = _windows(opened_by_day[day.id], facts_by_day[day.id], zone, threshold)
        if not windows:
            continue  # planned but not held (yet)
        themes = [w.theme_key for w in opened_by_day[day.id] if w.theme_key]
        key = day.theme_key or (themes[0] if themes else FALLBACK_THEME)
        summaries.append(SessionDaySummary(day.day, key, title(key), windows))
    return tuple(summaries)


def _windows(
    opened: Sequence[OpenedWindow],
    facts: Sequence[ContributionFact],
    zone: ZoneInfo,
    threshold: int,
) -> tuple[WindowSummary, ...]:
    ends: dict[datetime, datetime | None] = {w.window_start: w.window_end for w in opened}
    labels: dict[datetime, str] = {}
    by_start: defaultdict[datetime, list[ContributionFact]] = defaultdict(list)
    for fact in facts:
        assert fact.window_start is not None
        by_start[fact.window_start].append(fact)
        if fact.window_label:
            labels.setdefault(fact.window_start, fact.window_label)
        ends.setdefault(fact.window_start, None)
    summaries = []
    for start in sorted(ends):
        end = ends[start]
        counts = tally(fact for fact in by_start[start] if not fact.late)  # as posted at close
        summaries.append(
            WindowSummary(
                label=labels.get(start) or window_label(start, end, zone),
                start=start.astimezone(zone),
                end=end.astimezone(zone) if end is not None else None,
                contributions=Cell.shown(counts.contributions),
                participants=Cell.shown(counts.participants),
            )
        )
    return tuple(summaries)


def window_label(start: datetime, end: datetime | None, zone: ZoneInfo) -> str:
    """ "08-10" for whole hours, else "08:30-10:00"; just the start when the end is unknown."""
    first = start.astimezone(zone)
    if end is None:
        return f"{first:%H:%M}"
    last = end.astimezone(zone)
    if first.minute == last.minute == 0:
        return f"{first:%H}-{last:%H}"
    return f"{first:%H:%M}-{last:%H:%M}"

"""What the console's pages show, gathered from storage as plain values (no HTML here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import holidays
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.days import DayDetails, day_details, window_labels
from digest.periods import last_month_range
from scheduler.calendar import local_day
from scheduler.policy import GroupPolicy
from storage import contributions, session_days
from storage.models import Group, SessionDay
from storage.tally import Tally
from themes.model import Catalog

LOOK_AHEAD = timedelta(days=366)
MONTHS_SHOWN = 3
HOLIDAY_LANGUAGES = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}


@dataclass(frozen=True)
class ThemeFigure:
    """One theme's member contributions and participants in a period."""

    theme: str
    contributions: int
    participants: int


@dataclass(frozen=True)
class GroupSummary:
    """One row of the overview."""

    group: Group
    next_day: date | None
    next_theme: str | None
    windows: tuple[str, ...]
    last_month: str
    figures: tuple[ThemeFigure, ...]


@dataclass(frozen=True)
class PlannedDay:
    """A session day on the calendar."""

    day: date
    theme_key: str | None
    theme_title: str | None
    skipped: bool
    details: DayDetails | None = None


@dataclass(frozen=True)
class CalendarMonth:
    """One month of a group's calendar: its session days and public holidays."""

    label: str
    days: tuple[PlannedDay, ...]
    holidays: tuple[tuple[date, str], ...]


def theme_title(catalog: Catalog, group: Group, key: str | None) -> str | None:
    """The theme's title in the group's language (the key if the catalog lost it)."""
    if key is None:
        return None
    theme = catalog.get(key)
    return theme.text(group.language, group.audience).title if theme else key


def month_label(year: int, month: int) -> str:
    """'2026-12'."""
    return f"{year:04d}-{month:02d}"


def add_months(first: date, count: int) -> date:
    """The first day of the month `count` months after `first`'s."""
    index = first.year * 12 + first.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


async def summary(
    db: AsyncSession, group: Group, policy: GroupPolicy, catalog: Catalog, now: datetime
) -> GroupSummary:
    """Next session day with theme and windows, and last month's figures per theme."""
    assert group.id is not None
    today = local_day(now, policy.zone)
    coming = await session_days.days_between(
        db, group_id=group.id, start=today, end=today + LOOK_AHEAD
    )
    following = coming[0] if coming else None
    start, end = last_month_range(now, policy.zone)
    local_start = start.astimezone(policy.zone)
    tallies = await contributions.theme_tallies(db, group_id=group.id, start=start, end=end)
    return GroupSummary(
        group=group,
        next_day=following.day if following else None,
        next_theme=theme_title(catalog, group, following.theme_key) if following else None,
        windows=window_labels(policy),
        last_month=month_label(local_start.year, local_start.month),
        figures=_figures(catalog, group, tallies),
    )


def _figures(
    catalog: Catalog, group: Group, tallies: dict[str | None, Tally]
) -> tuple[ThemeFigure, ...]:
    rows = sorted(tallies.items(), key=lambda item: item[0] or "~")
    return tuple(
        ThemeFigure(theme_title(catalog, group, key) or "–", t.contributions, t.participants)
        for key, t in rows
    )


async def calendar(
    db: AsyncSession, group: Group, policy: GroupPolicy, catalog: Catalog, first: date,
    language: str,
) -> list[CalendarMonth]:  # fmt: skip
    """`MONTHS_SHOWN` months from `first` (a month's first day), unplanned days included,
    each session day with its prompt and duty."""
    assert group.id is not None
    end = add_months(first, MONTHS_SHOWN) - timedelta(days=1)
    rows = await session_days.days_between(
        db, group_id=group.id, start=first, end=end, include_skipped=True
    )
    details = await day_details(db, group, policy, catalog, rows)
    names = finnish_holidays(range(first.year, end.year + 1), language)
    months = []
    for offset in range(MONTHS_SHOWN):
        start = add_months(first, offset)
        months.append(
            CalendarMonth(
                label=month_label(start.year, start.month),
                days=tuple(
                    _planned(catalog, group, r, details.get(r.day))
                    for r in rows
                    if _same_month(r.day, start)
                ),
                holidays=tuple(
                    (day, name) for day, name in sorted(names.items()) if _same_month(day, start)
                ),
            )
        )
    return months


def _same_month(day: date, first: date) -> bool:
    return (day.year, day.month) == (first.year, first.month)


def _planned(
    catalog: Catalog, group: Group, row: SessionDay, details: DayDetails | None
) -> PlannedDay:
    return PlannedDay(
        day=row.day,
        theme_key=row.theme_key,
        theme_title=theme_title(catalog, group, row.theme_key),
        skipped=row.skipped,
        details=details,
    )


def finnish_holidays(years: Sequence[int] | range, language: str) -> dict[date, str]:
    """Finland's public holidays in those years, named in `language`."""
    found = holidays.country_holidays(
        "FI", years=list(years), language=HOLIDAY_LANGUAGES.get(language, "fi")
    )
    return {day: str(name) for day, name in found.items()}

"""The group's coming sessions as an iCalendar (.ics) file parents add to their phone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from scheduler.calendar import Window


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One window to put in the calendar, with its theme's title."""

    window: Window
    title: str


def event_uid(group_key: str, window: Window) -> str:
    """Stable across downloads: the same window keeps its UID, so phones update, not double."""
    return f"neuvo-{group_key}-{window.day.isoformat()}-{window.index}@neuvo"


def calendar_ics(
    *,
    group_key: str,
    group_title: str,
    zone: ZoneInfo,
    entries: Iterable[CalendarEntry],
    stamp: datetime,
) -> bytes:
    """The .ics bytes: one event per window in the group's zone (with its VTIMEZONE)."""
    from icalendar import Calendar, Event  # loaded when a file is made (memory)

    calendar = Calendar()
    calendar.add("prodid", "-//Neuvo//advisory groups//FI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", group_title or group_key)
    for entry in entries:
        event = Event()
        event.add("uid", event_uid(group_key, entry.window))
        event.add("summary", entry.title)
        event.add("dtstart", entry.window.start.astimezone(zone))
        event.add("dtend", entry.window.end.astimezone(zone))
        event.add("dtstamp", stamp)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())

"""Digest periods: calendar months in a group's zone, the period before, and labels."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from digest.errors import DigestError
from digest.model import Period


def zone_of(name: str) -> ZoneInfo:
    """The IANA zone `name`, or DigestError."""
    try:
        return ZoneInfo(name)
    except (ValueError, LookupError) as exc:
        raise DigestError(f"unknown time zone {name!r}") from exc


def month_range(year: int, month: int, zone: ZoneInfo | str) -> tuple[datetime, datetime]:
    """[local 1st 00:00, next local 1st 00:00) of the month, as aware UTC datetimes."""
    tz = zone_of(zone) if isinstance(zone, str) else zone
    if not 1 <= month <= 12:
        raise DigestError(f"month must be 1-12, not {month}")
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    start = datetime(year, month, 1, tzinfo=tz)
    end = datetime(*following, 1, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


FIRST_MONTH = (2000, 1)
"""The earliest month a digest can be asked for."""


def check_month(year: int, month: int, *, now: datetime, zone: ZoneInfo | str) -> None:
    """DigestError unless (year, month) is from FIRST_MONTH to the month `now` is in, locally
    to `zone` (the current month is allowed: its digest is an interim one)."""
    tz = zone_of(zone) if isinstance(zone, str) else zone
    local = now.astimezone(tz)
    label = f"{year:04d}-{month:02d}"
    if not 1 <= month <= 12:
        raise DigestError(f"month {label} does not exist")
    if (year, month) < FIRST_MONTH:
        raise DigestError(f"month {label} is before {FIRST_MONTH[0]}-{FIRST_MONTH[1]:02d}")
    if (year, month) > (local.year, local.month):
        raise DigestError(f"month {label} has not started yet")


def last_month_range(now: datetime, zone: ZoneInfo | str) -> tuple[datetime, datetime]:
    """The calendar month before the one `now` falls in (local to `zone`), for monthly jobs."""
    tz = zone_of(zone) if isinstance(zone, str) else zone
    local = now.astimezone(tz)
    year, month = (local.year - 1, 12) if local.month == 1 else (local.year, local.month - 1)
    return month_range(year, month, tz)


def check_range(start: datetime, end: datetime) -> None:
    """Raise DigestError unless start and end are aware and start < end."""
    if start.tzinfo is None or end.tzinfo is None:
        raise DigestError("start and end must be aware datetimes")
    if not start < end:
        raise DigestError(
            f"the period is empty: {start.isoformat()} is not before {end.isoformat()}"
        )


def month_of(start: datetime, end: datetime, zone: ZoneInfo) -> tuple[int, int] | None:
    """(year, month) if [start, end) is exactly one local calendar month, else None."""
    local = start.astimezone(zone)
    if (local.day, local.hour, local.minute, local.second, local.microsecond) != (1, 0, 0, 0, 0):
        return None
    month_start, month_end = month_range(local.year, local.month, zone)
    return (local.year, local.month) if (month_start, month_end) == (start, end) else None


def previous_range(start: datetime, end: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The month before a calendar month; otherwise the span of equal length just before."""
    month = month_of(start, end, zone)
    if month is None:
        return start - (end - start), start
    year, number = month
    return month_range(*((year - 1, 12) if number == 1 else (year, number - 1)), zone)


def period(start: datetime, end: datetime, zone: ZoneInfo) -> Period:
    """The Period for [start, end) in `zone`, labelled "YYYY-MM" or "YYYY-MM-DD--YYYY-MM-DD"."""
    month = month_of(start, end, zone)
    if month is not None:
        label = f"{month[0]:04d}-{month[1]:02d}"
    else:
        first, last = local_dates(start, end, zone)
        label = f"{first.isoformat()}--{last.isoformat()}"
    return Period(start.astimezone(zone), end.astimezone(zone), zone.key, label)


def local_dates(start: datetime, end: datetime, zone: ZoneInfo) -> tuple[date, date]:
    """The first and last local dates that [start, end) touches."""
    last = (end - timedelta(microseconds=1)).astimezone(zone).date()
    return start.astimezone(zone).date(), last

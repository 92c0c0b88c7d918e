"""UTC instants read raw from storage, and their local ISO 8601 text, for long exports.

The local text of a UTC hour ("2026-12-08T08" and "+02:00") is made once; each instant
adds its own minutes and seconds. That holds for an hour whose offset is whole hours and
does not change inside it; any other hour (India's +05:30, say) is converted in full.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

_HOUR = 3600
_LAST_MICROSECOND = timedelta(hours=1, microseconds=-1)
_MINUTES_SECONDS = tuple(f":{second // 60:02d}:{second % 60:02d}" for second in range(_HOUR))


def utc_instant(value: str | datetime) -> datetime:
    """An aware UTC datetime from a raw column value: an aware datetime (PostgreSQL) or
    SQLite's UTC text such as "2026-12-08 06:00:00.000000"."""
    if isinstance(value, str):
        return datetime.fromisoformat(value + "+00:00")
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r} read where an aware one was stored")
    return value if value.tzinfo is UTC else value.astimezone(UTC)


class LocalTimes:
    """ISO 8601 text of UTC instants in one zone, e.g. "2026-12-08T08:00:00+02:00"."""

    __slots__ = ("_hours", "_zone")

    def __init__(self, zone: ZoneInfo) -> None:
        self._zone = zone
        self._hours: dict[float | str, tuple[str, str] | None] = {}  # UTC hour: number or text

    def iso(self, instant: datetime) -> str:
        """`instant.astimezone(zone).isoformat(timespec="seconds")` for a UTC instant."""
        hour = instant.timestamp() // _HOUR
        try:
            parts = self._hours[hour]
        except KeyError:
            parts = self._hours[hour] = self._hour_parts(hour)
        if parts is None:
            return instant.astimezone(self._zone).isoformat(timespec="seconds")
        return parts[0] + _MINUTES_SECONDS[instant.minute * 60 + instant.second] + parts[1]

    def iso_raw(self, value: str | datetime) -> str:
        """`iso(utc_instant(value))`; SQLite's "YYYY-MM-DD HH:MM:SS[.ffffff]" is read by
        position (its hour parsed once), not parsed per value."""
        if not isinstance(value, str) or value[13:14] != ":" or value[16:17] != ":":
            return self.iso(utc_instant(value))
        hour = value[:13]
        try:
            parts = self._hours[hour]
        except KeyError:
            parts = self._hours[hour] = self._hour_parts(utc_instant(value).timestamp() // _HOUR)
        if parts is None:
            return self.iso(utc_instant(value))
        return parts[0] + value[13:19] + parts[1]

    def _hour_parts(self, hour: float) -> tuple[str, str] | None:
        """("YYYY-MM-DDTHH", "+HH:MM") of a UTC hour, or None unless the offset is steady
        whole hours."""
        start = datetime.fromtimestamp(hour * _HOUR, UTC)
        local = start.astimezone(self._zone)
        offset = local.utcoffset()
        last = (start + _LAST_MICROSECOND).astimezone(self._zone).utcoffset()
        if offset is None or offset != last or offset % timedelta(hours=1):
            return None
        text = local.isoformat(timespec="seconds")
        return text[:13], text[19:]

    def date_iso(self, instant: datetime) -> str:
        """The local date, e.g. "2026-12-08"."""
        return instant.astimezone(self._zone).date().isoformat()

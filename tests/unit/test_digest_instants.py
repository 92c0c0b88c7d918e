"""Local ISO 8601 text of raw UTC instants: the same as astimezone().isoformat() everywhere."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.instants import LocalTimes, utc_instant

ZONES = ["Europe/Helsinki", "Asia/Kolkata", "Australia/Lord_Howe", "America/St_Johns", "UTC"]
INSTANTS = st.datetimes(  # hypothesis takes naive bounds and attaches `timezones` itself
    min_value=datetime(1890, 1, 1),  # noqa: DTZ001
    max_value=datetime(2060, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@settings(max_examples=400, deadline=None)
@given(instant=INSTANTS, zone=st.sampled_from(ZONES))
def test_local_text_equals_isoformat(instant: datetime, zone: str) -> None:
    """Whole-hour, half-hour, 30-minute-DST and LMT offsets all give isoformat's text."""
    tz = ZoneInfo(zone)
    expected = instant.astimezone(tz).isoformat(timespec="seconds")
    assert LocalTimes(tz).iso(instant) == expected
    assert LocalTimes(tz).date_iso(instant) == instant.astimezone(tz).date().isoformat()


def test_helsinki_around_both_dst_changes() -> None:
    """Every minute around the spring and autumn changes keeps the right offset."""
    times, tz = LocalTimes(ZoneInfo("Europe/Helsinki")), ZoneInfo("Europe/Helsinki")
    for change in (datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC)):
        for minutes in range(-90, 90, 7):
            instant = change + timedelta(minutes=minutes, seconds=59, microseconds=999_999)
            assert times.iso(instant) == instant.astimezone(tz).isoformat(timespec="seconds")
    assert times.iso(datetime(2026, 10, 25, 0, 59, 59, tzinfo=UTC)) == "2026-10-25T03:59:59+03:00"
    assert times.iso(datetime(2026, 10, 25, 1, 0, 0, tzinfo=UTC)) == "2026-10-25T03:00:00+02:00"


def test_raw_values_become_aware_utc_instants() -> None:
    """SQLite's UTC text and PostgreSQL's aware datetimes both read as aware UTC; naive refused."""
    expected = datetime(2026, 12, 8, 6, 0, 1, 250_000, tzinfo=UTC)
    assert utc_instant("2026-12-08 06:00:01.250000") == expected
    assert utc_instant("2026-12-08 06:00:01.250000").tzinfo is UTC
    assert utc_instant(expected.astimezone(timezone(timedelta(hours=2)))) == expected
    assert utc_instant(expected).tzinfo is UTC
    with pytest.raises(ValueError, match="naive"):
        utc_instant(expected.replace(tzinfo=None))


@settings(max_examples=300, deadline=None)
@given(instant=INSTANTS, zone=st.sampled_from(ZONES), micro=st.booleans())
def test_sqlite_text_is_read_by_position_to_the_same_text(
    instant: datetime, zone: str, micro: bool
) -> None:
    """iso_raw of SQLite's UTC text (with or without microseconds) equals iso of the instant."""
    times = LocalTimes(ZoneInfo(zone))
    text = instant.strftime("%Y-%m-%d %H:%M:%S" + (".%f" if micro else ""))
    assert times.iso_raw(text) == times.iso(
        instant.replace(microsecond=0) if not micro else instant
    )
    assert times.iso_raw(instant) == times.iso(instant)

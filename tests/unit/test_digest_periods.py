"""Digest periods: local calendar months, the period before, and labels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from digest.errors import DigestError
from digest.periods import last_month_range, month_range, period, previous_range

HELSINKI = ZoneInfo("Europe/Helsinki")


def test_month_is_local_midnight_to_midnight_in_utc() -> None:
    """December in Helsinki is [30.11. 22:00Z, 31.12. 22:00Z)."""
    assert month_range(2026, 12, "Europe/Helsinki") == (
        datetime(2026, 11, 30, 22, tzinfo=UTC),
        datetime(2026, 12, 31, 22, tzinfo=UTC),
    )


def test_month_with_a_dst_change_is_an_hour_shorter() -> None:
    """March 2027 starts at UTC+2 and ends at UTC+3."""
    start, end = month_range(2027, 3, HELSINKI)
    assert (start.hour, end.hour) == (22, 21)
    assert end - start == timedelta(days=31, hours=-1)


def test_last_month_for_the_monthly_job() -> None:
    """On 1 January (local) the last month is December of the year before."""
    now = datetime(2026, 12, 31, 22, 30, tzinfo=UTC)  # 00:30 on 1.1.2027 in Helsinki
    assert last_month_range(now, HELSINKI) == month_range(2026, 12, HELSINKI)


def test_previous_period_of_a_month_is_the_month_before() -> None:
    """The month before March is February, whatever their lengths."""
    assert previous_range(*month_range(2027, 3, HELSINKI), HELSINKI) == month_range(
        2027, 2, HELSINKI
    )


def test_previous_period_of_other_spans_has_the_same_length() -> None:
    """A 10-day span is compared with the 10 days before it, and labelled by its dates."""
    start = datetime(2026, 12, 5, 22, tzinfo=UTC)
    end = datetime(2026, 12, 15, 22, tzinfo=UTC)
    assert previous_range(start, end, HELSINKI) == (datetime(2026, 11, 25, 22, tzinfo=UTC), start)
    assert period(start, end, HELSINKI).label == "2026-12-06--2026-12-15"


def test_bad_month_or_zone_is_a_digest_error() -> None:
    """Month 13 and an unknown zone raise DigestError."""
    with pytest.raises(DigestError, match="1-12"):
        month_range(2026, 13, HELSINKI)
    with pytest.raises(DigestError, match="time zone"):
        month_range(2026, 1, "Mars/Olympus")

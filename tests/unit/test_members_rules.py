"""Pure membership rules: refill dates, retention months, durations, exports, notice versions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.consent_notice import municipality_of, notice_version
from bot.member_rights import as_csv, flatten
from bot.membership import Places, last_refill, next_refill
from bot.sanctions import parse_duration
from config import GroupConfig
from storage.retention import months_before

HELSINKI = ZoneInfo("Europe/Helsinki")
CONFIG = GroupConfig(key="neuvo", audience="parents")


def helsinki(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=HELSINKI).astimezone(UTC)


def test_refill_dates_across_the_new_year() -> None:
    """Local midnight of 1.1. (still 31.12. in UTC) starts the new period."""
    just_after = helsinki(2027, 1, 1, 0, 5)
    assert last_refill(just_after, CONFIG, HELSINKI) == helsinki(2027, 1, 1, 0, 0)
    assert next_refill(just_after, CONFIG, HELSINKI) == date(2027, 7, 1)
    assert next_refill(helsinki(2026, 12, 31, 23, 59), CONFIG, HELSINKI) == date(2027, 1, 1)
    no_refills = GroupConfig(key="neuvo", audience="parents", refill_dates=())
    assert next_refill(just_after, no_refills, HELSINKI) is None


def test_refill_dates_are_validated() -> None:
    """A refill date must be MM-DD."""
    with pytest.raises(ValueError, match="01-01"):
        GroupConfig(key="neuvo", audience="parents", refill_dates=("1.1.",))


def test_free_places_never_go_negative() -> None:
    """Held places and members above capacity leave no free place."""
    assert Places(capacity=20, members=18, reserved=1).free == 1
    assert Places(capacity=3, members=3, reserved=2).free == 0


@pytest.mark.parametrize(
    ("now", "months", "expected"),
    [
        (datetime(2026, 3, 31, 12, tzinfo=UTC), 1, datetime(2026, 2, 28, 12, tzinfo=UTC)),
        (datetime(2026, 1, 15, tzinfo=UTC), 12, datetime(2025, 1, 15, tzinfo=UTC)),
        (datetime(2026, 1, 15, tzinfo=UTC), 13, datetime(2024, 12, 15, tzinfo=UTC)),
    ],
)
def test_months_before_clamps_the_day(now: datetime, months: int, expected: datetime) -> None:
    """Calendar months back, with the 31st clamped to the month's last day."""
    assert months_before(now, months) == expected


@pytest.mark.parametrize(
    ("text", "minutes"),
    [(None, 60), ("30m", 30), ("2h", 120), ("2 t", 120), ("1d", 1440), ("3vrk", 4320), ("45", 45)],
)
def test_mute_durations(text: str | None, minutes: int) -> None:
    """/mute takes minutes, hours or days in English or Finnish; default one hour."""
    assert parse_duration(text) == timedelta(minutes=minutes)


def test_bad_and_huge_durations() -> None:
    """Nonsense is refused; more than 366 days is capped (Telegram would mute forever)."""
    assert parse_duration("ikuisesti") is None
    assert parse_duration("0m") is None
    assert parse_duration("9999d") == timedelta(days=366)


def test_export_flattens_to_csv() -> None:
    """Every leaf of the export becomes one (field, value) row."""
    data = {"a": [{"b": 1}, {"c": None}], "d": "ä"}
    assert list(flatten(data)) == [("a.0.b", "1"), ("a.1.c", ""), ("d", "ä")]
    assert as_csv(data).decode("utf-8-sig").splitlines()[0] == "field,value"


def test_notice_version_follows_the_text() -> None:
    """Any change of the notice text gives another version that fits the column."""
    first, second = notice_version("teksti"), notice_version("teksti.")
    assert first != second and len(first) <= 32 and first.startswith("n1-")


def test_municipality_buttons_map_to_values() -> None:
    """A listed municipality, "other", or not said."""
    names = ("Lahti", "Heinola")
    assert [municipality_of(c, names) for c in ("1", "o", "n", "9")] == [
        "Heinola",
        "other",
        None,
        None,
    ]

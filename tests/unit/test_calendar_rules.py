"""Day rules ("2nd Tuesday", "viimeinen perjantai") and the session dates they give."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.calendar import LAST, DayRule, parse_day_rule, session_dates

TUESDAY, THURSDAY, FRIDAY, SATURDAY = 1, 3, 4, 5

rules = st.builds(DayRule, st.sampled_from([1, 2, 3, 4, 5, LAST]), st.integers(0, 6))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2nd Tuesday", DayRule(2, TUESDAY)),
        ("4th Thursday", DayRule(4, THURSDAY)),
        ("last Friday", DayRule(LAST, FRIDAY)),
        ("first monday", DayRule(1, 0)),
        ("5th Sun", DayRule(5, 6)),
        ("2. tiistai", DayRule(2, TUESDAY)),
        ("4. torstai", DayRule(4, THURSDAY)),
        ("viimeinen perjantai", DayRule(LAST, FRIDAY)),
        ("  Viimeinen   Perjantai ", DayRule(LAST, FRIDAY)),
        ("toinen tiistai", DayRule(2, TUESDAY)),
    ],
)
def test_parse_day_rule_reads_english_and_finnish(text: str, expected: DayRule) -> None:
    """English and Finnish ordinals and weekday names parse to the same rule."""
    assert parse_day_rule(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "cannot read day rule"),
        ("Tuesday", "cannot read day rule"),
        ("2nd", "cannot read day rule"),
        ("6th Tuesday", "ordinal must be 1-5"),
        ("0. tiistai", "ordinal must be 1-5"),
        ("2nd Funday", "unknown weekday 'funday'"),
        ("every Tuesday", "unknown ordinal 'every'"),
    ],
)
def test_parse_day_rule_rejects_bad_text_clearly(text: str, message: str) -> None:
    """Unreadable rules raise ValueError naming what is wrong."""
    with pytest.raises(ValueError, match=message):
        parse_day_rule(text)


def test_day_rule_describes_itself_in_english_and_finnish() -> None:
    """A rule prints as "2nd Tuesday" and, in Finnish, as "2. tiistai"."""
    assert str(DayRule(2, TUESDAY)) == "2nd Tuesday"
    assert DayRule(2, TUESDAY).describe("fi") == "2. tiistai"
    assert str(DayRule(LAST, FRIDAY)) == "last Friday"
    assert DayRule(LAST, FRIDAY).describe("fi") == "viimeinen perjantai"
    assert str(DayRule(3, SATURDAY)) == "3rd Saturday"


@given(rules, st.sampled_from(["en", "fi"]))
def test_description_parses_back_to_the_same_rule(rule: DayRule, language: str) -> None:
    """What a rule prints, in either language, parses back to that rule."""
    assert parse_day_rule(rule.describe(language)) == rule


@pytest.mark.parametrize(("ordinal", "weekday"), [(0, 1), (6, 1), (-2, 1), (1, 7), (1, -1)])
def test_day_rule_rejects_impossible_values(ordinal: int, weekday: int) -> None:
    """Ordinals outside 1-5/LAST and weekdays outside 0-6 are refused."""
    with pytest.raises(ValueError):
        DayRule(ordinal, weekday)


@pytest.mark.parametrize(
    ("rule", "year", "month", "expected"),
    [
        (DayRule(5, TUESDAY), 2026, 3, date(2026, 3, 31)),  # March 2026 has 5 Tuesdays
        (DayRule(LAST, TUESDAY), 2026, 3, date(2026, 3, 31)),
        (DayRule(5, TUESDAY), 2026, 4, None),  # April 2026 has 4 Tuesdays
        (DayRule(LAST, TUESDAY), 2026, 4, date(2026, 4, 28)),
        (DayRule(2, TUESDAY), 2026, 4, date(2026, 4, 14)),
        (DayRule(4, THURSDAY), 2026, 4, date(2026, 4, 23)),
        (DayRule(1, TUESDAY), 2026, 9, date(2026, 9, 1)),  # the month starts on a Tuesday
        (DayRule(5, THURSDAY), 2026, 2, None),  # February 2026 is exactly four weeks
        (DayRule(LAST, SATURDAY), 2026, 2, date(2026, 2, 28)),
        (DayRule(5, THURSDAY), 2024, 2, date(2024, 2, 29)),  # leap year
        (DayRule(LAST, TUESDAY), 2000, 2, date(2000, 2, 29)),  # 2000 is a leap year
        (DayRule(LAST, SATURDAY), 2100, 2, date(2100, 2, 27)),  # 2100 is not
        (DayRule(LAST, TUESDAY), 2025, 12, date(2025, 12, 30)),
        (DayRule(5, SATURDAY), 2026, 1, date(2026, 1, 31)),
    ],
)
def test_date_in_handles_month_edges(
    rule: DayRule, year: int, month: int, expected: date | None
) -> None:
    """5th and last weekdays, February and leap years give the right date or None."""
    assert rule.date_in(year, month) == expected


@given(rules, st.integers(1900, 2200), st.integers(1, 12))
def test_date_in_matches_a_brute_force_count(rule: DayRule, year: int, month: int) -> None:
    """date_in agrees with listing the month's days of that weekday and picking one."""
    length = calendar.monthrange(year, month)[1]
    matching = [
        date(year, month, day)
        for day in range(1, length + 1)
        if date(year, month, day).weekday() == rule.weekday
    ]
    if rule.ordinal == LAST:
        expected: date | None = matching[-1]
    else:
        expected = matching[rule.ordinal - 1] if rule.ordinal <= len(matching) else None
    assert rule.date_in(year, month) == expected


def test_session_dates_are_sorted_across_months_and_years() -> None:
    """Two rules over four months give both days of every month, sorted, across New Year."""
    second_tuesday, fourth_thursday = parse_day_rule("2. tiistai"), parse_day_rule("4th Thursday")
    days = session_dates([fourth_thursday, second_tuesday], date(2025, 12, 1), date(2026, 3, 31))
    assert days == [
        date(2025, 12, 9),
        date(2025, 12, 25),
        date(2026, 1, 13),
        date(2026, 1, 22),
        date(2026, 2, 10),
        date(2026, 2, 26),
        date(2026, 3, 10),
        date(2026, 3, 26),
    ]


def test_session_dates_include_both_ends() -> None:
    """Start and end are inclusive; a day just outside them is left out."""
    rule_days = [parse_day_rule("2nd Tuesday"), parse_day_rule("4th Thursday")]
    assert session_dates(rule_days, date(2026, 1, 13), date(2026, 1, 22)) == [
        date(2026, 1, 13),
        date(2026, 1, 22),
    ]
    assert session_dates(rule_days, date(2026, 1, 14), date(2026, 1, 21)) == []


def test_session_dates_are_unique_when_rules_coincide() -> None:
    """Rules naming the same day (5th and last Tuesday of March 2026) give it once."""
    rule_days = [DayRule(5, TUESDAY), DayRule(LAST, TUESDAY), parse_day_rule("5. tiistai")]
    assert session_dates(rule_days, date(2026, 3, 1), date(2026, 4, 30)) == [
        date(2026, 3, 31),
        date(2026, 4, 28),
    ]


def test_session_dates_of_an_empty_range_are_empty() -> None:
    """An end before the start gives no dates rather than an error."""
    assert session_dates([DayRule(1, 0)], date(2026, 5, 1), date(2026, 4, 1)) == []


def test_session_dates_refuse_datetimes() -> None:
    """A datetime passed as a date is refused instead of compared by accident."""
    with pytest.raises(TypeError, match="start must be a datetime.date"):
        session_dates([DayRule(1, 0)], datetime(2026, 1, 1, tzinfo=UTC), date(2026, 2, 1))


@given(st.lists(rules, max_size=4), st.dates(date(2000, 1, 1), date(2100, 12, 31)))
def test_session_dates_match_their_rules(rule_days: list[DayRule], start: date) -> None:
    """Every date returned matches a rule, lies in range, and dates are strictly increasing."""
    end = date(start.year + 1, start.month, 1)
    days = session_dates(rule_days, start, end)
    assert days == sorted(set(days))
    for day in days:
        assert start <= day <= end
        assert any(rule.date_in(day.year, day.month) == day for rule in rule_days)

"""Day rules: which day of each month a group meets, e.g. "2nd Tuesday" or "2. tiistai"."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

__all__ = ["LAST", "DayRule", "check_date", "parse_day_rule", "session_dates"]

LAST = -1
"""The ordinal of "last Friday" / "viimeinen perjantai"."""

_WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS_FI = (
    "maanantai",
    "tiistai",
    "keskiviikko",
    "torstai",
    "perjantai",
    "lauantai",
    "sunnuntai",
)
_WEEKDAY_ABBREVIATIONS = (
    ("mon", "ma"),
    ("tue", "tues", "ti"),
    ("wed", "ke"),
    ("thu", "thur", "thurs", "to"),
    ("fri", "pe"),
    ("sat", "la"),
    ("sun", "su"),
)
_WEEKDAYS: dict[str, int] = {
    name: weekday
    for weekday, names in enumerate(
        zip(_WEEKDAYS_EN, _WEEKDAYS_FI, _WEEKDAY_ABBREVIATIONS, strict=True)
    )
    for name in (names[0], names[1], *names[2])
}
_ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "last": LAST,
    "ensimmäinen": 1,
    "toinen": 2,
    "kolmas": 3,
    "neljäs": 4,
    "viides": 5,
    "viimeinen": LAST,
}
_ENGLISH_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}
_RULE = re.compile(
    r"(?:(?P<number>\d+)(?:(?:st|nd|rd|th)\.?\s*|\.\s*|\s+)|(?P<word>[^\W\d_]+)\s+)"
    r"(?P<weekday>[^\W\d_]+)"
)
_EXAMPLES = "e.g. '2nd Tuesday', 'last Friday', '2. tiistai' or 'viimeinen perjantai'"


def check_date(value: date, name: str = "day") -> date:
    """Return `value` if it is a plain date; a datetime here is a bug, so refuse it."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")
    return value


@dataclass(frozen=True)
class DayRule:
    """The `ordinal`-th (1–5, or LAST) `weekday` (0 = Monday) of a month."""

    ordinal: int
    weekday: int

    def __post_init__(self) -> None:
        if self.ordinal not in (1, 2, 3, 4, 5, LAST):
            raise ValueError(f"ordinal must be 1-5 or LAST (-1), not {self.ordinal}")
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {self.weekday}")

    def date_in(self, year: int, month: int) -> date | None:
        """The matching date in that month, or None when the month has no such day."""
        first_weekday, length = calendar.monthrange(year, month)
        if self.ordinal == LAST:
            last_weekday = (first_weekday + length - 1) % 7
            return date(year, month, length - (last_weekday - self.weekday) % 7)
        day = 1 + (self.weekday - first_weekday) % 7 + 7 * (self.ordinal - 1)
        return date(year, month, day) if day <= length else None

    def describe(self, language: str = "en") -> str:
        """The rule in Finnish ("2. tiistai") or, for any other language, English."""
        if language == "fi":
            ordinal = "viimeinen" if self.ordinal == LAST else f"{self.ordinal}."
            return f"{ordinal} {_WEEKDAYS_FI[self.weekday]}"
        if self.ordinal == LAST:
            ordinal = "last"
        else:
            ordinal = f"{self.ordinal}{_ENGLISH_SUFFIXES.get(self.ordinal, 'th')}"
        return f"{ordinal} {_WEEKDAYS_EN[self.weekday].capitalize()}"

    def __str__(self) -> str:
        return self.describe("en")


def parse_day_rule(text: str) -> DayRule:
    """Read "2nd Tuesday", "last Friday", "2. tiistai" or "viimeinen perjantai"."""
    normalised = " ".join(text.lower().split())
    match = _RULE.fullmatch(normalised)
    if match is None:
        raise ValueError(f"cannot read day rule {text!r}: expected {_EXAMPLES}")
    weekday = _WEEKDAYS.get(match["weekday"])
    if weekday is None:
        raise ValueError(f"unknown weekday {match['weekday']!r} in day rule {text!r}")
    return DayRule(_read_ordinal(match["number"], match["word"], text), weekday)


def _read_ordinal(number: str | None, word: str | None, text: str) -> int:
    if number is not None:
        ordinal = int(number)
        if not 1 <= ordinal <= 5:
            raise ValueError(f"day rule {text!r}: the ordinal must be 1-5 or 'last'")
        return ordinal
    if word not in _ORDINAL_WORDS:
        raise ValueError(f"unknown ordinal {word!r} in day rule {text!r}: expected {_EXAMPLES}")
    return _ORDINAL_WORDS[word]


def session_dates(
    rules: Iterable[DayRule],
    start: date,
    end: date,
    *,
    skip: Callable[[date], bool] | None = None,
) -> list[date]:
    """All dates from `start` to `end` (both inclusive) matching any rule, sorted and unique.

    A date for which `skip` (e.g. a public-holiday predicate) says True is left out.
    """
    check_date(start, "start")
    check_date(end, "end")
    rules = tuple(rules)
    found: set[date] = set()
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        found.update(day for rule in rules if (day := rule.date_in(year, month)) is not None)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return sorted(day for day in found if start <= day <= end and (skip is None or not skip(day)))

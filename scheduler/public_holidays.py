"""Finnish public holidays, from the `holidays` package (never a hand-written list).

The calendar stays pure: day rules take a holiday predicate (`is_finnish_holiday`).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from holidays import HolidayBase

#: The `holidays` package's language codes for ours.
_LANGUAGES = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}


@cache
def _finland(language: str) -> HolidayBase:
    from holidays.countries.finland import Finland  # loaded when first asked (memory)

    return Finland(language=_LANGUAGES.get(language, "fi"))  # type: ignore[no-untyped-call]


def holiday_name(day: date, language: str = "fi") -> str | None:
    """The name of the Finnish public holiday on `day` in `language`, or None."""
    name = _finland(language).get(day)
    return str(name) if name else None


def is_finnish_holiday(day: date) -> bool:
    """Whether `day` is a Finnish public holiday."""
    return day in _finland("fi")

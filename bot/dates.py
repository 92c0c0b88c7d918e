"""Dates as staff type them in commands (2026-12-08 or 8.12.2026) and as the bot writes them."""

from __future__ import annotations

import re
from datetime import date

DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
    re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"),
)


def parse_date(text: str) -> date | None:
    """2026-12-08 or 8.12.2026; None if neither or not a real date."""
    for position, pattern in enumerate(DATE_FORMS):
        match = pattern.match(text.strip())
        if match:
            a, b, c = (int(part) for part in match.groups())
            try:
                return date(a, b, c) if position == 0 else date(c, b, a)
            except ValueError:
                return None
    return None


def fmt_day(day: date) -> str:
    """Finnish-style date: 8.12.2026."""
    return f"{day.day}.{day.month}.{day.year}"

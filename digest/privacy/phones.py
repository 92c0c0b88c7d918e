"""Phone numbers: Finnish-shaped candidates of our own plus libphonenumber's matcher.

`phonenumbers.PhoneNumberMatcher` (region FI, leniency VALID) finds numbers valid by the
numbering plan in any punctuation (`040.123.4567`, `+358.40…`, `040/123 4567`) and foreign
numbers; our patterns add Finnish-shaped numbers it rejects (unallocated ranges, two
numbers in a row). Both pass the same plausibility check (no dates, prices, ...).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from digest.privacy import checks, patterns

_REGION = "FI"
_DIGITS = re.compile(r"\d+")  # any script's digits: libphonenumber reads them all
# Characters kept on each side of the digits for libphonenumber. Its candidates start at
# most two lead characters with four punctuation characters each before a digit and end
# in a digit, and it reads one character beyond either end: the matches in the window are
# the matches in the whole text (a property test compares them).
MATCHER_MARGIN = 32


def phone_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of plausible phone numbers in normalised `text` (may overlap)."""
    from phonenumbers import Leniency, PhoneNumberMatcher  # loaded when a text has digits

    for pattern in (patterns.PHONE_INTERNATIONAL, patterns.PHONE_NATIONAL):
        for found in pattern.finditer(text):
            if checks.is_plausible_phone(text, found.start(), found.end()):
                yield found.start(), found.end()
    window = matcher_window(text)
    if window is None:
        return
    start, end = window
    for match in PhoneNumberMatcher(text[start:end], _REGION, leniency=Leniency.VALID):
        if checks.is_plausible_phone(text, start + match.start, start + match.end):
            yield start + match.start, start + match.end


def matcher_window(text: str) -> tuple[int, int] | None:
    """The part of `text` libphonenumber must read (its digits, MATCHER_MARGIN around
    them; long chat messages hold a number in a few words), or None without digits."""
    runs = list(_DIGITS.finditer(text))
    if not runs:
        return None
    return max(0, runs[0].start() - MATCHER_MARGIN), runs[-1].end() + MATCHER_MARGIN

"""Phone numbers: Finnish-shaped candidates of our own plus libphonenumber's matcher.

`phonenumbers.PhoneNumberMatcher` (region FI, leniency VALID) finds numbers valid by the
numbering plan in any punctuation (`040.123.4567`, `+358.40…`, `040/123 4567`) and foreign
numbers; our patterns add Finnish-shaped numbers it rejects (unallocated ranges, two
numbers in a row). Both pass the same plausibility check (no dates, prices, ...).
"""

from __future__ import annotations

from collections.abc import Iterator

from digest.privacy import checks, patterns

_REGION = "FI"


def phone_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of plausible phone numbers in normalised `text` (may overlap)."""
    from phonenumbers import Leniency, PhoneNumberMatcher  # loaded when a text has digits

    for pattern in (patterns.PHONE_INTERNATIONAL, patterns.PHONE_NATIONAL):
        for found in pattern.finditer(text):
            if checks.is_plausible_phone(text, found.start(), found.end()):
                yield found.start(), found.end()
    for match in PhoneNumberMatcher(text, _REGION, leniency=Leniency.VALID):
        if checks.is_plausible_phone(text, match.start, match.end):
            yield match.start, match.end

"""Find personal data in free text: identity codes, phone numbers, e-mail, IBAN, ...

Deliberate choices: identity codes match case-insensitively (a child's "010115a123x" typed
on a phone), since the date and check character already rule out chance matches; bare
domains need a lowercase top-level domain (fi com net org se eu io), so "kotona.Se" is
not a link; street addresses need a nominative street word and a house number.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from enum import StrEnum

from digest.privacy import checks, patterns


class PiiKind(StrEnum):
    """What kind of personal data a match is."""

    IDENTITY_CODE = "identity_code"
    PHONE = "phone"
    EMAIL = "email"
    IBAN = "iban"
    STREET_ADDRESS = "street_address"
    MENTION = "mention"
    LINK = "link"


ALL_KINDS: frozenset[PiiKind] = frozenset(PiiKind)


@dataclass(frozen=True, slots=True)
class PiiMatch:
    """One piece of personal data: `text[start:end] == value`."""

    kind: PiiKind
    start: int
    end: int
    value: str


_Accept = Callable[[str], bool]
_DETECTORS: tuple[tuple[PiiKind, re.Pattern[str], _Accept | None], ...] = (
    (PiiKind.IDENTITY_CODE, patterns.IDENTITY_CODE, checks.is_valid_identity_code),
    (PiiKind.IBAN, patterns.IBAN, checks.is_valid_iban),
    (PiiKind.EMAIL, patterns.EMAIL, None),
    (PiiKind.PHONE, patterns.PHONE_INTERNATIONAL, None),
    (PiiKind.PHONE, patterns.PHONE_NATIONAL, checks.is_plausible_national_phone),
    (PiiKind.STREET_ADDRESS, patterns.STREET_ADDRESS, None),
    (PiiKind.LINK, patterns.LINK, None),
    (PiiKind.MENTION, patterns.MENTION, None),
)
# On overlap the longer match wins; between equally long ones, the more specific kind.
_SPECIFICITY = {kind: rank for rank, kind in enumerate(dict.fromkeys(k for k, _, _ in _DETECTORS))}


def find_pii(text: str, *, kinds: Collection[PiiKind] = ALL_KINDS) -> list[PiiMatch]:
    """Non-overlapping matches of the given kinds in `text`, sorted by position."""
    candidates = [
        match
        for kind, pattern, accept in _DETECTORS
        if kind in kinds
        for match in _candidates(text, kind, pattern, accept)
    ]
    return _without_overlaps(candidates)


def _candidates(
    text: str, kind: PiiKind, pattern: re.Pattern[str], accept: _Accept | None
) -> Iterator[PiiMatch]:
    for found in pattern.finditer(text):
        if accept is None or accept(found.group()):
            yield PiiMatch(kind, found.start(), found.end(), found.group())


def _without_overlaps(candidates: list[PiiMatch]) -> list[PiiMatch]:
    """Keep the longest (then most specific, then leftmost) of overlapping matches."""
    kept: list[PiiMatch] = []
    starts: list[int] = []
    for match in sorted(candidates, key=_preference):
        index = bisect.bisect_right(starts, match.start)
        if index > 0 and kept[index - 1].end > match.start:
            continue
        if index < len(kept) and kept[index].start < match.end:
            continue
        kept.insert(index, match)
        starts.insert(index, match.start)
    return kept


def _preference(match: PiiMatch) -> tuple[int, int, int]:
    return (match.start - match.end, _SPECIFICITY[match.kind], match.start)

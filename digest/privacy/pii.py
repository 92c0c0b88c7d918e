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
_Needs = Callable[[str], object]


def _contains(*needles: str) -> _Needs:
    return lambda text: any(needle in text for needle in needles)


# Each detector: kind, pattern, a check of the candidate, and a cheap necessary condition
# (`needs`): a text that fails it cannot match the pattern, so the pattern is not run.
# test_privacy_pii.py checks on generated texts that skipping never loses a match.
_DETECTORS: tuple[tuple[PiiKind, re.Pattern[str], _Accept | None, _Needs], ...] = (
    (
        PiiKind.IDENTITY_CODE,
        patterns.IDENTITY_CODE,
        checks.is_valid_identity_code,
        re.compile(r"[0-9]{6}").search,
    ),
    (
        PiiKind.IBAN,
        patterns.IBAN,
        checks.is_valid_iban,
        re.compile(r"[A-Z]{2}[0-9]{2}", re.IGNORECASE).search,
    ),
    (PiiKind.EMAIL, patterns.EMAIL, None, _contains("@")),
    (PiiKind.PHONE, patterns.PHONE_INTERNATIONAL, None, _contains("+", "00358")),
    (
        PiiKind.PHONE,
        patterns.PHONE_NATIONAL,
        checks.is_plausible_national_phone,
        re.compile(r"0[0-9]").search,
    ),
    (
        PiiKind.STREET_ADDRESS,
        patterns.STREET_ADDRESS,
        None,
        re.compile(r"(?i:[uaeäin])[ \u00a0][0-9]").search,  # katu, tie, ... then a number
    ),
    (PiiKind.LINK, patterns.LINK, None, _contains(".", "://")),
    (PiiKind.MENTION, patterns.MENTION, None, _contains("@")),
)
# On overlap the longer match wins; between equally long ones, the more specific kind.
_SPECIFICITY = {kind: rank for rank, kind in enumerate(dict.fromkeys(d[0] for d in _DETECTORS))}


def find_pii(
    text: str, *, kinds: Collection[PiiKind] = ALL_KINDS, prefilter: bool = True
) -> list[PiiMatch]:
    """Non-overlapping matches of the given kinds in `text`, sorted by position.

    `prefilter=False` runs every pattern even where its necessary condition fails (tests).
    """
    candidates = [
        match
        for kind, pattern, accept, needs in _DETECTORS
        if kind in kinds and (not prefilter or needs(text))
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

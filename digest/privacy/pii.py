"""Find personal data in free text: identity codes, phone numbers, e-mail, IBAN, ...

Text is normalised first (normalise.py) and matches are mapped back to the original
text, so `value` is always the original slice a redaction replaces. Deliberate choices:
identity codes match case-insensitively (a child's "010115a123x" typed on a phone), since
the date and check character already rule out chance matches; bare domains need a
lowercase top-level domain (fi com net org se eu io), so "kotona.Se" is not a link;
street addresses need a street word (or a well-known name) and a house number.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection, Iterable, Iterator

from digest.privacy import checks, patterns
from digest.privacy.kinds import ALL_KINDS, PiiKind, PiiMatch
from digest.privacy.normalise import Normalised, normalise
from digest.privacy.phones import phone_spans
from digest.privacy.prefilter import kinds_possible_in

__all__ = ["ALL_KINDS", "PiiKind", "PiiMatch", "find_pii", "find_pii_apart"]

_Spans = Callable[[str], Iterable[tuple[int, int]]]


def _spans(*compiled: re.Pattern[str], accept: Callable[[str], bool] | None = None) -> _Spans:
    def spans(text: str) -> Iterator[tuple[int, int]]:
        for pattern in compiled:
            for found in pattern.finditer(text):
                if accept is None or accept(found.group()):
                    yield found.span()

    return spans


# In order of specificity: between equally long overlapping matches the earlier kind wins.
_FINDERS: tuple[tuple[PiiKind, _Spans], ...] = (
    (PiiKind.IDENTITY_CODE, _spans(patterns.IDENTITY_CODE, accept=checks.is_valid_identity_code)),
    (PiiKind.IBAN, _spans(patterns.IBAN, accept=checks.is_valid_iban)),
    (PiiKind.EMAIL, _spans(patterns.EMAIL, patterns.EMAIL_OBFUSCATED)),
    (PiiKind.PHONE, phone_spans),
    (PiiKind.STREET_ADDRESS, _spans(patterns.STREET_ADDRESS)),
    (PiiKind.LINK, _spans(patterns.LINK)),
    (PiiKind.MENTION, _spans(patterns.MENTION)),
)
_SPECIFICITY = {kind: rank for rank, (kind, _) in enumerate(_FINDERS)}


def find_pii(
    text: str, *, kinds: Collection[PiiKind] = ALL_KINDS, prefilter: bool = True
) -> list[PiiMatch]:
    """Non-overlapping matches of the given kinds in `text`, sorted by position.

    `prefilter=False` runs every finder even where its necessary condition fails (tests).
    """
    normalised = normalise(text)
    wanted = kinds_possible_in(normalised.text, kinds) if prefilter else frozenset(kinds)
    return _found(normalised, text, wanted)


def find_pii_apart(text: str, *groups: frozenset[PiiKind]) -> list[list[PiiMatch]]:
    """`[find_pii(text, kinds=group) for group in groups]`, normalising and prefiltering the
    text once: each group's matches are resolved apart, as separate calls would (the guard
    asks for the kinds it deletes for and for links, on every group message)."""
    normalised = normalise(text)
    possible = kinds_possible_in(normalised.text, frozenset().union(*groups))
    return [_found(normalised, text, possible & group) for group in groups]


def _found(normalised: Normalised, text: str, wanted: Collection[PiiKind]) -> list[PiiMatch]:
    """The non-overlapping matches of the `wanted` kinds, as spans of the original text."""
    if not wanted:
        return []
    candidates = [
        PiiMatch(kind, start, end, normalised.text[start:end])
        for kind, spans in _FINDERS
        if kind in wanted
        for start, end in spans(normalised.text)
    ]
    return _in_original(_without_overlaps(candidates), normalised, text)


def _in_original(matches: list[PiiMatch], normalised: Normalised, text: str) -> list[PiiMatch]:
    """The matches as spans and values of the original text."""
    if normalised.starts is None and normalised.text == text:
        return matches
    mapped = []
    for match in matches:
        start, end = normalised.original_span(match.start, match.end)
        mapped.append(PiiMatch(match.kind, start, end, text[start:end]))
    return _without_overlaps(mapped)  # two matches made from one expanded character


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

"""`digest.privacy.redact` with a cheap pre-check of which kinds of PII a text could hold.

Each pre-check is a necessary condition for its kind's pattern (digits for numbers, "@"
for e-mail and mentions, a dot before a word character or "://" for links, ...), so a
kind whose pre-check fails cannot match and is not searched for. The result is always
the same as `redact(text)`; most texts need no full scan at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from digest.privacy import LABELS, PiiKind, redact

_DIGITS_AND_AT = "0123456789@"
_STREET_END = re.compile(r"(?i:katu|tie|kuja|polku|väylä|kaari|rinne|gatan|vägen)[ \u00a0][0-9]")
_SPACE_DIGIT = re.compile(r"[ \u00a0][0-9]")
_LONGEST_STREET_SUFFIX = 5


def _may_have_street_address(text: str) -> bool:
    """A street-name ending right before " <digit>" (checked only around such spots)."""
    for found in _SPACE_DIGIT.finditer(text):
        start = max(0, found.start() - _LONGEST_STREET_SUFFIX)
        if _STREET_END.search(text, start, found.end()):
            return True
    return False


def _has_dot_word(text: str) -> bool:
    """Whether a "." is followed by a word character (re's \\w: `isalnum()` or "_")."""
    last = len(text) - 1  # a final "." (the usual case) is followed by nothing
    dot = text.find(".", 0, last)
    while dot != -1:
        after = text[dot + 1]
        if after.isalnum() or after == "_":
            return True
        dot = text.find(".", dot + 1, last)
    return False


_NECESSARY: tuple[tuple[PiiKind, Callable[[str], object]], ...] = (
    (PiiKind.IDENTITY_CODE, re.compile(r"[0-9]{6}").search),
    (PiiKind.PHONE, re.compile(r"[0-9]").search),
    (PiiKind.EMAIL, lambda text: "@" in text),
    (PiiKind.MENTION, lambda text: "@" in text),
    (PiiKind.IBAN, re.compile(r"[^\W\d_]{2}[0-9]{2}").search),  # any letters: case folding
    (PiiKind.STREET_ADDRESS, _may_have_street_address),
    (PiiKind.LINK, lambda text: "://" in text or _has_dot_word(text)),
)


def may_hold_pii(text: str) -> bool:
    """A digit, an "@", "://" or a dot before a word character: else no kind can match.

    Substring searches, not a regex: this runs on every exported text.
    """
    if any(map(text.__contains__, _DIGITS_AND_AT)):
        return True
    return (":" in text and "://" in text) or _has_dot_word(text)


def possible_kinds(text: str) -> frozenset[PiiKind]:
    """The kinds of PII whose necessary condition `text` meets."""
    if not may_hold_pii(text):
        return frozenset()
    return frozenset(kind for kind, may_have in _NECESSARY if may_have(text))


class Redactor:
    """Redacts texts with one language's labels, e.g. "[puhelinnumero]"."""

    __slots__ = ("_labels",)

    def __init__(self, language: str) -> None:
        self._labels: Mapping[PiiKind, str] = LABELS.get(language, LABELS["fi"])

    def __call__(self, text: str) -> str:
        """`text` with every piece of PII replaced by its label."""
        kinds = possible_kinds(text)
        if not kinds:
            return text
        return redact(text, kinds=kinds, labels=self._labels).text

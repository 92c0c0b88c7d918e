"""The digest's redactor: `digest.privacy.redact` with one language's labels.

Guard and digests share one detector (`digest.privacy.find_pii`) and its prefilters:
`may_hold_pii` and `possible_kinds` (re-exported here) are the cheap necessary conditions
find_pii itself checks first; the result is always the same as `redact(text)`.

The redactor adds a cheaper gate in front of them for the digest's bulk of texts (every
exported row): a text already in NFKC form (so normalising leaves it as it is, but for an
"O" read as zero beside a digit) in which one regex search finds no digit, "@", bracket,
"://", dot before a word character nor invisible character cannot meet `may_hold_pii`,
and is returned as it is without normalising it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from digest.privacy import LABELS, PiiKind, redact
from digest.privacy.normalise import INVISIBLE
from digest.privacy.prefilter import has_dot_word, may_hold_pii, possible_kinds

__all__ = ["Redactor", "may_hold_pii", "possible_kinds"]

# Everything `prefilter.has_any_signal` looks for (a superset: any bracket, not only "(at)"),
# and the invisible characters normalising would remove; "://" and a dot before a word
# character are checked apart. Substring searches, not a regex: a regex took most of the
# time of a clean text, and nearly every exported text is clean.
_SIGNAL_CHARACTERS = "0123456789@([{" + INVISIBLE


def surely_clean(text: str) -> bool:
    """True only for a text in which no kind of PII can be (`may_hold_pii` is false)."""
    if not (text.isascii() or unicodedata.is_normalized("NFKC", text)):
        return False
    if any(map(text.__contains__, _SIGNAL_CHARACTERS)):
        return False
    return "://" not in text and not has_dot_word(text)


class Redactor:
    """Redacts texts with one language's labels, e.g. "[puhelinnumero]"."""

    __slots__ = ("_labels",)

    def __init__(self, language: str) -> None:
        self._labels: Mapping[PiiKind, str] = LABELS.get(language, LABELS["fi"])

    def __call__(self, text: str) -> str:
        """`text` with every piece of PII replaced by its label."""
        if surely_clean(text) or not may_hold_pii(text):
            return text
        return redact(text, labels=self._labels).text

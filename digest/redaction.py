"""The digest's redactor: `digest.privacy.redact` with one language's labels.

Guard and digests share one detector (`digest.privacy.find_pii`) and its prefilters:
`may_hold_pii` and `possible_kinds` (re-exported here) are the cheap necessary conditions
find_pii itself checks first, so a text without digits, "@", links or "(at)" costs a
few substring searches; the result is always the same as `redact(text)`.
"""

from __future__ import annotations

from collections.abc import Mapping

from digest.privacy import LABELS, PiiKind, redact
from digest.privacy.prefilter import may_hold_pii, possible_kinds

__all__ = ["Redactor", "may_hold_pii", "possible_kinds"]


class Redactor:
    """Redacts texts with one language's labels, e.g. "[puhelinnumero]"."""

    __slots__ = ("_labels",)

    def __init__(self, language: str) -> None:
        self._labels: Mapping[PiiKind, str] = LABELS.get(language, LABELS["fi"])

    def __call__(self, text: str) -> str:
        """`text` with every piece of PII replaced by its label."""
        if not may_hold_pii(text):
            return text
        return redact(text, labels=self._labels).text

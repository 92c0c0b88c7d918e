"""`digest.privacy.redact` with a cheap pre-check of which kinds of PII a text could hold.

Each pre-check is a necessary condition for its kind's pattern (digits for numbers, "@"
for e-mail and mentions, a dot before a word character or "://" for links, ...), so a
kind whose pre-check fails cannot match and is not searched for. The result is always
the same as `redact(text)`; most texts need no full scan at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from digest.privacy import LABELS, PiiKind, redact

_NECESSARY: tuple[tuple[PiiKind, re.Pattern[str]], ...] = (
    (PiiKind.IDENTITY_CODE, re.compile(r"[0-9]{6}")),
    (PiiKind.PHONE, re.compile(r"[0-9]")),
    (PiiKind.EMAIL, re.compile(r"@")),
    (PiiKind.MENTION, re.compile(r"@")),
    (PiiKind.IBAN, re.compile(r"[a-z]{2}[0-9]{2}", re.IGNORECASE)),
    (
        PiiKind.STREET_ADDRESS,
        re.compile(r"(?i:katu|tie|kuja|polku|väylä|kaari|rinne|gatan|vägen)[ \u00a0][0-9]"),
    ),
    (PiiKind.LINK, re.compile(r"\.\w|://")),
)
_ANY = re.compile(r"[0-9@]|\.\w|://")


def possible_kinds(text: str) -> frozenset[PiiKind]:
    """The kinds of PII whose necessary condition `text` meets."""
    if _ANY.search(text) is None:
        return frozenset()
    return frozenset(kind for kind, pattern in _NECESSARY if pattern.search(text))


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

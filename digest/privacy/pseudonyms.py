"""Stable pseudonyms ("Vanhempi 7", "Nuori 3") from a keyed HMAC of the Telegram user id.

Nothing here keeps or prints a user id: numbers are stored under the HMAC key only.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

_ROLE_WORDS = {
    "parents": {"fi": "Vanhempi", "sv": "Förälder", "en": "Parent"},
    "youth": {"fi": "Nuori", "sv": "Ung", "en": "Youth"},
}


def pseudonym_key(secret: str, user_id: int) -> str:
    """Hex HMAC-SHA256 of the decimal user id, keyed by the deployment's secret."""
    return _KeyedHash(secret).key(user_id)


class Pseudonymizer:
    """Gives each user of one audience a numbered pseudonym, stable for this instance.

    A plain instance numbers users 1, 2, 3, ... in order of first appearance (`name`,
    `assign_in_order`). `for_members` numbers a known set by HMAC key instead, so the
    numbers reveal neither join order nor ids; later unknown users get the next numbers.
    """

    __slots__ = ("_audience", "_hash", "_language", "_numbers", "_word")

    def __init__(self, secret: str, audience: str, language: str = "fi") -> None:
        if audience not in _ROLE_WORDS:
            raise ValueError(f"audience must be one of {sorted(_ROLE_WORDS)}, not {audience!r}")
        words = _ROLE_WORDS[audience]
        if language not in words:
            raise ValueError(f"language must be one of {sorted(words)}, not {language!r}")
        self._hash = _KeyedHash(secret)
        self._audience = audience
        self._language = language
        self._word = words[language]
        self._numbers: dict[str, int] = {}

    @classmethod
    def for_members(
        cls, secret: str, audience: str, user_ids: Iterable[int], language: str = "fi"
    ) -> Pseudonymizer:
        """Number the given users 1..n in the order of their HMAC keys."""
        pseudonymizer = cls(secret, audience, language)
        for key in sorted({pseudonymizer._hash.key(user_id) for user_id in user_ids}):
            pseudonymizer._numbers[key] = len(pseudonymizer._numbers) + 1
        return pseudonymizer

    def number(self, user_id: int) -> int:
        """The user's number, assigning the next free one on first sight."""
        key = self._hash.key(user_id)
        if key not in self._numbers:
            self._numbers[key] = len(self._numbers) + 1
        return self._numbers[key]

    def name(self, user_id: int) -> str:
        """The user's pseudonym, e.g. "Vanhempi 7" or "Ung 3"."""
        return f"{self._word} {self.number(user_id)}"

    def __len__(self) -> int:
        return len(self._numbers)

    def __repr__(self) -> str:
        return (
            f"Pseudonymizer(audience={self._audience!r}, language={self._language!r}, "
            f"assigned={len(self._numbers)})"
        )


class _KeyedHash:
    """HMAC-SHA256 keyed once by the secret; the secret itself is not kept."""

    __slots__ = ("_template",)

    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("the pseudonym secret must not be empty")
        self._template = hmac.new(secret.encode(), digestmod=hashlib.sha256)

    def key(self, user_id: int) -> str:
        mac = self._template.copy()
        mac.update(str(user_id).encode())
        return mac.hexdigest()

"""The kinds of personal data the detector knows, and one match of them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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

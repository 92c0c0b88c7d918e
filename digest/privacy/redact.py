"""Replace personal data in text with bracketed labels such as "[puhelinnumero]"."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from digest.privacy.kinds import ALL_KINDS, PiiKind
from digest.privacy.pii import find_pii

LABELS: Mapping[str, Mapping[PiiKind, str]] = {
    "fi": {
        PiiKind.IDENTITY_CODE: "[henkilötunnus]",
        PiiKind.PHONE: "[puhelinnumero]",
        PiiKind.EMAIL: "[sähköposti]",
        PiiKind.IBAN: "[tilinumero]",
        PiiKind.STREET_ADDRESS: "[osoite]",
        PiiKind.MENTION: "[mainittu]",
        PiiKind.LINK: "[linkki]",
    },
    "sv": {
        PiiKind.IDENTITY_CODE: "[personbeteckning]",
        PiiKind.PHONE: "[telefonnummer]",
        PiiKind.EMAIL: "[e-post]",
        PiiKind.IBAN: "[kontonummer]",
        PiiKind.STREET_ADDRESS: "[adress]",
        PiiKind.MENTION: "[omnämnd]",
        PiiKind.LINK: "[länk]",
    },
    "en": {
        PiiKind.IDENTITY_CODE: "[identity code]",
        PiiKind.PHONE: "[phone number]",
        PiiKind.EMAIL: "[e-mail]",
        PiiKind.IBAN: "[account number]",
        PiiKind.STREET_ADDRESS: "[address]",
        PiiKind.MENTION: "[mention]",
        PiiKind.LINK: "[link]",
    },
}

# What the moderation privacy guard deletes a message for.
GUARD_KINDS: frozenset[PiiKind] = frozenset(
    {
        PiiKind.IDENTITY_CODE,
        PiiKind.PHONE,
        PiiKind.EMAIL,
        PiiKind.IBAN,
        PiiKind.STREET_ADDRESS,
    }
)


@dataclass(frozen=True, slots=True)
class Redacted:
    """Redacted text and the kind of each replaced match, in text order."""

    text: str
    found: tuple[PiiKind, ...]


def redact(
    text: str,
    *,
    kinds: Collection[PiiKind] = ALL_KINDS,
    labels: Mapping[PiiKind, str] | None = None,
) -> Redacted:
    """Replace every match of `kinds` with its label (Finnish unless `labels` says otherwise)."""
    chosen = {**LABELS["fi"], **(labels or {})}
    matches = find_pii(text, kinds=kinds)
    parts: list[str] = []
    position = 0
    for match in matches:
        parts += [text[position : match.start], chosen[match.kind]]
        position = match.end
    parts.append(text[position:])
    return Redacted("".join(parts), tuple(match.kind for match in matches))

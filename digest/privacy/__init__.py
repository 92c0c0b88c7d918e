"""Privacy for digests and the moderation guard: PII detection, redaction, pseudonyms."""

from digest.privacy.kinds import ALL_KINDS, PiiKind, PiiMatch
from digest.privacy.pii import find_pii, find_pii_apart
from digest.privacy.pseudonyms import Pseudonymizer, pseudonym_key
from digest.privacy.redact import GUARD_KINDS, LABELS, Redacted, redact

__all__ = [
    "ALL_KINDS",
    "GUARD_KINDS",
    "LABELS",
    "PiiKind",
    "PiiMatch",
    "Pseudonymizer",
    "Redacted",
    "find_pii",
    "find_pii_apart",
    "pseudonym_key",
    "redact",
]

"""Cheap necessary conditions: which kinds of PII a text could hold at all.

Each condition is implied by every match of its kind (digits for numbers, "@" or a
bracketed "(at)" for e-mail, a dot before a word character or "://" for links, ...), so a
kind whose condition fails cannot match and is not searched for. They run on normalised
text (normalise.py): fullwidth digits or a zero-width space cannot hide a kind from them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import lru_cache

from digest.privacy import checks, patterns
from digest.privacy.kinds import ALL_KINDS, PiiKind
from digest.privacy.normalise import normalised_text

_DIGITS = "0123456789"
_DIGITS_AND_AT = _DIGITS + "@"


def has_dot_word(text: str) -> bool:
    """Whether a "." is followed by a word character (re's \\w: `isalnum()` or "_")."""
    last = len(text) - 1  # a final "." (the usual case) is followed by nothing
    dot = text.find(".", 0, last)
    while dot != -1:
        after = text[dot + 1]
        if after.isalnum() or after == "_":
            return True
        dot = text.find(".", dot + 1, last)
    return False


def _may_have_bracketed_at(text: str) -> bool:
    """An "(at)", "[at]", "{a}" ... as in an obfuscated e-mail address."""
    return ("(" in text or "[" in text or "{" in text) and bool(
        patterns.OBFUSCATED_AT.search(text)
    )


_SPACE_DIGIT = re.compile(r"[ \u00a0][0-9]")


def _may_have_street_address(text: str) -> bool:
    """A house number (a space and a digit) right after a street word or a well-known name,
    or followed by a stair and flat: a capitalised word and a number are not enough."""
    for found in _SPACE_DIGIT.finditer(text):
        space = found.start()
        if patterns.HOUSE_STAIR_FLAT.match(text, space):
            return True
        words = _street_words_ending_in(text[space - 1]) if space else None
        reach = max(0, space - patterns.STREET_WORD_REACH)
        if words is not None and words.search(text, reach, space):
            return True
    return False


@lru_cache(maxsize=512)
def _street_words_ending_in(letter: str) -> re.Pattern[str] | None:
    """The street words that may end in `letter` (in any case, as IGNORECASE reads it), as
    one pattern anchored at the end of the searched span; None when none may."""
    words = [word for word in patterns.STREET_WORDS if re.fullmatch(f"(?i:{word[-1]})", letter)]
    return re.compile(f"(?i:{'|'.join(words)})\\Z") if words else None


_NECESSARY: dict[PiiKind, Callable[[str], object]] = {
    PiiKind.IDENTITY_CODE: re.compile(r"[0-9]{6}").search,
    PiiKind.PHONE: checks.PHONE_DIGIT_RUN.search,
    PiiKind.EMAIL: lambda text: "@" in text or _may_have_bracketed_at(text),
    PiiKind.MENTION: lambda text: "@" in text,
    # what the IBAN pattern's IGNORECASE accepts as A-Z: also dotless ı, long ſ, Kelvin K
    # (not glued to a letter or digit before, as the IBAN pattern's lookbehind says)
    PiiKind.IBAN: re.compile(r"(?<![A-Za-z0-9])[A-Za-z\u0131\u017f\u212a]{2}[ -]?[0-9]{2}").search,
    PiiKind.STREET_ADDRESS: _may_have_street_address,
    PiiKind.LINK: lambda text: "://" in text or has_dot_word(text),
}


def has_any_signal(normalised: str) -> bool:
    """A digit, an "@", "://", a dot before a word character or "(at)": else no kind matches.

    Substring searches first, not a regex: this runs on every message and exported text.
    """
    if any(map(normalised.__contains__, _DIGITS_AND_AT)):
        return True
    return (
        (":" in normalised and "://" in normalised)
        or has_dot_word(normalised)
        or _may_have_bracketed_at(normalised)
    )


# Digits each kind's necessary condition holds at least (a count first: one C-level scan
# per digit spares a text with a date or a time the number patterns' searches).
_MIN_DIGITS: dict[PiiKind, int] = {
    PiiKind.IDENTITY_CODE: 6,
    PiiKind.PHONE: 7,
    PiiKind.IBAN: 2,
    PiiKind.STREET_ADDRESS: 1,
}


def kinds_possible_in(normalised: str, kinds: Collection[PiiKind]) -> frozenset[PiiKind]:
    """Those of `kinds` whose necessary condition the normalised text meets."""
    if not has_any_signal(normalised):
        return frozenset()
    digits = sum(map(normalised.count, _DIGITS))
    return frozenset(
        kind
        for kind in kinds
        if digits >= _MIN_DIGITS.get(kind, 0) and _NECESSARY[kind](normalised)
    )


def may_hold_pii(text: str) -> bool:
    """Whether any kind of PII could be in `text` (checked on its normalised form)."""
    return has_any_signal(normalised_text(text))


def possible_kinds(text: str) -> frozenset[PiiKind]:
    """The kinds of PII whose necessary condition `text` (normalised) meets."""
    return kinds_possible_in(normalised_text(text), ALL_KINDS)

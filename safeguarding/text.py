"""Normalise a message and cut it into clauses of word tokens.

A clause ends at punctuation (. , : ! ? ;) or a line break: no phrase matches across one.
Words inside double quotation marks are marked `quoted` (see the news rule in `matcher`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_APOSTROPHES = re.compile("[\u2019\u2018\u02bc`]")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_SCAN = re.compile(
    rf"(?P<word>{_WORD.pattern})"
    r"|(?P<stop>[.,:!?;]+|\n)"
    r"|(?P<quote>[\"\u201c\u201d\u201e\u00ab\u00bb])"
)
_LINK = re.compile(r"https?://|www\.")


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a message, lower-cased, and whether it stands inside quotation marks."""

    text: str
    quoted: bool


def normalise(text: str) -> str:
    """NFKC, lower case, zero-width characters removed, typographic apostrophes made plain."""
    text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFKC", text))
    return _APOSTROPHES.sub("'", text).lower()


def has_link(text: str) -> bool:
    """Whether the (normalised) text contains a web link."""
    return _LINK.search(text) is not None


def clauses(text: str) -> list[list[Word]]:
    """The normalised text's words, cut into clauses at . , : ! ? ; and line breaks."""
    result: list[list[Word]] = []
    current: list[Word] = []
    quoted = False
    for found in _SCAN.finditer(text):
        kind = found.lastgroup
        if kind == "word":
            current.append(Word(found.group(), quoted))
        elif kind == "quote":
            quoted = not quoted
        elif current:
            result.append(current)
            current = []
    if current:
        result.append(current)
    return result


def words(text: str) -> list[str]:
    """Just the words of an already normalised text."""
    return _WORD.findall(text)


__all__ = ["Word", "clauses", "has_link", "normalise", "words"]

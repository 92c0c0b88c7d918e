"""Text as the detectors read it, with a map back to the original text.

Evasions seen in real chats are undone before matching: NFKC (fullwidth digits, ligatures,
compatibility spaces), invisible characters removed (zero-width space/joiners, word joiner,
byte order mark, soft hyphen), and a letter O or o read as zero inside a run of digits
("O4O 123 4567"). Other scripts' digits stay as they are (the patterns read only 0-9).
A no-break space is kept: the number patterns give it a meaning of its own (grouped sums).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_O_BESIDE_DIGIT = re.compile(r"[0-9][Oo]|[Oo][0-9]")  # a cheap gate for the one below
# A run of O/o with a digit on one side and no letter on the other: "O4O", "12OO", "3O8T".
_O_FOR_ZERO = re.compile(r"(?<=[0-9])[Oo]+(?![^\W\d_])|(?<![^\W\d_])[Oo]+(?=[0-9])")
_KEPT = "\u00a0"
_DROP_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))


@dataclass(frozen=True, slots=True)
class Normalised:
    """The normalised text; `starts`/`ends` give each character's source span (None: same)."""

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that `text[start:end]` was made from."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def normalise(text: str) -> Normalised:
    """`text` as the detectors read it; cheap when there is nothing to undo."""
    if text.isascii() or (
        unicodedata.is_normalized("NFKC", text) and not any(map(text.__contains__, INVISIBLE))
    ):
        normalised = Normalised(text)
    else:
        normalised = _rebuilt(text)
    if _O_BESIDE_DIGIT.search(normalised.text):
        folded = _O_FOR_ZERO.sub(lambda found: "0" * len(found.group()), normalised.text)
        normalised = Normalised(folded, normalised.starts, normalised.ends)
    return normalised


def normalised_text(text: str) -> str:
    """Only the normalised text (for checks that need no way back)."""
    return normalise(text).text


def _rebuilt(text: str) -> Normalised:
    """Normalise each character with its combining marks, noting where each came from."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    while position < len(text):
        end = position + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        piece = _normalised_piece(text[position:end])
        parts.append(piece)
        starts += [position] * len(piece)
        ends += [end] * len(piece)
        position = end
    return Normalised("".join(parts), tuple(starts), tuple(ends))


def _normalised_piece(piece: str) -> str:
    if piece == _KEPT:
        return piece
    return unicodedata.normalize("NFKC", piece.translate(_DROP_INVISIBLE))

"""Source lines of TOML tables and keys, for error messages (tomllib gives no positions).

A small scanner, not a parser: it reads `[table]` headers and `name =` lines at the top
level of a document that tomllib has already accepted, skipping the insides of strings,
arrays and inline tables.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["KeyPath", "LineIndex", "index_lines", "line_nested_deeper_than"]

KeyPath = tuple[str, ...]

_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_DOTTED_KEY = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER = re.compile(rf"\s*\[\[?\s*(?P<path>{_DOTTED_KEY})\s*\]\]?\s*(?:#.*)?")
_KEY = re.compile(rf"\s*(?P<path>{_DOTTED_KEY})\s*=")
_PART = re.compile(_KEY_PART)
_TRIPLE_QUOTES = ('"""', "'''")


@dataclass(frozen=True)
class LineIndex:
    """The first line on which each table header or key appears (1-based)."""

    lines: Mapping[KeyPath, int]

    def line_of(self, path: KeyPath) -> int:
        """The line of `path`, else of its nearest enclosing table or key, else 1."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def index_lines(source: str) -> LineIndex:
    """Index the table headers and keys of a TOML document by their dotted paths."""
    found: dict[KeyPath, int] = {}
    table: KeyPath = ()
    depth, quote = 0, ""
    for number, line in enumerate(source.split("\n"), start=1):
        rest = line
        if depth == 0 and not quote:
            if header := _HEADER.fullmatch(line):
                table = _split(header["path"])
                found.setdefault(table, number)
                continue
            if key := _KEY.match(line):
                found.setdefault(table + _split(key["path"]), number)
                rest = line[key.end() :]
        depth, quote, _peak = _scan(rest, depth, quote)
    return LineIndex(MappingProxyType(found))


def line_nested_deeper_than(source: str, limit: int) -> int | None:
    """The first line where arrays and inline tables nest more than `limit` deep, if any."""
    depth, quote = 0, ""
    for number, line in enumerate(source.split("\n"), start=1):
        depth, quote, peak = _scan(line, depth, quote, limit=limit)
        if peak > limit:
            return number
    return None


def _split(dotted: str) -> KeyPath:
    return tuple(part.strip("\"'") for part in _PART.findall(dotted))


def _scan(text: str, depth: int, quote: str, *, limit: int = -1) -> tuple[int, str, int]:
    """Bracket depth and the open multi-line string quote ("" if none) after `text`, and the
    deepest depth reached on it (the scan stops once it passes `limit`, when one is given)."""
    position, peak = 0, depth
    while position < len(text):
        if quote:
            close = _closing_quote(text, position, quote)
            if close < 0:
                break
            position, quote = close + len(quote), ""
            continue
        char = text[position]
        if char == "#":
            break
        if text.startswith(_TRIPLE_QUOTES, position):
            quote = text[position : position + 3]
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            peak = max(peak, depth)
            if 0 <= limit < peak:
                break
        elif char in "]}":
            depth -= 1
        position += len(quote) or 1
    if len(quote) == 1:  # a one-line string cannot continue on the next line
        quote = ""
    return depth, quote, peak


def _closing_quote(text: str, start: int, quote: str) -> int:
    """Where `quote` closes in `text` from `start`, honouring escapes in basic strings."""
    position = start
    while (position := text.find(quote, position)) >= 0:
        backslashes = len(text[start:position]) - len(text[start:position].rstrip("\\"))
        if quote.startswith("'") or backslashes % 2 == 0:
            return position
        position += 1
    return -1

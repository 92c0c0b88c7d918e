"""Texts over Telegram's limits: split (for lists sent knowingly) or truncated (for the rest).

Lengths are UTF-16 code units, as Telegram counts them, of the raw text (tags included: never
less than what Telegram counts after parsing). With `html`, a cut never falls inside a tag or an
entity (`&amp;`), and tags open at a cut are closed before it and reopened after it.
"""

from __future__ import annotations

import re

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
MARKER = "…"
_TOKEN = re.compile(r"<[^<>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);|[^<&]+|[<&]")
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)")


def units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MESSAGE_LIMIT, *, html: bool = True) -> list[str]:
    """`text` in parts of at most `limit`, cut at line ends where possible (the newline at a
    cut is dropped), else at a space, else anywhere but inside a tag or an entity."""
    if units(text) <= limit:
        return [text]
    splitter = _Splitter(limit, html)
    for line in text.split("\n"):
        splitter.add_line(line)
    return splitter.finish()


def truncate_text(text: str, limit: int, *, html: bool = True) -> str:
    """`text` cut to fit `limit` with MARKER at the end (unchanged when it fits)."""
    if units(text) <= limit:
        return text
    return split_text(text, limit - units(MARKER), html=html)[0] + MARKER


class _Splitter:
    """Fills parts line by line; tracks the tags open at the end of the current part."""

    def __init__(self, limit: int, html: bool) -> None:
        self.limit, self.html = limit, html
        self.parts: list[str] = []
        self.open: list[tuple[str, str]] = []  # (name, opening tag) still open
        self.current = ""
        self.fresh = True  # nothing but reopened tags in the current part yet

    def add_line(self, line: str) -> None:
        joined = line if self.fresh else f"\n{line}"
        after = _open_after(self.open, line) if self.html else []
        if self._fits(self.current + joined, after):
            self._append(joined, after)
            return
        if not self.fresh:
            self._flush()
            if self._fits(self.current + line, after):
                self._append(line, after)
                return
        for token in _TOKEN.findall(line) if self.html else [line]:
            self._add_token(token)

    def finish(self) -> list[str]:
        if not self.fresh:
            self._flush()
        return self.parts

    def _add_token(self, token: str) -> None:
        is_markup = self.html and token[0] in "<&" and len(token) > 1
        if is_markup:
            after = _open_after(self.open, token)
            if not self._fits(self.current + token, after) and not self.fresh:
                self._flush()
            self.current += token
            self.open = after
            self.fresh = self.fresh and token.startswith("<")
            return
        while token:
            room = self.limit - units(self.current) - units(_closing(self.open))
            if units(token) <= room:
                self._append(token, self.open)
                return
            cut = _cut(token, room)
            if cut == 0 and self.fresh:  # not even one character fits an empty part
                cut = 1
            if cut:
                self._append(token[:cut], self.open)
            self._flush()
            token = token[cut:]

    def _fits(self, text: str, open_tags: list[tuple[str, str]]) -> bool:
        return units(text) + units(_closing(open_tags)) <= self.limit

    def _append(self, text: str, open_tags: list[tuple[str, str]]) -> None:
        self.current += text
        self.open = open_tags
        self.fresh = False

    def _flush(self) -> None:
        self.parts.append(self.current + _closing(self.open))
        self.current = "".join(opening for _name, opening in self.open)
        self.fresh = True


def _cut(text: str, room: int) -> int:
    """Where to cut `text` to keep at most `room` units: after a space if there is one."""
    end = 0
    for index, char in enumerate(text):
        room -= 2 if ord(char) > 0xFFFF else 1
        if room < 0:
            break
        end = index + 1
    space = text.rfind(" ", 0, end)
    return space + 1 if space > 0 and end < len(text) else end


def _open_after(open_tags: list[tuple[str, str]], text: str) -> list[tuple[str, str]]:
    """The tags open after `text`, given those open before it."""
    result = list(open_tags)
    for match in _TAG.finditer(text):
        closing, name = match[1] == "/", match[2].lower()
        if not closing:
            end = text.find(">", match.end())
            result.append((name, text[match.start() : end + 1]))
        elif result and result[-1][0] == name:
            result.pop()
    return result


def _closing(open_tags: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _opening in reversed(open_tags))

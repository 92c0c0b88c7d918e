"""Markdown and MarkdownV2 parse modes with Telegram's error texts."""

from __future__ import annotations

from dataclasses import dataclass, field

from sandbox.entities import byte_offset, entities_error, utf16_len
from sandbox.models import JsonDict

_RESERVED_V2 = frozenset("_*[]()~`>#+-=|{}.!")
_V2_TOGGLES = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
}
_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
    "blockquote": "BlockQuote",
}


@dataclass
class _Open:
    kind: str
    offset: int
    index: int


@dataclass
class _Parser:
    src: str
    i: int = 0
    parts: list[str] = field(default_factory=list)
    length: int = 0
    stack: list[_Open] = field(default_factory=list)
    entities: list[JsonDict] = field(default_factory=list)

    def emit(self, text: str) -> None:
        self.parts.append(text)
        self.length += utf16_len(text)

    def add(self, entity: JsonDict, offset: int) -> None:
        if self.length > offset:
            self.entities.append({**entity, "offset": offset, "length": self.length - offset})

    def unclosed(self, opened: _Open) -> Exception:
        name = _NAMES.get(opened.kind, opened.kind)
        offset = byte_offset(self.src, opened.index)
        return entities_error(f"Can't find end of {name} entity at byte offset {offset}")

    def result(self) -> tuple[str, list[JsonDict]]:
        return "".join(self.parts), self.entities


def _read_until(p: _Parser, start: int, closer: str, escapes: bool) -> tuple[str, int] | None:
    """Raw text from `start` to the next unescaped `closer`; None when missing."""
    buf: list[str] = []
    j = start
    while j < len(p.src):
        if escapes and p.src[j] == "\\" and j + 1 < len(p.src):
            buf.append(p.src[j + 1])
            j += 2
        elif p.src.startswith(closer, j):
            return "".join(buf), j + len(closer)
        else:
            buf.append(p.src[j])
            j += 1
    return None


def _code(p: _Parser, escapes: bool) -> None:
    is_pre = p.src.startswith("```", p.i)
    marker = "```" if is_pre else "`"
    found = _read_until(p, p.i + len(marker), marker, escapes)
    if found is None:
        name = "Pre" if is_pre else "Code"
        offset = byte_offset(p.src, p.i)
        raise entities_error(f"Can't find end of {name} entity at byte offset {offset}")
    text, p.i = found
    entity: JsonDict = {"type": "code"}
    if is_pre:
        entity = {"type": "pre"}
        first, newline, rest = text.partition("\n")
        if newline and " " not in first:
            text = rest
            if first:
                entity["language"] = first
    start = p.length
    p.emit(text)
    p.add(entity, start)


def _link_target(p: _Parser, escapes: bool) -> str:
    if not p.src.startswith("(", p.i):
        raise entities_error(f"Can't find end of a URL at byte offset {byte_offset(p.src, p.i)}")
    found = _read_until(p, p.i + 1, ")", escapes)
    if found is None:
        raise entities_error(f"Can't find end of a URL at byte offset {byte_offset(p.src, p.i)}")
    url, p.i = found
    return url


def _toggle(p: _Parser, kind: str, index: int) -> None:
    if p.stack and p.stack[-1].kind == kind:
        opened = p.stack.pop()
        p.add({"type": kind}, opened.offset)
    elif any(o.kind == kind for o in p.stack):
        raise p.unclosed(p.stack[-1])
    else:
        p.stack.append(_Open(kind, p.length, index))


def _close_link(p: _Parser) -> None:
    if not p.stack or p.stack[-1].kind not in ("text_link", "custom_emoji"):
        raise _reserved("]")
    opened = p.stack.pop()
    p.i += 1
    url = _link_target(p, escapes=True)
    if opened.kind == "custom_emoji":
        emoji_id = url.rpartition("id=")[2]
        p.add({"type": "custom_emoji", "custom_emoji_id": emoji_id}, opened.offset)
    else:
        p.add({"type": "text_link", "url": url}, opened.offset)


def _reserved(char: str) -> Exception:
    return entities_error(
        f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
    )


def _quote_boundary(p: _Parser) -> None:
    """Open a blockquote at a `>` line start, close it on a line without one."""
    at_line_start = p.i == 0 or p.src[p.i - 1] == "\n"
    if not at_line_start:
        return
    quoting = any(o.kind == "blockquote" for o in p.stack)
    if p.src.startswith(">", p.i):
        if not quoting:
            p.stack.append(_Open("blockquote", p.length, p.i))
        p.i += 1
    elif quoting:
        _end_quote(p)


def _end_quote(p: _Parser) -> None:
    if not p.stack or p.stack[-1].kind != "blockquote":
        if p.stack:
            raise p.unclosed(p.stack[-1])
        return
    opened = p.stack.pop()
    end = p.length - (1 if p.parts and p.parts[-1].endswith("\n") else 0)
    if end > opened.offset:
        p.entities.append(
            {"type": "blockquote", "offset": opened.offset, "length": end - opened.offset}
        )


def parse_markdown_v2(source: str) -> tuple[str, list[JsonDict]]:
    """Text and entities of a MarkdownV2 message (reserved characters must be escaped)."""
    p = _Parser(source)
    while p.i < len(source):
        _quote_boundary(p)
        if p.i >= len(source):
            break
        char = source[p.i]
        two = source[p.i : p.i + 2]
        if char == "\\" and p.i + 1 < len(source) and 0 < ord(source[p.i + 1]) <= 126:
            p.emit(source[p.i + 1])
            p.i += 2
        elif char == "`":
            _code(p, escapes=True)
        elif two in ("__", "||") or char in "*_~":
            token = two if two in ("__", "||") else char
            _toggle(p, _V2_TOGGLES[token], p.i)
            p.i += len(token)
        elif char == "[" or two == "![":
            kind = "custom_emoji" if two == "![" else "text_link"
            p.stack.append(_Open(kind, p.length, p.i))
            p.i += len(two) if kind == "custom_emoji" else 1
        elif char == "]":
            _close_link(p)
        elif char in _RESERVED_V2:
            raise _reserved(char)
        else:
            p.emit(char)
            p.i += 1
    if p.stack and p.stack[-1].kind == "blockquote":
        _end_quote(p)
    if p.stack:
        raise p.unclosed(p.stack[-1])
    return p.result()


def parse_markdown(source: str) -> tuple[str, list[JsonDict]]:
    """Text and entities of a legacy Markdown message."""
    p = _Parser(source)
    kinds = {"*": "bold", "_": "italic"}
    while p.i < len(source):
        char = source[p.i]
        if char == "\\" and p.i + 1 < len(source) and source[p.i + 1] in "_*`[":
            p.emit(source[p.i + 1])
            p.i += 2
        elif char == "`":
            _code(p, escapes=False)
        elif char in kinds:
            found = _read_until(p, p.i + 1, char, escapes=False)
            if found is None:
                offset = byte_offset(source, p.i)
                raise entities_error(
                    f"Can't find end of the entity starting at byte offset {offset}"
                )
            text, p.i = found
            start = p.length
            p.emit(text)
            p.add({"type": kinds[char]}, start)
        elif char == "[":
            _legacy_link(p)
        else:
            p.emit(char)
            p.i += 1
    return p.result()


def _legacy_link(p: _Parser) -> None:
    found = _read_until(p, p.i + 1, "]", escapes=False)
    if found is None or not p.src.startswith("(", found[1]):
        p.emit("[")
        p.i += 1
        return
    text, p.i = found
    url = _link_target(p, escapes=False)
    start = p.length
    p.emit(text)
    p.add({"type": "text_link", "url": url}, start)

"""HTML parse mode with Telegram's error texts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sandbox.entities import byte_offset, entities_error, utf16_len
from sandbox.models import JsonDict

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}
_SUPPORTED = set(_SIMPLE_TAGS) | {"a", "span", "blockquote", "tg-emoji"}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);")
_ATTR_RE = re.compile(r"\s*([a-zA-Z0-9_-]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_TAG_NAME_RE = re.compile(r"[a-zA-Z0-9-]*")


@dataclass
class _Open:
    tag: str
    offset: int
    attrs: dict[str, str]


@dataclass
class _HtmlState:
    source: str
    parts: list[str] = field(default_factory=list)
    length: int = 0
    stack: list[_Open] = field(default_factory=list)
    entities: list[JsonDict] = field(default_factory=list)

    def emit(self, text: str) -> None:
        self.parts.append(text)
        self.length += utf16_len(text)

    def byte_offset(self, index: int) -> int:
        return byte_offset(self.source, index)


def parse_html(source: str) -> tuple[str, list[JsonDict]]:
    """Text and entities of an HTML-formatted message, with Telegram's error texts."""
    state = _HtmlState(source)
    i = 0
    while i < len(source):
        char = source[i]
        if char == "<":
            i = _tag(state, i)
        elif char == "&":
            i = _char_ref(state, i)
        else:
            nxt = min(
                (p for p in (source.find("<", i), source.find("&", i)) if p >= 0), default=-1
            )
            end = len(source) if nxt < 0 else nxt
            state.emit(source[i:end])
            i = end
    if state.stack:
        raise entities_error(
            f'Can\'t find end tag corresponding to start tag "{state.stack[-1].tag}"'
        )
    return "".join(state.parts), state.entities


def _char_ref(state: _HtmlState, i: int) -> int:
    match = _ENTITY_RE.match(state.source, i)
    if match is None:
        state.emit("&")
        return i + 1
    name = match.group(1)
    if name.startswith("#x"):
        state.emit(chr(int(name[2:], 16)))
    elif name.startswith("#"):
        state.emit(chr(int(name[1:])))
    elif name in _NAMED_ENTITIES:
        state.emit(_NAMED_ENTITIES[name])
    else:
        state.emit(match.group(0))
    return match.end()


def _tag(state: _HtmlState, i: int) -> int:
    source = state.source
    if source.startswith("</", i):
        end = source.find(">", i)
        if end < 0:
            raise entities_error(f"Unclosed end tag at byte offset {state.byte_offset(i)}")
        _close(state, source[i + 2 : end].strip().lower(), i)
        return end + 1
    name_match = _TAG_NAME_RE.match(source, i + 1)
    name = name_match.group(0).lower() if name_match else ""
    if name not in _SUPPORTED:
        raise entities_error(
            f'Unsupported start tag "{name}" at byte offset {state.byte_offset(i)}'
        )
    end = source.find(">", i)
    if end < 0:
        raise entities_error(f"Unclosed start tag at byte offset {state.byte_offset(i)}")
    attrs = _attributes(source[i + 1 + len(name) : end])
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise entities_error('Tag "span" must have class "tg-spoiler"')
    state.stack.append(_Open(name, state.length, attrs))
    return end + 1


def _attributes(text: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _ATTR_RE.finditer(text.rstrip("/")):
        value = match.group(2) or ""
        if value[:1] in ('"', "'"):
            value = value[1:-1]
        attrs[match.group(1).lower()] = _ENTITY_RE.sub(
            lambda m: _NAMED_ENTITIES.get(m.group(1), m.group(0)), value
        )
    return attrs


def _close(state: _HtmlState, name: str, index: int) -> None:
    if not state.stack:
        raise entities_error(f"Unexpected end tag at byte offset {state.byte_offset(index)}")
    opened = state.stack.pop()
    if name and name != opened.tag:
        raise entities_error(
            f"Unmatched end tag at byte offset {state.byte_offset(index)}, "
            f'expected "</{opened.tag}>", found "</{name}>"'
        )
    length = state.length - opened.offset
    if length <= 0:
        return
    entity = _entity_for(opened, state)
    if entity is not None:
        state.entities.append({**entity, "offset": opened.offset, "length": length})


def _entity_for(opened: _Open, state: _HtmlState) -> JsonDict | None:
    tag, attrs = opened.tag, opened.attrs
    if tag == "a":
        href = attrs.get("href", "")
        return {"type": "text_link", "url": href} if href else None
    if tag == "span":
        return {"type": "spoiler"}
    if tag == "blockquote":
        kind = "expandable_blockquote" if "expandable" in attrs else "blockquote"
        return {"type": kind}
    if tag == "tg-emoji":
        return {"type": "custom_emoji", "custom_emoji_id": attrs.get("emoji-id", "")}
    if tag == "code" and state.stack and state.stack[-1].tag == "pre":
        language = attrs.get("class", "").removeprefix("language-")
        if language:
            state.stack[-1].attrs["language"] = language
        return None
    if tag == "pre" and attrs.get("language"):
        return {"type": "pre", "language": attrs["language"]}
    return {"type": _SIMPLE_TAGS[tag]}

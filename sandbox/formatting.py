"""Message text formatting: the HTML parse mode, UTF-16 entity offsets, Telegram's trimming."""

from __future__ import annotations

import re

from sandbox.entities import utf16_len
from sandbox.errors import bad_request
from sandbox.html_mode import parse_html
from sandbox.models import JsonDict


def trim(text: str, entities: list[JsonDict]) -> tuple[str, list[JsonDict]]:
    """Strip surrounding whitespace like Telegram, shifting and clipping entities."""
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    limit = utf16_len(stripped)
    result: list[JsonDict] = []
    for entity in entities:
        start = max(int(entity["offset"]) - lead, 0)
        end = min(int(entity["offset"]) + int(entity["length"]) - lead, limit)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result


def format_text(text: str, parse_mode: str | None, entities: object) -> tuple[str, list[JsonDict]]:
    """Apply parse_mode (or explicit entities) and Telegram's trimming.

    Only HTML is simulated (the bot sends nothing else): Markdown, MarkdownV2 and any unknown
    mode get the 400 Telegram gives for a bad parse_mode.
    """
    mode = (parse_mode or "").lower()
    if mode == "html":
        plain, found = parse_html(text)
    elif mode:
        raise bad_request("unsupported parse_mode")
    else:
        plain = text
        found = [dict(e) for e in entities] if isinstance(entities, list) else []
    found.sort(key=lambda e: (int(e["offset"]), -int(e["length"])))
    return trim(plain, found)


def command_entities(text: str | None) -> list[JsonDict]:
    """The bot_command entity Telegram adds to a text starting with `/`."""
    if not text or not text.startswith("/"):
        return []
    match = re.match(r"/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text)
    if match is None:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}]

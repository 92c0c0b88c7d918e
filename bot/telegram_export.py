"""Read a Telegram Desktop chat export (`result.json`) into plain messages (pure, no database).

The export is one JSON object: the chat's `name`, `type`, `id` and its `messages`. A message
has `id`, `type` ("message" or "service"), `date_unixtime` (a string of seconds; `date` is
local time without a zone, so it is not used), `from_id` ("user123", or "channel…" for posts
as a channel), `text` as a string or a list of parts (strings and `{"type", "text"}` objects),
`reply_to_message_id`, `edited_unixtime` and media fields. Service messages (joins, pins,
title changes) and posts of channels are skipped; media without text counts with empty text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# Chat types of a group export; "broadcast_channel" and personal chats are not groups.
GROUP_TYPES = frozenset({"private_group", "private_supergroup", "public_supergroup"})
MEDIA_FIELDS = {
    "photo": "photo",
    "sticker_emoji": "sticker",
    "poll": "poll",
}
MEDIA_TYPES = {
    "voice_message": "voice",
    "video_message": "video_note",
    "video_file": "video",
    "animation": "animation",
    "audio_file": "audio",
    "sticker": "sticker",
}


class ExportError(Exception):
    """The file is not a usable group chat export (the message is one line)."""


@dataclass(frozen=True)
class ExportedMessage:
    """A member's message from the export."""

    message_id: int
    sent_at: datetime
    user_id: int
    text: str
    media_kind: str | None
    reply_to_message_id: int | None
    edited_at: datetime | None


@dataclass(frozen=True)
class ExportedChat:
    """The chat the export is of, its members' messages and how many entries were skipped."""

    name: str
    chat_type: str
    export_id: int
    messages: tuple[ExportedMessage, ...]
    skipped: int


def read_export(path: Path) -> ExportedChat:
    """Parse `path`; ExportError says in one line why it cannot be imported."""
    try:
        raw = json.loads(path.read_bytes())
    except OSError as exc:
        raise ExportError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ExportError(f"{path}: not JSON (expected Telegram Desktop's result.json)") from None
    return parse_export(raw, source=str(path))


def parse_export(raw: Any, *, source: str = "export") -> ExportedChat:
    """The chat of an already decoded export."""
    if not isinstance(raw, dict) or not isinstance(raw.get("messages"), list):
        raise ExportError(f"{source}: not a Telegram chat export (no 'messages' list)")
    chat_type = raw.get("type")
    if not isinstance(chat_type, str) or not isinstance(raw.get("id"), int):
        raise ExportError(f"{source}: not a single-chat export (no chat 'type' and 'id')")
    if chat_type not in GROUP_TYPES:
        raise ExportError(f"{source}: a {chat_type.replace('_', ' ')} export, not a group's")
    messages: list[ExportedMessage] = []
    skipped = 0
    for index, entry in enumerate(raw["messages"]):
        message = _message(entry, f"{source}: message #{index + 1}")
        if message is None:
            skipped += 1
        else:
            messages.append(message)
    return ExportedChat(str(raw.get("name") or ""), chat_type, raw["id"], tuple(messages), skipped)


def _message(entry: Any, where: str) -> ExportedMessage | None:
    """A member's message, or None for a service message or a channel's post."""
    if not isinstance(entry, dict):
        raise ExportError(f"{where}: not an object")
    if entry.get("type") != "message":
        return None
    user_id = _user_id(entry.get("from_id"), where)
    if user_id is None:
        return None
    return ExportedMessage(
        message_id=_int(entry, "id", where),
        sent_at=_instant(entry, "date_unixtime", where),
        user_id=user_id,
        text=plain_text(entry.get("text", "")),
        media_kind=media_kind(entry),
        reply_to_message_id=_optional_int(entry, "reply_to_message_id", where),
        edited_at=_optional_instant(entry, "edited_unixtime", where),
    )


def _user_id(from_id: Any, where: str) -> int | None:
    """The user id of "user123"; None for "channel…" (a post as a channel or group)."""
    if isinstance(from_id, str) and from_id.startswith("user") and from_id[4:].isdigit():
        return int(from_id[4:])
    if isinstance(from_id, str) and from_id.startswith("channel"):
        return None
    raise ExportError(f"{where}: 'from_id' is {from_id!r}, expected 'user123'")


def plain_text(text: Any) -> str:
    """The text of a string or a list of parts (strings and {"type", "text"} objects)."""
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        return "".join(_part_text(part) for part in text)
    return ""


def _part_text(part: Any) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, dict) and isinstance(part.get("text"), str):
        return str(part["text"])
    return ""


def media_kind(entry: dict[str, Any]) -> str | None:
    """The kind of media attached, in the live log's words (metadata only)."""
    kind = MEDIA_TYPES.get(str(entry.get("media_type", "")))
    if kind is not None:
        return kind
    for field, name in MEDIA_FIELDS.items():
        if field in entry:
            return name
    return "document" if "file" in entry else None


def _int(entry: dict[str, Any], field: str, where: str) -> int:
    value = entry.get(field)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ExportError(f"{where}: '{field}' missing or not a number")
    return value


def _optional_int(entry: dict[str, Any], field: str, where: str) -> int | None:
    return _int(entry, field, where) if entry.get(field) is not None else None


def _instant(entry: dict[str, Any], field: str, where: str) -> datetime:
    value = entry.get(field)
    if not isinstance(value, str) or not value.isdigit():
        raise ExportError(f"{where}: '{field}' missing or not Unix seconds")
    return datetime.fromtimestamp(int(value), UTC)


def _optional_instant(entry: dict[str, Any], field: str, where: str) -> datetime | None:
    return _instant(entry, field, where) if field in entry else None

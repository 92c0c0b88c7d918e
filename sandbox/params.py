"""Bot API parameter decoding: form strings to typed values, typed accessors."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from sandbox.errors import bad_request
from sandbox.models import UploadedFile

INT_PARAMS = frozenset(
    {
        "chat_id",
        "user_id",
        "message_id",
        "from_chat_id",
        "offset",
        "limit",
        "timeout",
        "until_date",
        "message_thread_id",
        "reply_to_message_id",
        "cache_time",
        "max_connections",
        "icon_color",
    }
)
BOOL_PARAMS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "drop_pending_updates",
        "show_alert",
        "revoke_messages",
        "only_if_banned",
        "use_independent_chat_permissions",
        "allow_sending_without_reply",
        "disable_web_page_preview",
        "disable_content_type_detection",
        "allow_paid_broadcast",
        "has_spoiler",
    }
)
JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "allowed_updates",
        "permissions",
        "reply_parameters",
        "link_preview_options",
        "entities",
        "caption_entities",
        "commands",
        "scope",
        "reaction",
        "message_ids",
    }
)
_INT_RE = re.compile(r"^-?\d+$")


def _decode_value(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if name in INT_PARAMS and _INT_RE.match(value):
        return int(value)
    if name in BOOL_PARAMS and value.lower() in ("true", "false", "1", "0"):
        return value.lower() in ("true", "1")
    if name in JSON_PARAMS and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError as exc:
            raise bad_request(f"can't parse {name} JSON object") from exc
    return value


def normalize(raw: Mapping[str, Any], files: Mapping[str, UploadedFile]) -> dict[str, Any]:
    """Decode form strings and resolve `attach://` references to uploaded files."""
    params: dict[str, Any] = {}
    for name, value in raw.items():
        if isinstance(value, str) and value.startswith("attach://"):
            attached = files.get(value.removeprefix("attach://"))
            params[name] = attached if attached is not None else value
            continue
        params[name] = _decode_value(name, value)
    for name, upload in files.items():
        if name not in params and not any(v is upload for v in params.values()):
            params[name] = upload
    return params


def for_record(params: Mapping[str, Any]) -> dict[str, Any]:
    """Copy of the params with uploads replaced by JSON-safe summaries."""
    return {
        key: value.describe() if isinstance(value, UploadedFile) else value
        for key, value in params.items()
    }


class Params:
    """Typed, validating access to one request's parameters."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = dict(values)

    def has(self, name: str) -> bool:
        """True when the parameter was sent."""
        return self.values.get(name) not in (None, "")

    def opt_int(self, name: str) -> int | None:
        """Optional integer parameter."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and _INT_RE.match(value.strip()):
            return int(value)
        raise bad_request(f"invalid {name} specified")

    def req_int(self, name: str, missing: str | None = None) -> int:
        """Required integer parameter."""
        value = self.opt_int(name)
        if value is None:
            raise bad_request(missing or f"{name} is empty")
        return value

    def opt_str(self, name: str) -> str | None:
        """Optional string parameter (numbers are stringified)."""
        value = self.values.get(name)
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            return json.dumps(value)
        return str(value)

    def req_str(self, name: str, missing: str | None = None) -> str:
        """Required non-empty string parameter."""
        value = self.opt_str(name)
        if not value:
            raise bad_request(missing or f"{name} is empty")
        return value

    def flag(self, name: str, default: bool = False) -> bool:
        """Boolean parameter."""
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def obj(self, name: str) -> Any:
        """Optional JSON-object parameter (already decoded or a JSON string)."""
        value = self.values.get(name)
        if isinstance(value, str):
            if not value:
                return None
            try:
                return json.loads(value)
            except ValueError as exc:
                raise bad_request(f"can't parse {name} JSON object") from exc
        return value

    def chat_id(self, name: str = "chat_id") -> int | str:
        """A chat id: integer or `@username`."""
        value = self.values.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip():
            text = value.strip()
            return int(text) if _INT_RE.match(text) else text
        raise bad_request(f"{name} is empty")

    def file(self, name: str) -> UploadedFile | str | None:
        """An uploaded file, or a file_id / URL string."""
        value = self.values.get(name)
        if isinstance(value, UploadedFile) or value is None:
            return value
        return str(value)

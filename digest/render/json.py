"""The digest as versioned JSON (schema: digest/schema/digest-v1.json)."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from digest.model import Digest

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "digest-v1.json"
FORMAT_NAME = "neuvo-digest"


def to_data(value: Any) -> Any:
    """Plain JSON data: dataclasses as objects, instants and dates as ISO 8601 text."""
    if is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_data(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    return value


def document(digest: Digest) -> dict[str, Any]:
    """The JSON document as a dict."""
    data: dict[str, Any] = {"format": FORMAT_NAME, **to_data(digest)}
    return data


def render_json(digest: Digest) -> bytes:
    """UTF-8 JSON; <, > and & are written as \\u escapes so it is inert inside HTML too."""
    encoded = json.dumps(document(digest), ensure_ascii=False, indent=2)
    for char in "<>&":
        encoded = encoded.replace(char, f"\\u{ord(char):04x}")
    return (encoded + "\n").encode("utf-8")

"""Strict parsing of inline buttons' callback data: "prefix:field:field…", ASCII only.

Buttons can be pressed long after they were sent, and any client can send any data: every
handler parses its data here and answers a refusal when it does not parse (`str.isdigit`
accepts "²", which `int` then rejects: never use it on callback data).
"""

from __future__ import annotations

import re

from aiogram.utils.i18n import gettext as _

_NUMBER = re.compile(r"[0-9]{1,18}")  # 18 digits always fit a signed 64-bit id
_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")
_MONTH = re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])")


def fields(data: str | None, prefix: str, *counts: int) -> list[str] | None:
    """The ":"-separated fields after `prefix` (which ends with ":"), if there are as many as
    one of `counts`; else None."""
    if data is None or not data.startswith(prefix):
        return None
    parts = data[len(prefix) :].split(":")
    return parts if len(parts) in counts else None


def number(text: str) -> int | None:
    """A non-negative id written in ASCII digits, else None."""
    return int(text) if _NUMBER.fullmatch(text) else None


def key(text: str) -> str | None:
    """A key (group key, theme key, choice) of ASCII letters, digits, "_" and "-", else None."""
    return text if _KEY.fullmatch(text) else None


def month(text: str) -> str | None:
    """A month written YYYY-MM, else None."""
    return text if _MONTH.fullmatch(text) else None


def stale_button_text() -> str:
    """The answer to a button whose data does not parse (or that no handler knows)."""
    return _("This button no longer works.")

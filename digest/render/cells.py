"""Spreadsheet safety: no cell a spreadsheet would run as a formula."""

from __future__ import annotations

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Prefix an apostrophe to text starting with =, +, -, @, tab or CR."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value

"""Checksums and plausibility checks that turn regex candidates into PII matches."""

from __future__ import annotations

import datetime as dt
import re

_CHECK_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_CENTURY_BY_SIGN = {
    "+": 1800,
    **dict.fromkeys("-YXWVU", 1900),
    **dict.fromkeys("ABCDEF", 2000),
}
_IDENTITY_CODE_SHAPE = re.compile(r"[0-9]{6}[-+A-FU-Y][0-9]{3}[0-9A-Y]")

# Full IBAN length per country (ISO 13616 registry), SEPA and neighbours.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "BA": 20, "BE": 16, "BG": 22, "CH": 21,
    "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FO": 18,
    "FR": 27, "GB": 22, "GI": 23, "GL": 18, "GR": 27, "HR": 21, "HU": 28, "IE": 22,
    "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "ME": 22,
    "MK": 19, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "RS": 22,
    "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TR": 26, "UA": 29, "VA": 22,
}  # fmt: skip
_IBAN_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]+")

_GROUP_SEPARATORS = re.compile(r"[ \u00a0-]")


def identity_code_check_char(digits: str) -> str:
    """The check character for the nine digits DDMMYYZZZ of an identity code."""
    return _CHECK_CHARS[int(digits) % 31]


def is_valid_identity_code(code: str) -> bool:
    """True if `code` (case-insensitive) is a Finnish identity code with a real date and check."""
    code = code.upper()
    if not _IDENTITY_CODE_SHAPE.fullmatch(code):
        return False
    day, month, year = int(code[0:2]), int(code[2:4]), int(code[4:6])
    try:
        dt.date(_CENTURY_BY_SIGN[code[6]] + year, month, day)
    except ValueError:
        return False
    return identity_code_check_char(code[:6] + code[7:10]) == code[10]


def is_valid_iban(iban: str) -> bool:
    """True if `iban` (spaces allowed) has its country's length and passes the mod-97 check."""
    compact = iban.replace(" ", "").upper()
    if not _IBAN_SHAPE.fullmatch(compact) or len(compact) != IBAN_LENGTHS.get(compact[:2]):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def is_plausible_national_phone(candidate: str) -> bool:
    """False for digit runs shaped like time ranges (08-10 14-16) or dates (09-12-2024)."""
    groups = _GROUP_SEPARATORS.split(candidate.replace("(", "").replace(")", ""))
    groups = [group for group in groups if group]
    if len(groups) > 1 and all(len(group) <= 2 for group in groups):
        return False
    return not _looks_like_date(groups)


def _looks_like_date(groups: list[str]) -> bool:
    if [len(group) for group in groups] != [2, 2, 4]:
        return False
    day, month, year = (int(group) for group in groups)
    return 1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2099

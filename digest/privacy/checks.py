"""Checksums and plausibility checks that turn candidates into PII matches.

Identity codes and IBANs are checked by python-stdnum (`stdnum.fi.hetu` knows the 2023
century signs Y X W V U and B C D E F); phone candidates are checked here against the
number shapes that are not phones: dates, times, year ranges, prices and order numbers.
"""

from __future__ import annotations

import re

# Full IBAN length per country (ISO 13616 registry), SEPA and neighbours: the candidate
# pattern needs it to know where an IBAN ends.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "BA": 20, "BE": 16, "BG": 22, "CH": 21,
    "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FO": 18,
    "FR": 27, "GB": 22, "GI": 23, "GL": 18, "GR": 27, "HR": 21, "HU": 28, "IE": 22,
    "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "ME": 22,
    "MK": 19, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "RS": 22,
    "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TR": 26, "UA": 29, "VA": 22,
}  # fmt: skip

# Seven digits with at most three non-word characters between neighbours: every phone has it.
PHONE_DIGIT_RUN = re.compile(r"[0-9](?:\W{0,3}[0-9]){6}")
_GROUP_SEPARATORS = re.compile(r"[^0-9]+")
_GLUED_BEFORE = re.compile(r"(?:[0-9][.,]|[#€$][ ]?)$")
_STARTS_AS_AMOUNT = re.compile(r"\s?(?:[€$%]|e\b|eur|euro|kr\b|[.,][0-9])", re.IGNORECASE)


def is_valid_identity_code(code: str) -> bool:
    """A Finnish identity code (any case) with a real date, serial and check character."""
    from stdnum.fi import hetu  # python-stdnum loads with the first candidate (memory)

    return hetu.is_valid(code.upper(), allow_temporary=True)


def is_valid_iban(candidate: str) -> bool:
    """An IBAN (spaces or hyphens allowed) with its country's format and mod-97 check."""
    from stdnum import iban

    return iban.is_valid(candidate.replace("-", " "))


def is_plausible_phone(text: str, start: int, end: int) -> bool:
    """False for candidates shaped like dates, times, year ranges, prices or order numbers."""
    candidate = text[start:end]
    if not PHONE_DIGIT_RUN.search(candidate):
        return False
    if _GLUED_BEFORE.search(text, max(0, start - 2), start):
        return False  # tail of 25,050 or of an order "#..."
    if _STARTS_AS_AMOUNT.match(text, end):
        return False  # 1 200 000 €, 12,5 %, 040.123.4567.89
    groups = [group for group in _GROUP_SEPARATORS.split(candidate) if group]
    return not (_is_times(groups) or _is_date(groups) or _is_year_range(groups))


def _is_times(groups: list[str]) -> bool:
    """08-10 14-16: every group of one or two digits."""
    return len(groups) > 1 and all(len(group) <= 2 for group in groups)


def _is_date(groups: list[str]) -> bool:
    """09-12-2024, 12.10.2024, 2024-03-05."""
    lengths = [len(group) for group in groups]
    if len(groups) != 3 or not (lengths[2] == 4 or lengths[0] == 4):
        return False
    numbers = [int(group) for group in groups]
    year, month, day = numbers if lengths[0] == 4 else numbers[::-1]
    return 1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2099


def _is_year_range(groups: list[str]) -> bool:
    """2017–2018."""
    return len(groups) == 2 and all(len(g) == 4 and 1900 <= int(g) <= 2099 for g in groups)

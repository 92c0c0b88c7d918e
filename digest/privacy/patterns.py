"""Compiled regular expressions that find PII candidates; checks.py confirms some of them.

Digits are spelled `[0-9]` (`\\d` would also accept other scripts' digits). Groups of a
number may be separated by a space, a no-break space or a hyphen, never by `.` or `,`,
so dates (12.10.2024) and prices (25,50 €) are not numbers of ours. A phone number may
follow another number after a plain space, not after a no-break space (grouped sums).
"""

from __future__ import annotations

import re

from digest.privacy.checks import IBAN_LENGTHS

IDENTITY_CODE = re.compile(
    r"""
    (?<!\w)
    [0-9]{6}                # DDMMYY
    [-+A-FU-Y]              # century sign: + 1800s, - Y X W V U 1900s, A-F 2000s
    [0-9]{3}                # individual number ZZZ
    [0-9A-Y]                # check character (validated in checks.py)
    (?!\w)
    """,
    re.VERBOSE | re.IGNORECASE,
)

_NOT_AN_AMOUNT = r"(?![ \u00a0]?[€$%])"  # "+15 100 000 €" is money, not a phone number

PHONE_INTERNATIONAL = re.compile(
    rf"""
    (?<![\w+])
    (?:
        (?:\+|(?<![0-9][\u00a0.,-])00)358       # +358 or 00358, not inside a number
        [ \u00a0-]?(?:\(0\)[ \u00a0-]?)?        # optional "(0)" as in +358 (0)40 ...
        [1-9](?:[ \u00a0-]?[0-9]){{5,9}}        # 6-10 digits without the trunk 0
      |
        \+[1-9](?:[ \u00a0-]?[0-9]){{7,14}}     # other countries: E.164, 8-15 digits
    )
    (?!\w){_NOT_AN_AMOUNT}
    """,
    re.VERBOSE,
)

PHONE_NATIONAL = re.compile(
    rf"""
    (?<![\w+\#/])                   # not glued to a word, "+", order "#" or a path
    (?<![0-9][\u00a0.,-])           # not the tail of 25,050, 2024-03-05 or a grouped sum
    (?:
        \(?0(?:4[0-9]|50|1[3-9])\)?     # mobile 040-050, landline 013-019, maybe "(014)"
        (?:[ \u00a0-]?[0-9]){{4,8}}      # 7-11 digits in all
      |
        \(?0[235689]\)?                 # landline 02 03 05 06 08 09, maybe "(09)"
        (?:[ \u00a0-]?[0-9]){{5,9}}      # 7-11 digits in all
    )
    (?!\w){_NOT_AN_AMOUNT}
    """,
    re.VERBOSE,
)

EMAIL = re.compile(
    r"""
    (?<![\w.+%'-])
    [\w+%'-]+(?:\.[\w+%'-]+)*       # local part; \w includes å, ä, ö
    @
    (?:[^\W_][\w-]*\.)+             # domain labels
    [^\W\d_]{2,}                    # top-level domain
    (?!\w)
    """,
    re.VERBOSE,
)

_IBAN_BRANCHES = "|".join(
    rf"{country}[0-9]{{2}}(?:[ ]?[A-Z0-9]){{{length - 4}}}"
    for country, length in sorted(IBAN_LENGTHS.items())
)
IBAN = re.compile(
    rf"""
    (?<![A-Za-z0-9])
    (?:{_IBAN_BRANCHES})    # country, check digits, BBAN of the country's length
    (?![A-Za-z0-9])
    """,
    re.VERBOSE | re.IGNORECASE,
)

STREET_ADDRESS = re.compile(
    r"""
    (?<![\w-])
    (?:[^\W\d_]+-)*                 # hyphenated first parts: "Itä-"
    [^\W\d_]{2,}                    # the rest of the name: "Hämeen"
    (?i:katu|tie|kuja|polku|väylä|kaari|rinne|gatan|vägen)
    [ \u00a0]
    [0-9]{1,4}[a-z]?                # house number: 12, 5a
    (?:[ \u00a0]?[–-][ \u00a0]?[0-9]{1,4})?         # range: 12-14
    (?:[ \u00a0]
        (?:[A-Z](?:[ \u00a0]?[0-9]{1,3})?           # staircase and flat: B 14
          |as\.?[ \u00a0]?[0-9]{1,3})               # flat: as. 5
    )?
    (?!\w)
    """,
    re.VERBOSE,
)

MENTION = re.compile(
    r"""
    (?<![\w@])              # not the "@" of an e-mail address
    @[A-Za-z0-9_]{5,32}     # Telegram username
    (?![\w@])
    """,
    re.VERBOSE,
)

_URL_TAIL = r"""[^\s<>"]*[^\s<>"'.,;:!?)\]}»”]"""  # ends before closing punctuation
LINK = re.compile(
    rf"""
    (?<![\w@./-])
    (?:
        (?i:https?://){_URL_TAIL}                   # http://..., https://...
      | (?i:www\.)(?:[^\W_][\w-]*\.)+[^\W\d_]{{2,}}  # www. host, any top-level domain
      | (?i:t|telegram)\.me(?=[/\s]|$)              # t.me/...
      | (?:[^\W_][\w-]*\.)+(?:fi|com|net|org|se|eu|io)(?![\w@])  # vantaa.fi, Peda.net
    )
    (?:/(?:{_URL_TAIL})?)?                          # path, if any
    """,
    re.VERBOSE,
)

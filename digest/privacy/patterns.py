"""Compiled regular expressions that find PII candidates; checks.py confirms some of them.

They run on normalised text (normalise.py). Digits are spelled `[0-9]`. Groups of a phone
number may be separated by a space, a no-break space, `-`, `–`, `.` or `/` (all seen in
real chats); a candidate glued to a further `.`/`,`/`-` and digit is cut there, so dates
(12.10.2024) and prices (25,50 €) are rejected whole by checks.py, never matched in part.
A phone number may follow another number after a plain space, not after a no-break space
(grouped sums).
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
_GAP = r"(?:[ \u00a0]?[-–./][ \u00a0]?|[ \u00a0])?"  # between two digit groups
_NOT_CONTINUED = r"(?!\w)(?![.,/–-][0-9])"  # not the head of a date, decimal or range

PHONE_INTERNATIONAL = re.compile(
    rf"""
    (?<![\w+])
    (?:
        (?:\+|(?<![0-9][\u00a0.,-])00)358       # +358 or 00358, not inside a number
        {_GAP}(?:\(0\){_GAP})?                  # optional "(0)" as in +358 (0)40 ...
        [1-9](?:{_GAP}[0-9]){{5,9}}             # 6-10 digits without the trunk 0
      |
        \+[1-9](?:{_GAP}[0-9]){{7,14}}          # other countries: E.164, 8-15 digits
    )
    {_NOT_CONTINUED}{_NOT_AN_AMOUNT}
    """,
    re.VERBOSE,
)

PHONE_NATIONAL = re.compile(
    rf"""
    (?<![\w+\#/.])                  # not glued to a word, "+", order "#", a path or a dot
    (?<![0-9][\u00a0.,–-])          # not the tail of 25,050, 2024-03-05 or a grouped sum
    (?:
        \(?0(?:4[0-9]|50|1[3-9])\)?         # mobile 040-050, landline 013-019, maybe "(014)"
        (?:{_GAP}[0-9]){{4,8}}               # 7-11 digits in all
      |
        \(?0[235689]\)?                     # landline 02 03 05 06 08 09, maybe "(09)"
        (?:{_GAP}[0-9]){{5,9}}               # 7-11 digits in all
    )
    {_NOT_CONTINUED}{_NOT_AN_AMOUNT}
    """,
    re.VERBOSE,
)

_LOCAL_PART = r"[\w+%'-]+(?:\.[\w+%'-]+)*"  # \w includes å, ä, ö
EMAIL = re.compile(
    rf"""
    (?<![\w.+%'-])
    {_LOCAL_PART}
    @
    (?:[^\W_][\w-]*\.)+             # domain labels
    [^\W\d_]{{2,}}                  # top-level domain
    (?!\w)
    """,
    re.VERBOSE,
)

_BRACKETED_AT = r"[ ]?[(\[{][ ]?(?i:at|a|ät|miuku)[ ]?[)\]}][ ]?"
_BRACKETED_DOT = r"[ ]?[(\[{][ ]?(?i:dot|piste|punkt)[ ]?[)\]}][ ]?"
OBFUSCATED_AT = re.compile(_BRACKETED_AT)
EMAIL_OBFUSCATED = re.compile(
    rf"""
    (?<![\w.+%'-])
    {_LOCAL_PART}
    {_BRACKETED_AT}                         # "(at)", "[at]", "(a)", " [ät] "
    (?:[^\W_][\w-]*(?:\.|{_BRACKETED_DOT}))+ # domain labels, "." or "[dot]"
    [^\W\d_]{{2,}}                          # top-level domain
    (?!\w)
    """,
    re.VERBOSE,
)

_IBAN_BRANCHES = "|".join(
    rf"{country}[ -]?[0-9]{{2}}(?:[ -]?[A-Z0-9]){{{length - 4}}}"
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

# Street words: a compound ending (any case), or one that must start a capitalised name
# ("Kauppatori", not "moottori"), or a separate word after a genitive ("Aleksis Kiven katu").
_ENDINGS = r"katu|tie|kuja|polku|väylä|kaari|rinne|gatan|vägen"
_CAPITALISED_ENDINGS = (
    r"ranta|raitti|kaarre|piha|aukio|mäki|(?<=[aeouyäöns])tori|puisto|gränd"
    r"|laita|penger|ahde|kumpu|niitty|tanhua"
)
_APART_WORDS = (
    r"katu|tie|kuja|polku|väylä|kaari|rinne|ranta|raitti|kaarre|piha|aukio|mäki|tori|puisto"
)
_WELL_KNOWN = (  # single-word streets without a street word
    r"Bulevardi|Esplanadi|Pohjoisesplanadi|Eteläesplanadi|Bulevarden|Esplanaden"
    r"|Kauppaesplanadi|Hämeenpuisto|Aurakatu|Kasarmintori|Rautatienkatu"
)
_CAPITAL = r"[A-ZÅÄÖ]"
_NAME_PART = r"(?:[^\W\d_]{2,}|(?<=-))"  # "Hämeen"katu; nothing after a hyphen: "Kauppa-"aukio
_HOUSE = r"""
    [ \u00a0]
    [0-9]{1,4}[a-z]?                                # house number: 12, 5a
    (?:[ \u00a0]?[–-][ \u00a0]?[0-9]{1,4})?         # range: 12-14
    (?:[ \u00a0]
        (?:[A-Z](?:[ \u00a0]?[0-9]{1,3})?           # staircase and flat: B 14
          |[a-h][ \u00a0]?[0-9]{1,3}                # b 14
          |(?:as|lgh|bst)\.?[ \u00a0]?[0-9]{1,4})   # flat: as. 5, lgh 1102
    )?
    (?!\w)
    (?![ \u00a0](?:kertaa|km|min|kpl|tuntia|vuotta|kk|lasta|gånger|år)(?!\w))  # counts
"""
STREET_ADDRESS = re.compile(
    rf"""
    (?<![\w-])
    (?:
        (?:[^\W\d_]+-)*{_NAME_PART}(?i:{_ENDINGS})                  # Hämeenkatu, Itä-...tie
      | (?={_CAPITAL})(?:[^\W\d_]+-)*{_NAME_PART}(?i:{_CAPITALISED_ENDINGS})  # Kauppa-aukio
      | (?:{_CAPITAL}[^\W\d_]+[ \u00a0]){{0,2}}                     # Aleksis
        {_CAPITAL}[^\W\d_]*n[ \u00a0](?i:{_APART_WORDS})             # Kiven katu
      | (?:{_WELL_KNOWN})                                           # Bulevardi
    )
    {_HOUSE}
    |
    (?<![\w-])
    {_CAPITAL}[a-zåäö]{{3,}}                                        # Esplanadi 3 B 12:
    [ \u00a0][0-9]{{1,3}}[ \u00a0]?[A-H][ \u00a0]?[0-9]{{1,3}}(?!\w)  # name, house, stair, flat
    """,
    re.VERBOSE,
)

# For the prefilter (prefilter.py): what stands right before every street address's house
# number, a street word or a well-known name (it tests them in any case: looser than the
# pattern), or after the number a stair and flat ("Esplanadi 3 B 12").
STREET_WORDS = tuple(
    dict.fromkeys(f"{_ENDINGS}|{_CAPITALISED_ENDINGS}|{_APART_WORDS}|{_WELL_KNOWN}".split("|"))
)
#: How far before the house number a street word reaches (with the letter before "tori").
STREET_WORD_REACH = 1 + max(map(len, re.findall(r"\w+", "|".join(STREET_WORDS))))
HOUSE_STAIR_FLAT = re.compile(r"[ \u00a0][0-9]{1,3}[ \u00a0]?[A-H][ \u00a0]?[0-9]")

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

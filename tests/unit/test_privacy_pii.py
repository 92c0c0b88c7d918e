"""Detection of personal data in free text (digest.privacy.pii)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.privacy import GUARD_KINDS, PiiKind, find_pii, find_pii_apart
from digest.privacy.phones import matcher_window

CHECK_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
SIGNS_BY_CENTURY = {1800: "+", 1900: "-YXWVU", 2000: "ABCDEF"}
NUMBER_KINDS = {PiiKind.PHONE, PiiKind.IDENTITY_CODE}


def identity_code(born: date, serial: int, sign: str) -> str:
    """Build an identity code with the check character computed from the formula."""
    digits = f"{born.day:02d}{born.month:02d}{born.year % 100:02d}{serial:03d}"
    return f"{digits[:6]}{sign}{digits[6:]}{CHECK_CHARS[int(digits) % 31]}"


def fi_iban(bban: str) -> str:
    """Build a Finnish IBAN in groups of four with mod-97 check digits."""
    check = 98 - int(bban + "151800") % 97  # F=15, I=18, then "00"
    compact = f"FI{check:02d}{bban}"
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def found(text: str) -> list[tuple[PiiKind, str]]:
    """The (kind, value) pairs found in `text`."""
    return [(match.kind, match.value) for match in find_pii(text)]


@st.composite
def valid_identity_codes(draw: st.DrawFn) -> str:
    """Identity codes with a real birth date, an issued serial (002-999, 900+ temporary)."""
    born = draw(st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31)))
    sign = draw(st.sampled_from(SIGNS_BY_CENTURY[born.year // 100 * 100]))
    return identity_code(born, draw(st.integers(2, 999)), sign)


# --- identity codes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "serial", "sign"),
    [
        (date(1952, 10, 13), 308, "-"),
        (date(1994, 5, 1), 903, "Y"),
        (date(1994, 5, 1), 902, "Y"),
        (date(2015, 1, 1), 123, "A"),
        (date(2023, 6, 30), 45, "B"),
        (date(1899, 12, 31), 999, "+"),
    ],
)
def test_identity_code_examples_are_found(born: date, serial: int, sign: str) -> None:
    """Identity codes with a correct check character are found whole, in every century."""
    code = identity_code(born, serial, sign)
    assert found(f"Lapsen hetu on {code}.") == [(PiiKind.IDENTITY_CODE, code)]


def test_identity_code_is_case_insensitive() -> None:
    """A lowercase century sign or check character (as typed on a phone) is still found."""
    code = identity_code(date(2015, 1, 1), 123, "A").lower()
    assert found(code) == [(PiiKind.IDENTITY_CODE, code)]


@given(valid_identity_codes())
def test_generated_identity_codes_always_match(code: str) -> None:
    """Every valid identity code is found as exactly one identity_code match."""
    assert found(f"hetu {code} kiitos") == [(PiiKind.IDENTITY_CODE, code)]


@given(valid_identity_codes(), st.sampled_from(CHECK_CHARS))
def test_wrong_check_character_never_matches(code: str, wrong: str) -> None:
    """Changing the check character makes an identity code no longer match."""
    if wrong == code[-1]:
        return
    tampered = code[:-1] + wrong
    assert all(m.kind is not PiiKind.IDENTITY_CODE for m in find_pii(tampered))


@pytest.mark.parametrize(
    ("day", "month", "year", "sign"),
    [(31, 2, 2023, "B"), (29, 2, 1900, "-"), (0, 1, 1990, "-"), (1, 13, 1990, "-")],
)
def test_impossible_birth_dates_do_not_match(day: int, month: int, year: int, sign: str) -> None:
    """A code whose date does not exist (31 Feb, 29 Feb 1900, day 0, month 13) is no match."""
    digits = f"{day:02d}{month:02d}{year % 100:02d}123"
    code = f"{digits[:6]}{sign}{digits[6:]}{CHECK_CHARS[int(digits) % 31]}"
    assert found(code) == []


def test_leap_day_depends_on_the_century_sign() -> None:
    """29 Feb 2000 (sign A) is a real date and matches; the same digits with "-" (1900) do not."""
    leap = identity_code(date(2000, 2, 29), 123, "A")
    assert found(leap) == [(PiiKind.IDENTITY_CODE, leap)]
    assert found(leap.replace("A", "-")) == []


def test_identity_code_inside_a_longer_token_does_not_match() -> None:
    """Digits or letters glued to either end stop an identity code from matching."""
    code = identity_code(date(1952, 10, 13), 308, "-")
    assert found(f"9{code}") == []
    assert found(f"{code}9") == []


# --- phone numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("palvelukoordinaattori Heli Arnberg, puh. 014 266 7746", "014 266 7746"),
        ("palvelukoordinaattori Sari Koivisto, puh. 014 266 3102 ", "014 266 3102"),
        ("Hankeagentti Sami Luoto\npuh. 040 6357980", "040 6357980"),
        ("soita 040-1234567 iltaisin", "040-1234567"),
        ("puh.0501234567", "0501234567"),
        ("vaihde (09) 123 4567", "(09) 123 4567"),
        ("09 816 81", "09 816 81"),
        ("numero +358 40 123 4567.", "+358 40 123 4567"),
        ("numero +358 (0)40 123 4567", "+358 (0)40 123 4567"),
        ("numero 00358 9 1234 567", "00358 9 1234 567"),
        ("+358401234567", "+358401234567"),
        ("ruotsalainen +46 70 123 45 67", "+46 70 123 45 67"),
        ("puh.\u00a0044\u00a0123\u00a04567", "044\u00a0123\u00a04567"),
    ],
)
def test_phone_numbers_are_found(text: str, number: str) -> None:
    """National, parenthesised and international phone numbers are found whole."""
    assert found(text) == [(PiiKind.PHONE, number)]


def test_two_numbers_separated_by_a_space_are_both_found() -> None:
    """A number right after another one is found as a second phone number."""
    assert found("puh. 040 1234567 040 7654321") == [
        (PiiKind.PHONE, "040 1234567"),
        (PiiKind.PHONE, "040 7654321"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "12.10.2024",
        "1.8.2017",
        "Neuvonantajat on koottu 1.8.2017-31.12.2017 väliseksi ajaksi.",
        "loka-marraskuun vaihteessa (19.10.-8.11.2020)",
        "Hinta 25,50 €",
        "Hinta 1 200 €",
        "voittoa +15 100 000 €",
        "lähes 60 000 huoltajalle, vastauksia 15 269",
        "tilaus #123456789",
        "tilausnumero 1234567",
        "#0401234567",
        "vuosina 2017–2018 ja 2017-2018",
        "klo 8-10, 14-16 ja 20-22",
        "klo 08-10, 14-16 ja 20-22",
        "klo 08-10 14-16 20-22",
        "klo 08.00-10.00",
        "Mukana on 17 vanhempaa",
        "15100 Lahti, 00100 Helsinki, 02100 Espoo",
        "kasvua 12,5 % ja 0,5 %",
        "päivitetty 2024-03-05",
        "päivä 09-12-2024",
        "0-18-vuotiaat",
    ],
)
def test_numbers_that_are_not_phones_do_not_match(text: str) -> None:
    """Dates, prices, order numbers, year ranges, times, counts and postcodes are no PII."""
    assert found(text) == []


@st.composite
def national_phones(draw: st.DrawFn) -> str:
    """Finnish national numbers: a listed prefix, then 7-11 digits in groups of 3-4."""
    prefix = draw(st.sampled_from(["040", "041", "044", "045", "046", "050", "09", "014", "02"]))
    rest = draw(st.text("0123456789", min_size=7 - len(prefix), max_size=11 - len(prefix)))
    groups = [rest[i : i + 4] for i in range(0, len(rest), 4)]
    if len(groups) > 1 and len(groups[-1]) < 3:
        groups[-2:] = ["".join(groups[-2:])]
    separator = draw(st.sampled_from([" ", "-", ""]))
    return prefix + separator + separator.join(groups)


@given(national_phones())
def test_generated_national_phones_match(phone: str) -> None:
    """Every generated national phone number is found whole."""
    assert found(f"puh. {phone}, kiitos") == [(PiiKind.PHONE, phone)]


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), st.booleans())
def test_generated_dates_never_match(day: date, padded: bool) -> None:
    """Dates written D.M.YYYY or DD.MM.YYYY, alone or as ranges, are never phones or codes."""
    text = f"{day:%d.%m.%Y}" if padded else f"{day.day}.{day.month}.{day.year}"
    assert find_pii(f"{text} {text}-{text} ({text}–{text})", kinds=NUMBER_KINDS) == []


@given(st.integers(0, 10**8), st.integers(0, 99), st.sampled_from([" ", "\u00a0"]))
def test_generated_prices_never_match(euros: int, cents: int, space: str) -> None:
    """Prices with grouped thousands and decimal cents are never phones or codes."""
    amount = f"{euros:,}".replace(",", space)
    text = f"{amount} € ja {amount},{cents:02d} € ja {amount}{space}%"
    assert find_pii(text, kinds=NUMBER_KINDS) == []


@given(st.lists(st.tuples(st.integers(0, 23), st.integers(0, 24)), min_size=1, max_size=4))
def test_generated_hour_ranges_never_match(ranges: list[tuple[int, int]]) -> None:
    """Zero-padded hour ranges like "08-10 14-16" are never phone numbers."""
    text = "klo " + " ".join(f"{start:02d}-{end:02d}" for start, end in ranges)
    assert find_pii(text, kinds=NUMBER_KINDS) == []


# --- e-mail, IBAN, addresses, mentions, links -----------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "etunimi.sukunimi@raisio.fi",
        "varhaiskasvatus.asiakasraati@jyvaskyla.fi",
        "äiti.pöllönen@example.com",
        "matti+neuvo@sub.example.org",
    ],
)
def test_email_addresses_are_found_without_a_separate_link(address: str) -> None:
    """An e-mail address is one email match; its domain is not also a link."""
    assert found(f"sposti: {address}.") == [(PiiKind.EMAIL, address)]


@st.composite
def emails(draw: st.DrawFn) -> str:
    """E-mail addresses with Finnish letters in the local part."""
    word = st.text("abcdefghijklmnopqrstuvwxyzåäö0123456789", min_size=1, max_size=10)
    label = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10)
    local = ".".join(draw(st.lists(word, min_size=1, max_size=3)))
    domain = ".".join(draw(st.lists(label, min_size=1, max_size=2)))
    return f"{local}@{domain}.{draw(st.sampled_from(['fi', 'com', 'net', 'org', 'se']))}"


@given(emails())
def test_generated_emails_match(address: str) -> None:
    """Every generated e-mail address is found whole."""
    assert found(f"kirjoita {address} kiitos") == [(PiiKind.EMAIL, address)]


@pytest.mark.parametrize(
    "iban",
    [
        "FI21 1234 5600 0007 85",
        "FI2112345600000785",
        "GB29 NWBK 6016 1331 9268 19",
        "DE89 3704 0044 0532 0130 00",
    ],
)
def test_ibans_are_found(iban: str) -> None:
    """Finnish and other countries' IBANs with a correct mod-97 check are found whole."""
    assert found(f"tilille {iban} kiitos") == [(PiiKind.IBAN, iban)]


@given(st.text("0123456789", min_size=14, max_size=14), st.integers(0, 13), st.integers(1, 9))
def test_generated_fi_ibans_match_and_a_changed_digit_does_not(
    bban: str, position: int, delta: int
) -> None:
    """A generated Finnish IBAN matches; changing one BBAN digit breaks the mod-97 check."""
    iban = fi_iban(bban)
    assert found(iban) == [(PiiKind.IBAN, iban)]
    changed = bban[:position] + str((int(bban[position]) + delta) % 10) + bban[position + 1 :]
    assert find_pii(iban[:5] + fi_iban(changed)[5:], kinds={PiiKind.IBAN}) == []


@pytest.mark.parametrize(
    "address",
    [
        "Hämeenkatu 12",
        "Koivukuja 3 B 14",
        "Storgatan 5a",
        "Itä-Hakkilantie 5",
        "Mannerheimintie 12 as. 5",
        "Kuusiväylä 7",
        "Rantapolku 2",
        "Kirkkovägen 11",
    ],
)
def test_street_addresses_are_found(address: str) -> None:
    """A street name with a listed suffix and a house number (and flat) is an address."""
    assert found(f"asumme osoitteessa {address}, tervetuloa") == [
        (PiiKind.STREET_ADDRESS, address)
    ]


@pytest.mark.parametrize(
    "text",
    ["asuin Hämeenkadulla", "Hämeenkatu on pitkä", "Lupa auttaa! -polku 3", "tie 5 km"],
)
def test_street_words_without_a_number_are_not_addresses(text: str) -> None:
    """A street word without a house number, inflected, or a bare suffix is no address."""
    assert found(text) == []


def test_mentions_are_found_but_not_inside_emails() -> None:
    """@username of 5-32 characters is a mention; the @ of an e-mail or a short @tag is not."""
    text = "kiitos @neuvo_bot ja @abc, kirjoita matti@example.com"
    assert found(text) == [
        (PiiKind.MENTION, "@neuvo_bot"),
        (PiiKind.EMAIL, "matti@example.com"),
    ]


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("katso https://www.vantaa.fi/fi/palvelut.", "https://www.vantaa.fi/fi/palvelut"),
        ("(http://example.com/a?b=1)", "http://example.com/a?b=1"),
        ("sivu www.lape.fi/ryhma, kiitos", "www.lape.fi/ryhma"),
        ("liity t.me/neuvo_ryhma", "t.me/neuvo_ryhma"),
        ("vantaa.fi-sivustolta", "vantaa.fi"),
        ("Peda.net käyttää evästeitä", "Peda.net"),
        ("katso peda.net/jyvaskyla/raati.", "peda.net/jyvaskyla/raati"),
    ],
)
def test_links_are_found(text: str, link: str) -> None:
    """URLs, www. hosts, t.me links and bare domains are links, without trailing punctuation."""
    assert found(text) == [(PiiKind.LINK, link)]


@pytest.mark.parametrize("text", ["hinta 25.50", "versio 3.5", "esim. jne.", "kotona.Se oli"])
def test_decimals_and_sentences_are_not_links(text: str) -> None:
    """Decimal numbers and words around a missing space are not links."""
    assert found(text) == []


# --- whole texts and invariants -------------------------------------------------------------

SEED_SAMPLE = """Lisätietoja:
Hankeagentti Sami Luoto
puh. 040 6357980
sposti: etunimi.sukunimi@raisio.fi
Hanke järjestää 28.11. Turussa varhaiskasvatusfoorumin. Mukana syksyllä 2017 on 17
vanhempaa. Tietoa saa vantaa.fi-sivustolta (19.10.-8.11.2020), vastauksia 15 269."""


def test_seed_text_sample_finds_exactly_the_contact_details() -> None:
    """In a seed-like text only the phone, the e-mail and the link are found, in order."""
    assert found(SEED_SAMPLE) == [
        (PiiKind.PHONE, "040 6357980"),
        (PiiKind.EMAIL, "etunimi.sukunimi@raisio.fi"),
        (PiiKind.LINK, "vantaa.fi"),
    ]


def test_kinds_limits_what_is_searched() -> None:
    """Passing kinds returns matches of those kinds only."""
    matches = find_pii(SEED_SAMPLE, kinds={PiiKind.PHONE})
    assert [m.value for m in matches] == ["040 6357980"]


def test_longer_match_wins_on_overlap() -> None:
    """A link containing an @username stays one link, not a link plus a mention."""
    assert found("https://example.com/@someone") == [
        (PiiKind.LINK, "https://example.com/@someone")
    ]


@given(st.text())
def test_matches_are_sorted_non_overlapping_and_exact(text: str) -> None:
    """For any text, matches are sorted by start, do not overlap, and value is the slice."""
    matches = find_pii(text)
    assert all(m.value == text[m.start : m.end] and m.start < m.end for m in matches)
    assert all(a.end <= b.start for a, b in zip(matches, matches[1:], strict=False))


PIECES = st.sampled_from(
    [
        *(" ", "\u00a0", "-", ".", ",", "@", "+", "/", "://", "#", "(", ")", "0", "00358"),
        *("358", "040", "09", "12", "123", "1234567", "010115", "131052-308T", "A", "fi"),
        *("FI49", "5000 0120 3456 78", "katu", "Tie", "kuja", "väylä", "VÄGEN", "gatan"),
        *("ı", "K", "Mannerheimin", "www.", "http", "t.me", "vantaa", "matti.meikalainen"),
        *("example", "kouluun", "as.", "B", "€"),
    ]
)


@given(st.lists(PIECES, max_size=24).map("".join))
def test_prefilters_never_lose_a_match(text: str) -> None:
    """Skipping a pattern whose cheap necessary condition fails finds exactly the same."""
    assert find_pii(text) == find_pii(text, prefilter=False)


@given(st.lists(PIECES, max_size=24).map("".join))
def test_groups_found_apart_match_separate_searches(text: str) -> None:
    """One normalisation for several groups of kinds finds what one search per group does."""
    groups = (GUARD_KINDS, frozenset({PiiKind.LINK}), frozenset({PiiKind.MENTION}))
    assert find_pii_apart(text, *groups) == [find_pii(text, kinds=group) for group in groups]


PHONE_PIECES = PIECES | st.sampled_from(
    ["x", "ext. 12", "٠١٢٣٤٥٦٧٨", "(", "+44 20", "040 1234567", "+358 40 123 4567", "0401234567"]
)


@settings(max_examples=300)
@given(st.lists(PHONE_PIECES, max_size=40))
def test_the_phone_matcher_window_finds_what_the_whole_text_holds(pieces: list[str]) -> None:
    """libphonenumber reads only the digits and a margin around them; it finds the same
    numbers there as in the whole text (long padding on both sides included)."""
    from phonenumbers import Leniency, PhoneNumberMatcher

    text = "sana " * 12 + "".join(pieces) + " loppu" * 12
    whole = [(m.start, m.end) for m in PhoneNumberMatcher(text, "FI", leniency=Leniency.VALID)]
    window = matcher_window(text)
    start, end = window if window is not None else (0, 0)
    windowed = [
        (start + m.start, start + m.end)
        for m in PhoneNumberMatcher(text[start:end], "FI", leniency=Leniency.VALID)
    ]
    assert windowed == whole

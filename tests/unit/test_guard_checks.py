"""The pure checks behind the group filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.guard_checks import (
    FloodCounter,
    Scan,
    blocked_word,
    is_newcomer,
    personal_data,
    scan,
)
from digest.privacy import PiiKind

T0 = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("hetu 131052-308T", (PiiKind.IDENTITY_CODE,)),
        ("soita 040 123 4567 tai 09 1234 567", (PiiKind.PHONE,)),
        ("+358401234567", (PiiKind.PHONE,)),
        ("liisa@example.fi ja Hämeenkatu 5", (PiiKind.EMAIL, PiiKind.STREET_ADDRESS)),
        ("tili FI21 1234 5600 0007 85", (PiiKind.IBAN,)),
    ],
)
def test_personal_data_is_found(text: str, kinds: tuple[PiiKind, ...]) -> None:
    """Identity codes, phone numbers, e-mail, IBAN and street addresses are caught, once each
    (also by the guard's one-pass scan, which sees no link in these)."""
    assert personal_data(text) == kinds
    assert scan(text, []) == Scan(kinds, link=False)


@pytest.mark.parametrize(
    "text",
    [
        "Tavattiin 12.10.2024.",
        "Hinta 25,50 € / kk",
        "Tilaus #123456789",
        "vuodet 2017–2018 ja 2019-2020",
        "klo 08-10, 14-16 ja 20-22",
        "131052-308X ei ole kelvollinen tunnus",
        "Kaupungintalolla 2 kertaa",
    ],
)
def test_false_positives_pass(text: str) -> None:
    """Dates, prices, order numbers, year ranges, times and invalid codes are not personal data."""
    assert personal_data(text) == ()
    assert scan(text, []).personal == ()


def test_blocklist_whole_words_stems_and_phrases() -> None:
    """Entries match whole words case-insensitively; "*" matches inflections; spaces flex."""
    words = ("tyhmä*", "idiot", "pidä  turpasi")
    assert blocked_word("Aika TYHMÄÄ", words) == "tyhmää"
    assert blocked_word("sinä idiot!", words) == "idiot"
    assert blocked_word("Pidä   turpasi", words) == "pidä   turpasi"
    assert blocked_word("idiotismi ja tyhjä", words) is None
    assert blocked_word("mitä tahansa", ()) is None
    assert blocked_word("mitä tahansa", ("*", " ")) is None


def test_links_by_entity_or_text() -> None:
    """Telegram link entities and address-like text are links; an e-mail or a time is not."""
    assert scan("klikkaa", ["text_link"]).link
    assert scan("katso www.thl.fi/lape", []).link
    assert scan("sivulla vantaa.fi", []).link
    assert not scan("klo 8.30 ja liisa@example.fi", ["bold"]).link


def test_a_link_and_personal_data_are_both_seen() -> None:
    """The scan resolves links apart from personal data: a phone number inside an address
    is still personal data, as two separate searches find it."""
    seen = scan("https://example.fi/soita/0401234567", [])
    assert seen.link
    assert seen.personal == personal_data("https://example.fi/soita/0401234567")


def test_newcomers_are_those_the_bot_saw_join() -> None:
    """Less than the given hours since joining; members from before the bot never."""
    assert is_newcomer(T0, T0 + timedelta(hours=23), 24)
    assert not is_newcomer(T0, T0 + timedelta(hours=24), 24)
    assert not is_newcomer(None, T0, 24)


def test_flood_counts_by_own_time_and_once_per_message() -> None:
    """The sixth message within ten seconds is flood; a re-delivery is not counted twice."""
    counter = FloodCounter()
    window = timedelta(seconds=10)

    def hit(message_id: int, seconds: float, user: int = 1) -> bool:
        return counter.hit(
            chat_id=-1,
            user_id=user,
            message_id=message_id,
            sent_at=T0 + timedelta(seconds=seconds),
            limit=5,
            window=window,
        )

    assert [hit(n, n) for n in range(5)] == [False] * 5
    assert not hit(4, 4.5), "re-delivered message"
    assert not hit(99, 0, user=2)
    assert hit(5, 9)
    assert not hit(6, 16), "the first ones have left the window"


def test_flood_counter_forgets_quiet_people() -> None:
    """Past its size, the counter drops people whose last message left the window."""
    counter = FloodCounter(max_people=2)
    for user in range(4):
        counter.hit(
            chat_id=-1,
            user_id=user,
            message_id=user,
            sent_at=T0 + timedelta(minutes=user),
            limit=5,
            window=timedelta(seconds=10),
        )
    assert len(counter._seen) <= 3


def test_flood_verdicts_do_not_depend_on_handling_order() -> None:
    """A batch handled, rolled back and redone one by one gets the verdicts of its dates."""
    counter = FloodCounter()

    def hit(message_id: int, seconds: float) -> bool:
        return counter.hit(
            chat_id=-1,
            user_id=1,
            message_id=message_id,
            sent_at=T0 + timedelta(seconds=seconds),
            limit=5,
            window=timedelta(seconds=10),
        )

    spaced = [hit(n, 20 * n) for n in range(8)]
    redone = [hit(n, 20 * n) for n in range(8)]
    assert spaced == redone == [False] * 8
    burst = [hit(100 + n, 500 + n) for n in range(7)]
    assert [hit(100 + n, 500 + n) for n in reversed(range(7))] == list(reversed(burst))
    assert burst == [False] * 5 + [True] * 2

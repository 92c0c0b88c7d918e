"""The digest's privacy gate: fast redaction, suppression cells, formula-safe cells, quoting."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from digest.model import Cell
from digest.privacy import LABELS, redact
from digest.privacy.normalise import normalised_text
from digest.quoting import Quoter, may_quote
from digest.records import ContributionFact
from digest.redaction import Redactor, may_hold_pii, possible_kinds, surely_clean
from digest.render.cells import neutralise

PIECES = [
    "040 123 4567", "+358 40 1234567", "131052-308T", "FI21 1234 5600 0007 85", "ſe12",
    "matti@example.com", "@matti_meikalainen", "www.vantaa.fi", "https://x", "t.me/x",
    "Hämeenkatu 12 B 4", "Kiusaaminen", " ", ".", ",", "?", "2017–2018", "25,50 €",
    "12.10.2024", "08-10", "Kelvin \u212a", "ja", "\u00a0", "-", "0", "9", "A", "x",
    "t\u0131e 5", "Hämeen", "KATU 3", "Kaari", "rinne\u00a012", "\u017fe12 3456", "@", "://",
    "a.b",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_fast_redaction_equals_full_redaction(text: str) -> None:
    """Skipping kinds whose pre-check fails never changes what redact() returns."""
    assert Redactor("fi")(text) == redact(text, labels=LABELS["fi"]).text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("a.1@:/_ \u00e4\u0663\u00b2\u212a\u2160-"), max_size=8))
def test_the_quick_pre_check_equals_its_regex(text: str) -> None:
    """may_hold_pii is exactly "a digit or @, "://", or a dot before a \\w" in normalised text."""
    assert may_hold_pii(text) == bool(re.search(r"[0-9@]|://|\.\w", normalised_text(text)))


GATE_ALPHABET = "a.1@:/_ O\u00e4\u0663\u00b2\uff11\uff20\u200b\u00ad([{)at\u212a\u2160-"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(GATE_ALPHABET), max_size=10))
def test_the_bulk_gate_never_passes_a_text_that_may_hold_pii(text: str) -> None:
    """surely_clean is never true where may_hold_pii is (fullwidth, invisible, brackets)."""
    assert not (surely_clean(text) and may_hold_pii(text))


def test_the_bulk_gate_passes_ordinary_sentences() -> None:
    """Ordinary Finnish chat text, with a final dot or question mark, skips normalising."""
    assert surely_clean("Lapsen ääni jäi meillä kuulematta koko prosessissa.")
    assert surely_clean("Miksi kukaan ei puuttunut? Kiusaaminen jatkui!")
    assert not surely_clean("Soita 040 123 4567.")


def test_plain_text_needs_no_scan() -> None:
    """A sentence without digits, @, links or addresses has no possible PII kind."""
    assert possible_kinds("Koulussa oli vaikeaa. Miksi?") == frozenset()


def test_cells_below_threshold_keep_no_number() -> None:
    """Counts 1-4 become "< 5" with no value; 0 and 5 are shown."""
    assert Cell.of(3, 5) == Cell(None, "< 5") and Cell.of(3, 5).value is None
    assert Cell.of(0, 5) == Cell(0, "0")
    assert Cell.of(5, 5) == Cell(5, "5")


def test_formula_like_text_is_neutralised() -> None:
    """=, +, -, @, tab and CR get an apostrophe; other text is unchanged."""
    for value in ("=1+1", "+358", "-2", "@x", "\tx", "\rx"):
        assert neutralise(value) == "'" + value
    assert neutralise("Koulu = hyvä") == "Koulu = hyvä"


def fact(**changes: object) -> ContributionFact:
    """A consenting member's visible message."""
    base = ContributionFact(
        id=1, member_id=1, chat_id=-1, message_id=1, session_day_id=None, theme_key=None,
        window_label=None, window_start=None, sent_at=datetime(2026, 12, 8, tzinfo=UTC),
        reply_to_message_id=None, text="Soita 040 123 4567", media_kind=None, late=False,
        hidden=False, highlighted=False, user_id=42, consent="given", municipality=None,
        forgotten=False,
    )  # fmt: skip
    return base._replace(**changes)


def test_only_consenting_visible_known_members_may_be_quoted() -> None:
    """Declined, unknown or withdrawn consent, hidden, forgotten and empty texts are not quoted."""
    assert may_quote(fact())
    for changes in (
        {"consent": "declined"}, {"consent": "unknown"}, {"consent": "withdrawn"},
        {"hidden": True}, {"user_id": None}, {"forgotten": True}, {"text": None},
    ):  # fmt: skip
        assert not may_quote(fact(**changes)), changes


def test_quoter_redacts_and_pseudonymises() -> None:
    """A quote has a pseudonym and redacted text; a non-consenting author gets neither."""
    facts = [fact(), fact(id=2, user_id=43, consent="declined")]
    quoter = Quoter(
        secret="s" * 20, audience="youth", language="fi", zone=ZoneInfo("Europe/Helsinki"),
        user_ids=[43, 42],
    )  # fmt: skip
    quote = quoter.quote(facts[0], reactions=1, replies=0)
    assert quote.author.startswith("Nuori ") and quote.text == "Soita [puhelinnumero]"
    assert quote.sent_at.utcoffset() is not None and quote.sent_at.hour == 2
    assert (quoter.author(facts[1]), quoter.text(facts[1])) == ("", "")

"""The record's pure parts: placement rules, voice balance and the Finnish wording."""

from __future__ import annotations

from datetime import UTC, datetime

from digest.aggregate import voice_balance
from digest.lemmas import lexicon_for
from digest.model import VoiceBalance
from digest.records import ContributionFact
from digest.render.text import count_of, format_window
from digest.subtopics import Placer, QuestionModel

QUESTIONS = (
    "Miten kiusaaminen tuli esiin, ja kuka sen huomasi ensimmäisenä?",
    "Miten kiusaamiseen puututtiin koulussa, ja mikä siinä auttoi?",
    "Millaista tukea olisitte tarvinneet, ja mistä sitä olisi pitänyt saada?",
)


def _placer(overrides: dict[int, int] | None = None) -> Placer:
    return Placer(QuestionModel(QUESTIONS, lexicon_for("fi")), overrides)


def test_a_staff_override_wins_over_similarity() -> None:
    """A contribution moved by staff stays under the chosen question whatever it says."""
    placer = _placer({7: 2})
    assert placer.place(7, (1, 7), None, "Opettaja huomasi ensimmäisenä.") == 2


def test_a_short_reply_follows_its_parent_and_a_clear_one_leaves() -> None:
    """ "Sama juttu" under a placed message goes with it; a reply clearly about another
    question goes there; a message with nothing in common is "other" (None)."""
    placer = _placer()
    parent = placer.place(1, (1, 1), None, "Opettaja huomasi kiusaamisen ensimmäisenä.")
    assert parent == 0
    assert placer.place(2, (1, 2), (1, 1), "Sama juttu meillä") == 0
    text = "Olisimme tarvinneet tukea, kuraattorilta olisi pitänyt saada apua."
    assert placer.place(3, (1, 3), (1, 1), text) == 2
    assert placer.place(4, (1, 4), None, "Kiitos kaikille!") is None


def _fact(number: int, member: int) -> ContributionFact:
    return ContributionFact(
        number, member, 1, number, None, "kiusaaminen", None, None,
        datetime(2026, 12, 8, tzinfo=UTC), None, "teksti", None, False, False, False, member,
        "given", None, False,
    )  # fmt: skip


def test_voice_balance_is_the_top_fifth_share_and_hidden_when_few() -> None:
    """10 participants: the 2 most active wrote 6 of 14; under the threshold it is None."""
    facts = [_fact(n, 1) for n in range(3)] + [_fact(n, 2) for n in range(3, 6)]
    facts += [_fact(100 + member, member) for member in range(3, 11)]
    assert voice_balance(facts, 5) == VoiceBalance(2, 10, round(6 / 14, 4))
    assert voice_balance(facts[:6], 5) is None


def test_times_and_counts_read_as_written_in_finnish() -> None:
    """Window labels become "klo 8–10"; one reaction is "1 reaktio", two "2 reaktiota"."""
    assert format_window("08-10", "fi") == "klo 8–10"
    assert format_window("08:30-10:00", "fi") == "klo 8.30–10"
    assert format_window("08-10", "en") == "08–10"
    assert count_of(1, "reaction", "fi") == "1 reaktio"
    assert count_of(2, "reaction", "fi") == "2 reaktiota"
    assert count_of(1, "reply", "en") == "1 reply"

"""Normalisation before matching (digest.privacy.normalise) and its map back to the original."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from digest.privacy import PiiKind, find_pii, redact
from digest.privacy.normalise import normalise

ZERO_WIDTH = "\u200b"


def test_evasions_are_undone_before_matching() -> None:
    """Fullwidth digits, zero-width characters, a soft hyphen and O for zero still match."""
    for number in (
        "０４０ １２３ ４５６７",
        f"040{ZERO_WIDTH} 123{ZERO_WIDTH} 4567",
        "040\u00ad123\u00ad4567",
        "O4O 123 4567",
    ):
        assert [(m.kind, m.value) for m in find_pii(f"soita {number} pls")] == [
            (PiiKind.PHONE, number)
        ]


def test_letter_o_in_words_stays_a_letter() -> None:
    """Only an O beside a digit and no other letter becomes zero: words are untouched."""
    assert normalise("Oulu 4 ja koulu O2 H2O").text == "Oulu 4 ja koulu 02 H20"


def test_redaction_replaces_the_original_span() -> None:
    """With characters removed or expanded before the number, the right span is redacted."""
    text = f"ﬁ{ZERO_WIDTH}ne, hetu 13１052-308T{ZERO_WIDTH} kiitos"
    assert redact(text).text == f"ﬁ{ZERO_WIDTH}ne, hetu [henkilötunnus]{ZERO_WIDTH} kiitos"


@given(st.text(alphabet=st.sampled_from(f"a O0１²ﬁ\u00a0{ZERO_WIDTH}\u00ad\u0301-")))
def test_original_spans_are_ordered_and_cover_their_source(text: str) -> None:
    """Every normalised span maps to a non-empty, ordered span of the original text."""
    normalised = normalise(text)
    spans = [normalised.original_span(i, i + 1) for i in range(len(normalised.text))]
    assert all(0 <= start < end <= len(text) for start, end in spans)
    assert spans == sorted(spans)

"""The sub-topic model's caches of words seen never change a message's scores."""

from __future__ import annotations

import pytest

from digest import subtopics
from digest.lemmas import lexicon_for, words_of
from digest.subtopics import QuestionModel, question_model

QUESTIONS = (
    "Miten koulu puuttui kiusaamiseen?",
    "Mitä opettaja teki välitunnilla?",
    "Kuka auttoi lasta kotona?",
)
MESSAGES = [
    "Koulukuraattori auttoi, kun kiusaaminen jatkui välitunnilla.",
    "opettaja, opettajan ja opettajalle: kukaan ei puuttunut!",
    "Kotona lapsi itki [puhelinnumero] illalla... koulu-asia jäi.",
    "Välitunti-kiusaaminen - ja taas koulussa.",
    "Ei mitään tekemistä aiheen kanssa.",
]


def _fresh_scores(text: str) -> list[float]:
    """Scores of a model that has seen nothing before."""
    return QuestionModel(QUESTIONS, lexicon_for("fi")).scores(text)


def test_scores_do_not_depend_on_earlier_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """A model that has seen (and, with a tiny cache, forgotten) other texts scores alike."""
    monkeypatch.setattr(subtopics, "CACHE_SIZE", 6)
    model = QuestionModel(QUESTIONS, lexicon_for("fi"))
    for _ in range(2):
        for text in MESSAGES:
            assert model.scores(text) == _fresh_scores(text)
    assert any(max(_fresh_scores(text)) > 0 for text in MESSAGES)


def test_a_message_scores_as_the_sum_of_its_words() -> None:
    """Punctuation around a word does not change what it matches."""
    for text in MESSAGES:
        bare = " ".join(words_of(text))
        assert _fresh_scores(text) == pytest.approx(_fresh_scores(bare))


def test_question_models_are_shared_per_questions_and_lexicon() -> None:
    """The same questions in the same language give the one model (its caches shared)."""
    lexicon = lexicon_for("fi")
    assert question_model(QUESTIONS, lexicon) is question_model(tuple(QUESTIONS), lexicon)
    assert question_model(QUESTIONS, lexicon) is not question_model(QUESTIONS[:2], lexicon)

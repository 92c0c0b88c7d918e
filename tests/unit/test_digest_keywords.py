"""Keywords: lemmas per language, stop words, the two-author rule and distinctiveness."""

from __future__ import annotations

from digest.keywords import theme_keywords
from digest.lemmas import lexicon_for
from digest.model import Keyword


def _words(texts: list[tuple[str, int]], language: str = "fi") -> tuple[Keyword, ...]:
    return theme_keywords({"theme": texts}, lexicon_for(language))["theme"]


def test_finnish_inflections_share_a_lemma() -> None:
    """koulussa, koulun and koulu count as one keyword, shown as the lemma koulu."""
    texts = [("Koulussa oli vaikeaa.", 1), ("Koulun aikuiset auttoivat.", 2), ("koulu", 3)]
    found = {word.lemma: word.count for word in _words(texts)}
    assert found["koulu"] == 3


def test_stop_words_and_short_words_are_not_keywords() -> None:
    """Function words (ja, että, mutta) and words under three letters are skipped."""
    texts = [("ja että mutta se on ok", 1), ("ja että mutta se on ok", 2)]
    assert _words(texts) == ()


def test_a_word_of_one_author_is_never_a_keyword() -> None:
    """A name written many times by one member stays out; two members make a keyword."""
    texts = [("Virtanen Virtanen", 1), ("Virtanen taas", 1), ("vertaistuki", 1)]
    texts += [("vertaistuki auttoi", 2)]
    assert [word.word for word in _words(texts)] == ["vertaistuki"]


def test_redaction_labels_are_not_keywords() -> None:
    """Bracketed labels such as [puhelinnumero] are ignored."""
    texts = [("kuraattori [puhelinnumero]", 1), ("kuraattori [puhelinnumero]", 2)]
    assert [word.word for word in _words(texts)] == ["kuraattori"]


def test_swedish_and_english_use_their_own_lemmas() -> None:
    """Swedish skolan/skola and English schools/school each merge; their stop words drop."""
    assert [w.lemma for w in _words([("skolan och jag", 1), ("en skola", 2)], "sv")] == ["skola"]
    assert [w.lemma for w in _words([("the schools", 1), ("a school", 2)], "en")] == ["school"]


def test_a_word_every_theme_uses_ranks_below_a_distinctive_one() -> None:
    """c-TF-IDF: a lemma shared by all themes scores lower than one only this theme uses."""
    texts = {
        "bullying": [("koulu ja välitunti", 1), ("koulu ja välitunti", 2)],
        "divorce": [("koulu ja tapaaminen", 1), ("koulu ja tapaaminen", 2)],
    }
    found = theme_keywords(texts, lexicon_for("fi"))
    assert [word.lemma for word in found["bullying"]] == ["välitunti", "koulu"]

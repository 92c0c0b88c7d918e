"""Keywords: Snowball stemming per language, stop words, and the two-author rule."""

from __future__ import annotations

from digest.keywords import Stemmer, keywords


def test_finnish_inflections_share_a_stem() -> None:
    """koulussa, koulun and koulu count as one keyword shown in its most common form."""
    texts = [("Koulussa oli vaikeaa.", 1), ("Koulun aikuiset auttoivat.", 2), ("koulu", 3)]
    found = keywords(texts, Stemmer("fi"))
    assert [(word.stem, word.count) for word in found][:1] == [("koulu", 3)]
    assert found[0].word in {"koulussa", "koulun", "koulu"}


def test_stop_words_and_short_words_are_not_keywords() -> None:
    """Function words (ja, että, mutta) and words under three letters are skipped."""
    texts = [("ja että mutta se on ok", 1), ("ja että mutta se on ok", 2)]
    assert keywords(texts, Stemmer("fi")) == ()


def test_a_word_of_one_author_is_never_a_keyword() -> None:
    """A name written many times by one member stays out; two members make a keyword."""
    texts = [("Virtanen Virtanen", 1), ("Virtanen taas", 1), ("vertaistuki", 1)]
    texts += [("vertaistuki auttoi", 2)]
    assert [word.word for word in keywords(texts, Stemmer("fi"))] == ["vertaistuki"]


def test_redaction_labels_are_not_keywords() -> None:
    """Bracketed labels such as [puhelinnumero] are ignored."""
    texts = [("soita [puhelinnumero]", 1), ("soita [puhelinnumero]", 2)]
    assert [word.word for word in keywords(texts, Stemmer("fi"))] == ["soita"]


def test_swedish_and_english_use_their_own_stemmers() -> None:
    """Swedish barnen/barn and English schools/school each merge; their stop words drop."""
    swedish = keywords([("barnen och jag", 1), ("barn är bra", 2)], Stemmer("sv"))
    assert [(word.stem, word.count) for word in swedish] == [("barn", 2)]
    english = keywords([("the schools", 1), ("a school", 2)], Stemmer("en"))
    assert [(word.stem, word.count) for word in english] == [("school", 2)]


def test_limit_keeps_the_most_used() -> None:
    """Only `limit` keywords are kept, the most used first."""
    texts = [("alpha beta gamma", 1), ("alpha beta", 2), ("alpha gamma", 3)]
    found = keywords(texts, Stemmer("en"), limit=1)
    assert [(word.word, word.count) for word in found] == [("alpha", 3)]

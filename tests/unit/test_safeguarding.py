"""Safeguarding matcher: the labelled list, the rules behind it, and the phrase file."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from safeguarding import PhraseFileError, SafeguardingMatcher
from safeguarding.phrases import LANGUAGES

LABELLED = Path(__file__).resolve().parents[1] / "data" / "safeguarding_labelled.toml"
MIN_RECALL = 0.95
MAX_FALSE_POSITIVES = 0.05


@pytest.fixture(scope="module")
def matcher() -> SafeguardingMatcher:
    return SafeguardingMatcher.load()


def _labelled() -> dict[str, list[list[str]]]:
    with LABELLED.open("rb") as handle:
        return tomllib.load(handle)


def test_labelled_list_recall_and_false_positives(
    matcher: SafeguardingMatcher, capsys: pytest.CaptureFixture[str]
) -> None:
    """On the labelled list recall is at least 95 % and false positives at most 5 %."""
    data = _labelled()
    positives, negatives = data["positive"], data["negative"]
    assert len(positives) >= 60 and len(negatives) >= 60
    missed = [text for language, text in positives if matcher.match(text, language) is None]
    flagged = [text for language, text in negatives if matcher.match(text, language)]
    recall = 1 - len(missed) / len(positives)
    false_positives = len(flagged) / len(negatives)
    with capsys.disabled():
        print(  # noqa: T201 - the measured figures belong in the test output
            f"\nsafeguarding: recall {recall:.1%} ({len(positives)} positives), "
            f"false positives {false_positives:.1%} ({len(negatives)} negatives)"
        )
    assert recall >= MIN_RECALL, missed
    assert false_positives <= MAX_FALSE_POSITIVES, flagged


def test_every_language_has_enough_phrases(matcher: SafeguardingMatcher) -> None:
    """The built-in file has at least 40 phrases in each of fi, sv and en."""
    for language in LANGUAGES:
        assert matcher.book.pattern_count(language) >= 40, language


def test_match_names_category_and_phrase_never_text(matcher: SafeguardingMatcher) -> None:
    """A match carries the category, phrase id and language, and no part of the message."""
    found = matcher.match("Isä lyö minua joka ilta", "fi")
    assert found is not None
    assert (found.category, found.phrase_id, found.language) == (
        "violence_home",
        "fi.violence_home.hit_me",
        "fi",
    )
    assert "ilta" not in repr(found)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("isä lyö minua", "fi"),
        ("mua lyödään", "fi"),
        ("mua on lyöty", "fi"),
        ("äiti löi mua", "fi"),
        ("jag vill dö", "sv"),
        ("i wanna die", "en"),
    ],
)
def test_inflected_forms_match(matcher: SafeguardingMatcher, text: str, language: str) -> None:
    """Inflections and colloquial forms of a phrase's words match it."""
    assert matcher.match(text, language) is not None


def test_gap_is_limited(matcher: SafeguardingMatcher) -> None:
    """Two words more than max_gap apart do not make a phrase."""
    assert matcher.match("haluan vaan ihan kuolla", "fi") is not None
    assert matcher.match("haluan syödä jäätelöä ennen kuin kuolla", "fi") is None


def test_negation_denies(matcher: SafeguardingMatcher) -> None:
    """A negation right before a phrase or inside its gap turns it off."""
    assert matcher.match("en halua kuolla", "fi") is None
    assert matcher.match("jag vill inte dö", "sv") is None
    assert matcher.match("I don't want to die", "en") is None


def test_quoted_headline_does_not_match(matcher: SafeguardingMatcher) -> None:
    """Inside quotation marks a phrase counts only when the message names no news source."""
    quoted = '"Isä hakkasi poikaa" oli Ylen otsikko'
    assert matcher.match(quoted, "fi") is None
    assert matcher.match('Se sanoi: "isä lyö minua"', "fi") is not None
    assert matcher.match('Yle kertoi "isä lyö" mutta mua lyödään kotona', "fi") is not None


def test_normalisation(matcher: SafeguardingMatcher) -> None:
    """Zero-width characters, fullwidth letters and capitals do not hide a phrase."""
    assert matcher.match("HALUAN\u200b KUOLLA", "fi") is not None
    assert matcher.match("ｈａｌｕａｎ ｋｕｏｌｌａ", "fi") is not None


def test_extra_file_adds_and_replaces(tmp_path: Path) -> None:
    """An extra phrase file adds to the built-in one, or replaces it with `replace = true`."""
    extra = tmp_path / "extra.toml"
    extra.write_text('[fi.phrases.custom]\nlost = ["=eksyin metsään"]\n', encoding="utf-8")
    added = SafeguardingMatcher.load(extra)
    assert added.match("eksyin metsään", "fi") is not None
    assert added.match("haluan kuolla", "fi") is not None
    extra.write_text('replace = true\n[fi.phrases.custom]\nlost = ["eksyä"]\n', encoding="utf-8")
    replaced = SafeguardingMatcher.load(extra)
    assert replaced.match("eksyin", "fi") is not None
    assert replaced.match("haluan kuolla", "fi") is None


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('[fi.phrases.x]\ny = ["@nobody lyö"]\n', "unknown class @nobody"),
        ('[fi.phrases.x]\ny = "lyö"\n', "fi.phrases.x.y must be a list of strings"),
        ('[de.phrases.x]\ny = ["schlagen"]\n', "unknown key(s) de"),
        ("max_gap = 9\n", "max_gap must be"),
        ('[fi.phrases.x]\ny = ["=kaksi sanaa|=a-b"]\n', "must be exactly one word"),
    ],
)
def test_bad_phrase_file_names_the_problem(tmp_path: Path, toml: str, expected: str) -> None:
    """A malformed phrase file is refused with a message naming the file and the key."""
    path = tmp_path / "bad.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(PhraseFileError) as caught:
        SafeguardingMatcher.load(path)
    assert expected in str(caught.value)
    assert str(path) in str(caught.value)

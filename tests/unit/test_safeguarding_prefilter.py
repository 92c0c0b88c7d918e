"""The dictionary-free safeguarding prefilter: it never hides a match, and spares the matcher."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from simplemma.strategies.dictionaries import DefaultDictionaryFactory

from bot.safeguarding_alerts import Safeguarding
from safeguarding import SafeguardingMatcher
from safeguarding.phrases import LANGUAGES, read_raw
from safeguarding.prefilter import IRREGULAR, SafeguardingPrefilter, _slots, prefixes

LABELLED = Path(__file__).resolve().parents[1] / "data" / "safeguarding_labelled.toml"
ORDINARY = [
    ("fi", "Puheenvuoro 17: kiusaaminen huomattiin vasta kun lapsi ei halunnut kouluun."),
    ("fi", "Meillä lapsi tykkää koulusta, mutta läksyjä on paljon."),
    ("fi", "Olisiko kokous ensi viikolla torstaina?"),
    ("sv", "Vi pratade om skolmaten hemma i går."),
    ("en", "My kid loves the new playground near the school."),
]


@pytest.fixture(scope="module")
def matcher() -> SafeguardingMatcher:
    return SafeguardingMatcher.load()


@pytest.fixture(scope="module")
def prefilter() -> SafeguardingPrefilter:
    return SafeguardingPrefilter.load()


def test_every_labelled_match_passes_the_prefilter(
    matcher: SafeguardingMatcher, prefilter: SafeguardingPrefilter
) -> None:
    """No labelled message the matcher flags is stopped by the prefilter."""
    with LABELLED.open("rb") as handle:
        data = tomllib.load(handle)
    flagged = [
        text
        for language, text in data["positive"] + data["negative"]
        if matcher.match(text, language) is not None
    ]
    assert len(flagged) >= 60
    assert [text for text in flagged if not prefilter.passes(text)] == []


def test_every_dictionary_form_reaches_its_phrase_word(matcher: SafeguardingMatcher) -> None:
    """Each simplemma form of each phrase word's lemma reaches that word's prefilter stems."""
    raw = read_raw()
    dictionaries = DefaultDictionaryFactory()
    missed: list[tuple[str, str, str]] = []
    for language in LANGUAGES:
        rules, table = matcher.book.languages[language], raw[language]
        texts = [
            text
            for phrases in table["phrases"].values()
            for texts in phrases.values()
            for text in texts
        ]
        needed: dict[str, list[frozenset[str]]] = {}
        for pattern, text in zip(rules.patterns, texts, strict=True):
            cheap = _slots(text, table.get("classes", {}), IRREGULAR.get(language, {}))
            for slot, stem_set in zip(pattern.slots, cheap, strict=True):
                for lemma in slot.lemmas:
                    needed.setdefault(lemma, []).append(stem_set)
        for form, lemma in dictionaries.get_dictionary(language).items():
            form, lemma = form.lower(), lemma.lower()
            reached = prefixes(form) | prefixes(rules.variants.get(form, ""))
            if any(stem_set.isdisjoint(reached) for stem_set in needed.get(lemma, ())):
                missed.append((language, form, lemma))
    assert missed == []


@pytest.mark.parametrize(("language", "text"), ORDINARY)
def test_ordinary_chat_is_rejected(
    prefilter: SafeguardingPrefilter, language: str, text: str
) -> None:
    """Everyday messages, even ones naming a child or bullying, do not pass."""
    assert not prefilter.passes(text), language


async def test_matcher_loads_only_for_a_message_that_passes() -> None:
    """The bot's safeguarding path builds the matcher on the first passing message only."""
    loads: list[Path | None] = []

    def loader(path: Path | None) -> SafeguardingMatcher:
        loads.append(path)
        return SafeguardingMatcher.load(path)

    safeguarding = Safeguarding(loader=loader)
    assert await safeguarding.match(ORDINARY[0][1], "fi") is None
    assert loads == []
    found = await safeguarding.match("Isä lyö minua joka ilta", "fi")
    assert found is not None and found.category == "violence_home"
    assert loads == [None]

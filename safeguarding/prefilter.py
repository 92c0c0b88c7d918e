"""A dictionary-free test that lets through every message the matcher could match.

Built straight from the phrase file (no simplemma: no dictionaries, no seconds of loading,
no hundreds of megabytes). Each value a phrase word accepts becomes a key: a `=form` or a
`prefix*` whole, a dictionary word its first `STEM` letters (plus, from `IRREGULAR`, the
first letters of its forms that start otherwise: fi "löi" for "lyödä"). A message word
reaches a key it starts with (or its listed colloquial variant's lemma does). A message
passes only when some phrase has every word reached, in any order, anywhere in the
message: order, gaps, clauses, negations, exclusions and the news rule are left to the
matcher, so the prefilter may say "maybe" too often but never "no" wrongly (a unit test
checks every simplemma form of every phrase lemma). Ordinary chat is rejected in
microseconds, so the matcher loads only when a message needs it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from safeguarding.phrases import LANGUAGES, _strings, _table, read_raw
from safeguarding.text import normalise, words

STEM = 3
WORD_CACHE_SIZE = 100_000
# Stems of forms that do not start like their dictionary form (found by checking every
# simplemma dictionary form of every phrase lemma): phrase stem -> the forms' stems.
IRREGULAR: dict[str, dict[str, tuple[str, ...]]] = {
    "fi": {
        "elä": ("ele", "eli"),
        "isi": ("ise",),
        "isä": ("isa",),
        "its": ("ite", "itt"),
        "kot": ("kod",),
        "lap": ("las",),
        "lyö": ("löi",),
        "men": ("män",),
        "oll": ("o", "li", "voi"),
        "pah": ("päh",),
        "poi": ("poj",),
        "äit": ("äid",),
    },
    "sv": {"dö": ("dog",), "slå": ("sla",), "ta": ("tog",)},
    "en": {"die": ("dic", "dyi"), "don": ("do", "di"), "i": ("me",)},
}
_Slots = tuple[frozenset[str], ...]


def prefixes(word: str) -> set[str]:
    """Every beginning of a message word: what it can share with a phrase word's keys."""
    return {word[:length] for length in range(1, len(word) + 1)}


def _value_keys(value: str, irregular: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """What a message word must start with to fill a phrase value: a `=form` or `prefix*`
    whole, a dictionary word's first STEM letters (plus the stems of its irregular forms)."""
    if value.startswith("="):
        return (normalise(value[1:]),)
    if value.endswith("*"):
        return (normalise(value[:-1]),)
    stem = normalise(value)[:STEM]
    return (stem, *irregular.get(stem, ()))


@dataclass(frozen=True, slots=True)
class _Word:
    """What one message word contributes: the keys it reaches, the phrases it may anchor."""

    reached: frozenset[str]
    candidates: tuple[_Slots, ...]


_NOTHING = _Word(frozenset(), ())  # a word that reaches no phrase key


@dataclass(frozen=True, slots=True)
class _Index:
    """The phrases of all languages as key sets, indexed by each phrase's rarest word."""

    variants: Mapping[str, frozenset[str]]
    by_anchor_key: Mapping[str, tuple[_Slots, ...]]
    keys: frozenset[str]  # every key of every phrase: only these are worth remembering
    initials: frozenset[str]  # first letters of keys and variant forms (no digit among them)


class SafeguardingPrefilter:
    """`passes(text)` is False for a message no phrase of the file can match."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        present = [language for language in LANGUAGES if language in raw]
        self._index = _index({language: _table(raw[language], language) for language in present})
        self._words: dict[str, _Word] = {}

    @classmethod
    def load(cls, path: Path | None = None) -> SafeguardingPrefilter:
        """The prefilter of the built-in phrases plus (or replaced by) the file at `path`."""
        return cls(read_raw(path))

    def passes(self, text: str) -> bool:
        """Whether the matcher could find a phrase in the text (in any language)."""
        seen = [self._words.get(word) or self._learn(word) for word in words(normalise(text))]
        candidates = [slots for word in seen for slots in word.candidates]
        if not candidates:
            return False
        reached = frozenset().union(*(word.reached for word in seen))
        return any(all(not slot.isdisjoint(reached) for slot in slots) for slots in candidates)

    def _learn(self, word: str) -> _Word:
        """A word's keys (those some phrase has) and candidate phrases (cached: chat words
        repeat; most reach no key and share one empty entry). A word whose first letter
        begins no key nor variant form (a number, a time: new ones all the time) reaches
        nothing and is not remembered."""
        if word[0] not in self._index.initials:
            return _NOTHING
        if len(self._words) >= WORD_CACHE_SIZE:
            self._words.clear()
        index = self._index
        reached = index.keys.intersection(
            prefixes(word).union(*(prefixes(lemma) for lemma in index.variants.get(word, ())))
        )
        learned = _NOTHING
        if reached:
            candidates = tuple(
                slots for key in reached for slots in index.by_anchor_key.get(key, ())
            )
            learned = _Word(frozenset(reached), candidates)
        self._words[word] = learned
        return learned


def _index(tables: Mapping[str, Mapping[str, Any]]) -> _Index:
    variants: defaultdict[str, set[str]] = defaultdict(set)
    by_anchor_key: defaultdict[str, list[_Slots]] = defaultdict(list)
    keys: set[str] = set()
    for language, table in tables.items():
        classes = {
            name: _strings(members, f"{language}.classes.{name}")
            for name, members in _table(table.get("classes", {}), language).items()
        }
        for form, target in _table(table.get("variants", {}), f"{language}.variants").items():
            variants[normalise(form)].add(normalise(str(target)))
        for slots in _phrases(language, table, classes):
            keys.update(*slots)
            for key in max(slots, key=_rarity):
                by_anchor_key[key].append(slots)
    return _Index(
        {form: frozenset(lemmas) for form, lemmas in variants.items()},
        {key: tuple(patterns) for key, patterns in by_anchor_key.items()},
        frozenset(keys),
        frozenset(word[0] for word in (*keys, *variants) if word),
    )


def _phrases(
    language: str, table: Mapping[str, Any], classes: Mapping[str, list[str]]
) -> Iterator[_Slots]:
    """Each phrase of one language as its word positions' key sets."""
    irregular = IRREGULAR.get(language, {})
    for category, phrases in _table(table.get("phrases", {}), f"{language}.phrases").items():
        for phrase_id, texts in _table(phrases, f"{language}.phrases.{category}").items():
            for text in _strings(texts, f"{language}.phrases.{category}.{phrase_id}"):
                yield _slots(text, classes, irregular)


def _rarity(slot: frozenset[str]) -> int:
    """How long a word position's shortest stem is: longer ones hit fewer messages."""
    return min(len(stem) for stem in slot)


def _slots(
    text: str, classes: Mapping[str, list[str]], irregular: Mapping[str, tuple[str, ...]]
) -> _Slots:
    """Each word of a phrase as the set of keys (beginnings) a message word may start with."""
    return tuple(
        frozenset(
            key
            for alternative in token.removeprefix("!").split("|")
            for value in (
                classes.get(alternative[1:], []) if alternative.startswith("@") else [alternative]
            )
            for key in _value_keys(value, irregular)
        )
        for token in text.split()
    )


@cache
def shared_prefilter(path: Path | None = None) -> SafeguardingPrefilter:
    """The prefilter for the built-in phrases plus `path`, built on the first call only."""
    return SafeguardingPrefilter.load(path)


__all__ = ["IRREGULAR", "STEM", "SafeguardingPrefilter", "shared_prefilter", "prefixes"]

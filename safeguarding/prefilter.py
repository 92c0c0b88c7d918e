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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from safeguarding.phrases import LANGUAGES, _strings, _table, read_raw
from safeguarding.text import normalise, words

STEM = 3
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
class _LanguageIndex:
    """One language's phrases as stem sets, indexed by each phrase's rarest word."""

    variants: Mapping[str, str]
    by_anchor_stem: Mapping[str, tuple[_Slots, ...]]

    def passes(self, message_prefixes: set[str], message_words: Iterable[str]) -> bool:
        """Whether some phrase has every word reached by the message."""
        reached = message_prefixes
        for word in message_words:
            lemma = self.variants.get(word)
            if lemma is not None:
                reached = reached | prefixes(lemma)
        for stem in reached:
            for slots in self.by_anchor_stem.get(stem, ()):
                if all(not slot.isdisjoint(reached) for slot in slots):
                    return True
        return False


class SafeguardingPrefilter:
    """`passes(text)` is False for a message no phrase of the file can match."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self._languages = tuple(
            _index(language, _table(raw[language], language))
            for language in LANGUAGES
            if language in raw
        )

    @classmethod
    def load(cls, path: Path | None = None) -> SafeguardingPrefilter:
        """The prefilter of the built-in phrases plus (or replaced by) the file at `path`."""
        return cls(read_raw(path))

    def passes(self, text: str) -> bool:
        """Whether the matcher could find a phrase in the text (in any language)."""
        found = words(normalise(text))
        message_prefixes = {prefix for word in found for prefix in prefixes(word)}
        return any(index.passes(message_prefixes, found) for index in self._languages)


def _index(language: str, table: Mapping[str, Any]) -> _LanguageIndex:
    classes = {
        name: _strings(members, f"{language}.classes.{name}")
        for name, members in _table(table.get("classes", {}), language).items()
    }
    variants = {
        normalise(form): normalise(str(target))
        for form, target in _table(table.get("variants", {}), f"{language}.variants").items()
    }
    by_anchor_stem: defaultdict[str, list[_Slots]] = defaultdict(list)
    for category, phrases in _table(table.get("phrases", {}), f"{language}.phrases").items():
        for phrase_id, texts in _table(phrases, f"{language}.phrases.{category}").items():
            for text in _strings(texts, f"{language}.phrases.{category}.{phrase_id}"):
                slots = _slots(text, classes, IRREGULAR.get(language, {}))
                for stem in max(slots, key=_rarity):
                    by_anchor_stem[stem].append(slots)
    return _LanguageIndex(
        variants, {stem: tuple(patterns) for stem, patterns in by_anchor_stem.items()}
    )


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

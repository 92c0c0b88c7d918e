"""Read the phrase file (TOML) into compiled patterns.

File layout, per language (`fi`, `sv`, `en`):

    max_gap = 2                           # words allowed between two words of a phrase
    news_sources = ["yle", ...]           # words that make a message a quoted headline
    [fi]
    negations = ["en", "ei", ...]         # a phrase right after one, or around one, is denied
    [fi.variants]                         # colloquial forms simplemma does not know -> lemma
    haluun = "haluta"
    [fi.classes]                          # named word sets, used in phrases as @name
    me = ["minä", "=mut"]
    [fi.exclusions]                       # idioms: a phrase overlapping one does not count
    laughing = ["kuolla nauruun"]
    [fi.phrases.self_harm]                # category -> phrase id -> patterns
    want_to_die = ["haluan kuolla"]

A pattern is words separated by spaces. Each word is a set of alternatives separated by `|`:
a plain word matches any inflection (same lemma) or itself; `=word` only that exact form;
`word*` any word starting so; `@name` any word of a class. A leading `!` marks the word the
cheap prefilter looks for (by default the one with the longest values): mark the rarest.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safeguarding.lemmas import lemma
from safeguarding.text import normalise, words

LANGUAGES = ("fi", "sv", "en")
DEFAULT_PHRASES = Path(__file__).with_name("phrases.toml")
DEFAULT_MAX_GAP = 2


class PhraseFileError(ValueError):
    """The phrase file is unreadable or malformed; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Slot:
    """One word position of a pattern: the lemmas, exact forms and prefixes it accepts."""

    lemmas: frozenset[str]
    forms: frozenset[str]
    prefixes: tuple[str, ...]

    def accepts(self, form: str, lemma_: str) -> bool:
        """Whether a message word (its form and lemma) fills this position."""
        return lemma_ in self.lemmas or form in self.forms or form.startswith(self.prefixes)

    def rarity(self) -> int:
        """The length of its shortest value: a longer one is a rarer, better prefilter."""
        values = [*self.lemmas, *self.forms, *self.prefixes]
        return min(len(value) for value in values)


@dataclass(frozen=True, slots=True)
class Pattern:
    """A compiled phrase: its id, category and word positions in order."""

    phrase_id: str
    category: str
    slots: tuple[Slot, ...]
    marked_anchor: int | None = None

    def anchor(self) -> Slot:
        """The position used for the cheap prefilter: the one marked `!`, else the rarest
        (longest shortest value), on a tie the later one (the verb usually comes later)."""
        if self.marked_anchor is not None:
            return self.slots[self.marked_anchor]
        return max(reversed(self.slots), key=Slot.rarity)


@dataclass(frozen=True, slots=True)
class LanguageRules:
    """Everything the matcher needs for one language."""

    language: str
    variants: Mapping[str, str]
    negations: frozenset[str]
    patterns: tuple[Pattern, ...]
    exclusions: tuple[Pattern, ...]

    def lemma(self, form: str) -> str:
        """A message word's lemma: a listed variant first, else simplemma's."""
        return self.variants.get(form) or lemma(form, self.language)


@dataclass(frozen=True, slots=True)
class PhraseBook:
    """The whole compiled phrase file."""

    max_gap: int
    news_sources: frozenset[str]
    languages: Mapping[str, LanguageRules]

    def pattern_count(self, language: str) -> int:
        """How many patterns a language has (for the README and tests)."""
        rules = self.languages.get(language)
        return len(rules.patterns) if rules else 0


def read_book(extra: Path | None = None) -> PhraseBook:
    """The built-in phrases, merged with `extra` (or replaced by it if it says `replace`)."""
    raw = read_raw(extra)
    try:
        return _compile_book(raw)
    except PhraseFileError as exc:
        where = extra if extra is not None else DEFAULT_PHRASES
        raise PhraseFileError(f"phrase file {where}: {exc}") from None


def read_raw(extra: Path | None = None) -> dict[str, Any]:
    """The phrase file as TOML data: the built-in one merged with `extra` (or replaced)."""
    raw = _read_toml(DEFAULT_PHRASES)
    if extra is not None:
        added = _read_toml(extra)
        raw = added if added.pop("replace", False) is True else _merge(raw, added)
    return raw


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise PhraseFileError(f"phrase file {path}: cannot read it ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise PhraseFileError(f"phrase file {path}: {exc}") from None


def _merge(base: dict[str, Any], added: Mapping[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value (a list of patterns) replaces the old one."""
    merged = dict(base)
    for key, value in added.items():
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(value, Mapping):
            merged[key] = _merge(old, value)
        else:
            merged[key] = value
    return merged


def _compile_book(raw: Mapping[str, Any]) -> PhraseBook:
    unknown = set(raw) - {"max_gap", "news_sources", *LANGUAGES}
    if unknown:
        raise PhraseFileError(f"unknown key(s) {', '.join(sorted(unknown))}")
    max_gap = raw.get("max_gap", DEFAULT_MAX_GAP)
    if not isinstance(max_gap, int) or not 0 <= max_gap <= 5:
        raise PhraseFileError("max_gap must be a whole number from 0 to 5")
    languages = {
        language: _compile_language(language, raw[language])
        for language in LANGUAGES
        if language in raw
    }
    news = _strings(raw.get("news_sources", []), "news_sources")
    return PhraseBook(max_gap, frozenset(normalise(word) for word in news), languages)


def _compile_language(language: str, raw: Any) -> LanguageRules:
    table = _table(raw, language)
    unknown = set(table) - {"negations", "variants", "classes", "exclusions", "phrases"}
    if unknown:
        raise PhraseFileError(f"{language}: unknown key(s) {', '.join(sorted(unknown))}")
    variants = {
        normalise(form): normalise(_string(target, f"{language}.variants.{form}"))
        for form, target in _table(table.get("variants", {}), f"{language}.variants").items()
    }
    compiler = _Compiler(language, variants, _table(table.get("classes", {}), language))
    patterns = [
        compiler.pattern(f"{language}.{category}.{phrase_id}", category, text)
        for category, phrases in _table(table.get("phrases", {}), f"{language}.phrases").items()
        for phrase_id, texts in _table(phrases, f"{language}.phrases.{category}").items()
        for text in _strings(texts, f"{language}.phrases.{category}.{phrase_id}")
    ]
    exclusions = [
        compiler.pattern(f"{language}.exclusions.{name}", "exclusion", text)
        for name, texts in _table(table.get("exclusions", {}), f"{language}.exclusions").items()
        for text in _strings(texts, f"{language}.exclusions.{name}")
    ]
    negations = _strings(table.get("negations", []), f"{language}.negations")
    return LanguageRules(
        language=language,
        variants=variants,
        negations=frozenset(normalise(word) for word in negations),
        patterns=tuple(patterns),
        exclusions=tuple(exclusions),
    )


class _Compiler:
    """Turns pattern text into slots for one language."""

    def __init__(self, language: str, variants: Mapping[str, str], classes: Mapping[str, Any]):
        self.language = language
        self.variants = variants
        self.classes = {
            name: _strings(members, f"{language}.classes.{name}")
            for name, members in classes.items()
        }

    def pattern(self, phrase_id: str, category: str, text: str) -> Pattern:
        tokens = text.split()
        if not tokens:
            raise PhraseFileError(f"{phrase_id}: an empty phrase")
        marked = [index for index, token in enumerate(tokens) if token.startswith("!")]
        if len(marked) > 1:
            raise PhraseFileError(f"{phrase_id}: {text!r} marks more than one word with !")
        slots = tuple(self._slot(token.removeprefix("!"), phrase_id) for token in tokens)
        return Pattern(phrase_id, category, slots, marked[0] if marked else None)

    def _slot(self, token: str, where: str) -> Slot:
        lemmas: set[str] = set()
        forms: set[str] = set()
        prefixes: list[str] = []
        for alternative in self._expand(token, where):
            if alternative.startswith("="):
                forms.add(self._one_word(alternative[1:], where))
            elif alternative.endswith("*"):
                prefixes.append(self._one_word(alternative[:-1], where))
            else:
                word = self._one_word(alternative, where)
                forms.add(word)
                lemmas.add(self.variants.get(word) or lemma(word, self.language))
        return Slot(frozenset(lemmas), frozenset(forms), tuple(prefixes))

    def _expand(self, token: str, where: str) -> list[str]:
        alternatives = []
        for alternative in token.split("|"):
            if alternative.startswith("@"):
                members = self.classes.get(alternative[1:])
                if members is None:
                    raise PhraseFileError(f"{where}: unknown class {alternative}")
                if any(member.startswith("@") for member in members):
                    raise PhraseFileError(f"{where}: class {alternative} names another class")
                alternatives.extend(members)
            else:
                alternatives.append(alternative)
        return alternatives

    @staticmethod
    def _one_word(text: str, where: str) -> str:
        found = words(normalise(text))
        if len(found) != 1:
            raise PhraseFileError(f"{where}: {text!r} must be exactly one word")
        return found[0]


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise PhraseFileError(f"{where} must be a table")
    return value


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise PhraseFileError(f"{where} must be a string")
    return value


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise PhraseFileError(f"{where} must be a list of strings")
    return value


__all__ = [
    "DEFAULT_PHRASES",
    "LANGUAGES",
    "LanguageRules",
    "Pattern",
    "PhraseBook",
    "PhraseFileError",
    "Slot",
    "read_book",
    "read_raw",
]

"""Does a message say that its writer (or the writer's child) is hurt or in danger?

Rules, in order:
- the text is normalised (NFKC, lower case, zero-width characters removed) and cut into
  clauses at . , : ! ? ; and line breaks; a phrase matches inside one clause;
- a phrase's words match in order, any inflection of each (simplemma lemmas, plus the
  variants the file lists), with at most `max_gap` other words between two of them;
- a phrase does not match right after a negation word ("en halua kuolla") nor around one
  ("jag vill inte dö");
- a phrase overlapping an exclusion (an idiom: "kuolla nauruun") does not count;
- news rule: when a message names a news source or holds a link, words inside double
  quotation marks do not match: a quoted headline is not the writer's own words;
- the message's language is tried first, then the others (a Finnish group may hear English).

The result names a category and a phrase id, never the text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from safeguarding.phrases import LANGUAGES, LanguageRules, Pattern, PhraseBook, Slot, read_book
from safeguarding.text import Word, clauses, has_link, normalise, words

VERDICT_CACHE_SIZE = 200_000


@dataclass(frozen=True, slots=True)
class SafeguardingMatch:
    """Which phrase matched: its category ("self_harm", ...), id and language. No text."""

    category: str
    phrase_id: str
    language: str


@dataclass(frozen=True, slots=True)
class _Prefilter:
    """The union of every pattern's rarest position: a message without one cannot match."""

    forms: frozenset[str]
    prefixes: tuple[str, ...]
    lemmas: frozenset[str]

    @classmethod
    def of(cls, patterns: Sequence[Pattern]) -> _Prefilter:
        anchors = [pattern.anchor() for pattern in patterns]
        return cls(
            forms=frozenset().union(*(slot.forms for slot in anchors)),
            prefixes=tuple(sorted({prefix for slot in anchors for prefix in slot.prefixes})),
            lemmas=frozenset().union(*(slot.lemmas for slot in anchors)),
        )

    def hit(self, word: str, rules: LanguageRules) -> bool:
        """Whether one word fills some pattern's anchor."""
        return (
            word in self.forms
            or word.startswith(self.prefixes)
            or rules.lemma(word) in self.lemmas
        )


class SafeguardingMatcher:
    """Matches messages against a compiled phrase book; build once, share freely."""

    def __init__(self, book: PhraseBook) -> None:
        self.book = book
        self._prefilters = {
            language: _Prefilter.of(rules.patterns) for language, rules in book.languages.items()
        }
        self._verdicts: dict[str, frozenset[str]] = {}

    @classmethod
    def load(cls, path: Path | None = None) -> SafeguardingMatcher:
        """The built-in phrases, plus (or replaced by) the file at `path`."""
        return cls(read_book(path))

    def match(self, text: str, language: str) -> SafeguardingMatch | None:
        """The first phrase the text says, trying `language` first; None for most messages."""
        normalised = normalise(text)
        hit: set[str] = set()
        for word in words(normalised):
            languages = self._verdicts.get(word)
            if languages is None:
                languages = self._verdict(word)
            hit |= languages
        if not hit:
            return None
        parts = clauses(normalised)
        flat = {word.text for clause in parts for word in clause}
        quoting_news = has_link(normalised) or not self.book.news_sources.isdisjoint(flat)
        own = _own_words(parts, quoting_news)
        for candidate in self._order(language):
            if candidate in hit:
                found = self._match_rules(own, self.book.languages[candidate])
                if found is not None:
                    return found
        return None

    def _verdict(self, word: str) -> frozenset[str]:
        """The languages in which a word fills some anchor (cached: chat words repeat)."""
        if len(self._verdicts) >= VERDICT_CACHE_SIZE:
            self._verdicts.clear()
        languages = frozenset(
            language
            for language, prefilter in self._prefilters.items()
            if prefilter.hit(word, self.book.languages[language])
        )
        self._verdicts[word] = languages
        return languages

    def _order(self, language: str) -> list[str]:
        first = [language] if language in self.book.languages else []
        return first + [
            other for other in LANGUAGES if other in self.book.languages and other != language
        ]

    def _match_rules(
        self, parts: list[list[str]], rules: LanguageRules
    ) -> SafeguardingMatch | None:
        for forms in parts:
            lemmas = [rules.lemma(form) for form in forms]
            excluded: list[tuple[int, int]] | None = None
            for pattern in rules.patterns:
                for start, end in _spans(
                    pattern.slots, forms, lemmas, rules.negations, self.book.max_gap
                ):
                    if excluded is None:
                        excluded = [
                            span
                            for exclusion in rules.exclusions
                            for span in _spans(
                                exclusion.slots, forms, lemmas, frozenset(), self.book.max_gap
                            )
                        ]
                    if not any(s <= end and start <= e for s, e in excluded):
                        return SafeguardingMatch(
                            pattern.category, pattern.phrase_id, rules.language
                        )
        return None


def _own_words(parts: list[list[Word]], quoting_news: bool) -> list[list[str]]:
    """The clauses as word lists; quoted words cut a clause when the message quotes news."""
    if not quoting_news:
        return [[word.text for word in clause] for clause in parts]
    result: list[list[str]] = []
    for clause in parts:
        current: list[str] = []
        for word in clause:
            if word.quoted:
                if current:
                    result.append(current)
                current = []
            else:
                current.append(word.text)
        if current:
            result.append(current)
    return result


def _spans(
    slots: Sequence[Slot],
    forms: Sequence[str],
    lemmas: Sequence[str],
    negations: frozenset[str],
    max_gap: int,
) -> Iterator[tuple[int, int]]:
    """Each (first, last) word index where the slots match in order with small gaps."""
    first = slots[0]
    for start in range(len(forms)):
        if not first.accepts(forms[start], lemmas[start]):
            continue
        if start > 0 and forms[start - 1] in negations:
            continue
        end = _rest(slots, 1, start, forms, lemmas, negations, max_gap)
        if end is not None:
            yield start, end


def _rest(
    slots: Sequence[Slot],
    index: int,
    position: int,
    forms: Sequence[str],
    lemmas: Sequence[str],
    negations: frozenset[str],
    max_gap: int,
) -> int | None:
    """The last word index if slots[index:] match after `position`, else None."""
    if index == len(slots):
        return position
    slot = slots[index]
    for next_position in range(position + 1, min(len(forms), position + 2 + max_gap)):
        if slot.accepts(forms[next_position], lemmas[next_position]):
            end = _rest(slots, index + 1, next_position, forms, lemmas, negations, max_gap)
            if end is not None:
                return end
        if forms[next_position] in negations:
            return None
    return None


__all__ = ["SafeguardingMatch", "SafeguardingMatcher"]

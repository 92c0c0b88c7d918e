"""Words -> lemmas for keywords and sub-topics: simplemma (fi, sv, en), stop words from
`stopwordsiso` plus ours, and how common a lemma is in the language (`wordfreq`).

Dictionaries load lazily, once per process and language (simplemma's Finnish one takes
seconds), and the three packages only with the first `Lexicon` (the bot's ingest path never
needs them); lemma look-ups are cached, since chat vocabularies repeat.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from digest.stopwords import STOP_WORDS

LANGUAGES = ("fi", "sv", "en")
MIN_LENGTH = 3
CACHE_SIZE = 200_000
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LABEL = re.compile(r"\[[^\]]*\]")  # redaction labels such as "[puhelinnumero]"
COMMONEST_ZIPF = 7.0  # wordfreq's Zipf scale: "ja" ~ 7.5, a rare word ~ 1


def words_of(text: str) -> list[str]:
    """The lower-case words of a text (redaction labels left out)."""
    if "[" in text:
        text = _LABEL.sub(" ", text)
    return _WORD.findall(text.lower())


def pieces_of(text: str) -> set[str]:
    """The distinct lower-case whitespace-separated pieces of a text (redaction labels left
    out). No word of `words_of` spans whitespace, so a text's words are its pieces' words:
    callers cache per piece and skip the word regex for pieces they have seen."""
    if "[" in text:
        text = _LABEL.sub(" ", text)
    return set(text.lower().split())


def language_of(language: str) -> str:
    """A supported language ("fi" when unknown)."""
    return language if language in LANGUAGES else "fi"


class Lexicon:
    """A language's content lemmas, stop words and general frequencies, cached."""

    __slots__ = ("_lemmas", "_lemmatize", "_rarity", "_stop", "_zipf", "language")
    _lemmatize: Callable[..., str]
    _zipf: Callable[[str, str], float]

    def __init__(self, language: str) -> None:
        import simplemma
        import stopwordsiso  # type: ignore[import-untyped, import-not-found, unused-ignore]
        import wordfreq  # type: ignore[import-untyped, import-not-found, unused-ignore]

        self.language = language_of(language)
        self._stop = frozenset(stopwordsiso.stopwords(self.language)) | STOP_WORDS[self.language]
        self._lemmatize = simplemma.lemmatize
        self._zipf = wordfreq.zipf_frequency
        self._lemmas: dict[str, str | None] = {}
        self._rarity: dict[str, float] = {}

    def lemma(self, word: str) -> str | None:
        """The lemma of a lower-case word, or None for a stop word or a short one."""
        try:
            return self._lemmas[word]
        except KeyError:
            pass
        found: str | None = None
        if word not in self._stop and len(word) >= MIN_LENGTH:
            found = self._lemmatize(word, lang=self.language).lower()
            if found in self._stop or len(found) < MIN_LENGTH:
                found = None
        if len(self._lemmas) >= CACHE_SIZE:
            self._lemmas.clear()
        self._lemmas[word] = found
        return found

    def lemmas(self, text: str) -> list[str]:
        """The content lemmas of a text, in order (repeats kept)."""
        return self.lemmas_of_words(words_of(text))

    def lemmas_of_words(self, words: list[str]) -> list[str]:
        """The content lemmas of lower-case words (`words_of`), in order (repeats kept)."""
        known = self._lemmas
        new = set(words).difference(known)
        if new:
            if len(known) + len(new) > CACHE_SIZE:
                known.clear()
                new = set(words)
            for word in new:
                self.lemma(word)
        return list(filter(None, map(known.__getitem__, words)))

    def rarity(self, lemma: str) -> float:
        """How uncommon a lemma is in general language: 0 (commonest) to 1 (unknown)."""
        value = self._rarity.get(lemma)
        if value is None:
            zipf = self._zipf(lemma, self.language)
            value = self._rarity[lemma] = max(0.0, COMMONEST_ZIPF - zipf) / COMMONEST_ZIPF
        return value


@functools.cache
def lexicon_for(language: str) -> Lexicon:
    """One shared, caching lexicon per language."""
    return Lexicon(language_of(language))

"""Keywords: Snowball-stemmed words (Finnish, Swedish or English) without stop words.

A keyword must be used by at least two different members, so a name or a rare word
that only one person wrote never becomes a keyword.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import snowballstemmer  # type: ignore[import-untyped, import-not-found, unused-ignore]

from digest.model import Keyword
from digest.stopwords import STOP_WORDS

ALGORITHMS = {"fi": "finnish", "sv": "swedish", "en": "english"}
_WORD = re.compile(r"[^\W\d_]{3,}")
_LABEL = re.compile(r"\[[^\]]*\]")  # redaction labels such as "[puhelinnumero]"


class Stemmer:
    """A language's Snowball stemmer with a cache; stop words stem to None."""

    __slots__ = ("_cache", "_stemmer", "_stop")
    CACHE_LIMIT = 200_000

    def __init__(self, language: str) -> None:
        algorithm = ALGORITHMS.get(language, ALGORITHMS["fi"])
        self._stemmer: Any = snowballstemmer.stemmer(algorithm)
        words = STOP_WORDS.get(language, STOP_WORDS["fi"])
        self._stop = words | {str(self._stemmer.stemWord(word)) for word in words}
        self._cache: dict[str, str | None] = {}

    def __call__(self, word: str) -> str | None:
        """The stem of a lower-case word, or None for a stop word."""
        try:
            return self._cache[word]
        except KeyError:
            stem: str | None = None
            if word not in self._stop:
                stem = str(self._stemmer.stemWord(word))
                stem = None if stem in self._stop or len(stem) < 3 else stem
            if len(self._cache) >= self.CACHE_LIMIT:
                self._cache.clear()
            self._cache[word] = stem
            return stem


@functools.cache
def stemmer_for(language: str) -> Stemmer:
    """One shared, caching stemmer per language."""
    return Stemmer(language)


def keywords(
    texts: Iterable[tuple[str, int]], stemmer: Stemmer, *, limit: int = 10, min_authors: int = 2
) -> tuple[Keyword, ...]:
    """The `limit` stems in most texts, from (text, author) pairs, each used by min_authors+."""
    documents: Counter[str] = Counter()
    authors: defaultdict[str, set[int]] = defaultdict(set)
    forms: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for text, author in texts:
        seen: set[str] = set()
        for word in _WORD.findall(_LABEL.sub(" ", text).lower()):
            stem = stemmer(word)
            if stem is None:
                continue
            forms[stem][word] += 1
            if stem not in seen:
                seen.add(stem)
                documents[stem] += 1
                authors[stem].add(author)
    eligible = [stem for stem in documents if len(authors[stem]) >= min_authors]
    eligible.sort(key=lambda stem: (-documents[stem], stem))
    return tuple(
        Keyword(_common_form(forms[stem]), stem, documents[stem]) for stem in eligible[:limit]
    )


def _common_form(forms: Counter[str]) -> str:
    """The most used surface form (alphabetical first on a tie)."""
    return min(forms.items(), key=lambda item: (-item[1], item[0]))[0]

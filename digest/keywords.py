"""Keywords: the lemmas that set a theme apart (c-TF-IDF against the period's other themes,
weighted by how uncommon the lemma is in general language).

A keyword must be used by at least two different members, so a name or a rare word that only
one person wrote never becomes a keyword. Count = the contributions that use the lemma.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import repeat

from digest.lemmas import Lexicon
from digest.model import Keyword

Texts = Iterable[tuple[str, int]]  # (text, author id)


class _Usage:
    """One theme's lemma counts: occurrences, contributions and authors."""

    __slots__ = ("authors", "documents", "occurrences")

    def __init__(self, texts: Texts, lexicon: Lexicon) -> None:
        self.occurrences: Counter[str] = Counter()
        self.documents: Counter[str] = Counter()
        pairs: set[tuple[str, int]] = set()  # (lemma, author): counted per lemma below
        for text, author in texts:
            lemmas = lexicon.lemmas(text)
            self.occurrences.update(lemmas)
            distinct = set(lemmas)
            self.documents.update(distinct)
            pairs.update(zip(distinct, repeat(author)))
        self.authors: Counter[str] = Counter(lemma for lemma, _ in pairs)


def theme_keywords(
    themes: Mapping[str, Texts], lexicon: Lexicon, *, limit: int = 12, min_authors: int = 2
) -> dict[str, tuple[Keyword, ...]]:
    """Each theme's `limit` most distinctive lemmas, from its (text, author) pairs.

    Score = tf(lemma, theme) x log(1 + A / f(lemma)) x rarity(lemma), where tf is the lemma's
    share of the theme's lemmas, A the mean number of lemmas per theme and f the lemma's
    occurrences over all themes (c-TF-IDF); ties go alphabetically.
    """
    usage = {key: _Usage(texts, lexicon) for key, texts in themes.items()}
    overall: Counter[str] = Counter()
    for theme in usage.values():
        overall.update(theme.occurrences)
    average = sum(overall.values()) / max(1, len(usage))
    result = {}
    for key, theme in usage.items():
        size = sum(theme.occurrences.values()) or 1
        scores = {
            lemma: count / size * math.log(1 + average / overall[lemma]) * lexicon.rarity(lemma)
            for lemma, count in theme.occurrences.items()
            if theme.authors[lemma] >= min_authors
        }
        ranked = sorted(scores, key=lambda lemma: (-scores[lemma], lemma))[:limit]
        result[key] = tuple(Keyword(lemma, lemma, theme.documents[lemma]) for lemma in ranked)
    return result

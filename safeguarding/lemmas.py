"""Word -> lemma with simplemma, cached: chat vocabularies repeat, so most look-ups are hits."""

from __future__ import annotations

from functools import lru_cache

CACHE_SIZE = 65_536


@lru_cache(maxsize=CACHE_SIZE)
def lemma(word: str, language: str) -> str:
    """The dictionary form of a lower-case word in `language` (the word itself if unknown)."""
    import simplemma  # loaded with the first look-up, not at start (memory)

    return simplemma.lemmatize(word, lang=language).lower()


__all__ = ["lemma"]

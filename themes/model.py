"""Themes and their wording per language and audience, and the catalog that holds them."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = [
    "AUDIENCES",
    "DEFAULT_LANGUAGE",
    "FALLBACK_THEME",
    "GROUP_AUDIENCES",
    "LANGUAGES",
    "MESSAGE_LIMIT",
    "PROMPT_RESERVE",
    "Catalog",
    "Theme",
    "ThemeText",
    "normalise_language",
]

LANGUAGES = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"
GROUP_AUDIENCES = ("parents", "youth")
AUDIENCES = (*GROUP_AUDIENCES, "both")
FALLBACK_THEME = "vapaa"
MESSAGE_LIMIT = 4096
"""Telegram's limit on a message's text after entity parsing, in UTF-16 code units."""
PROMPT_RESERVE = 256
"""Room left in the prompt message for what the bot adds around a theme (hours, notes)."""

_FOLD_LETTERS = str.maketrans({"ä": "a", "ö": "o", "å": "a"})
_CUTOFF = 0.6
_MIN_PREFIX = 3
_PREFIX_SCORE = 0.9


@dataclass(frozen=True)
class ThemeText:
    """A theme's wording in one language for one audience."""

    title: str
    prompt: str
    questions: tuple[str, ...]

    def message_length(self) -> int:
        """Length of title, prompt and bulleted questions as posted, in UTF-16 code units."""
        bullets = "\n".join(f"• {question}" for question in self.questions)
        posted = f"{self.title}\n\n{self.prompt}\n\n{bullets}"
        return len(posted.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Theme:
    """A discussion theme.

    `texts` holds the general wording per language (Finnish required); `youth_texts` the
    complete youth wording for the languages that have their own.
    """

    key: str
    audience: str
    texts: Mapping[str, ThemeText] = field(hash=False)
    youth_texts: Mapping[str, ThemeText] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        if self.audience not in AUDIENCES:
            raise ValueError(f"audience must be one of {AUDIENCES}, not {self.audience!r}")
        if DEFAULT_LANGUAGE not in self.texts:
            raise ValueError(f"theme {self.key!r} needs {DEFAULT_LANGUAGE} wording")
        unknown = (set(self.texts) | set(self.youth_texts)) - set(LANGUAGES)
        if unknown:
            raise ValueError(f"unknown languages {sorted(unknown)}; allowed: {LANGUAGES}")
        object.__setattr__(self, "texts", MappingProxyType(dict(self.texts)))
        object.__setattr__(self, "youth_texts", MappingProxyType(dict(self.youth_texts)))

    def serves(self, audience: str) -> bool:
        """Whether a group of that audience ("parents" or "youth") may discuss this theme."""
        return self.audience in (_check_group_audience(audience), "both")

    def text(self, language: str, audience: str) -> ThemeText:
        """The wording for a group: missing language -> Finnish, missing youth -> general."""
        _check_group_audience(audience)
        language = normalise_language(language)
        if language not in self.texts:
            language = DEFAULT_LANGUAGE
        if audience == "youth" and language in self.youth_texts:
            return self.youth_texts[language]
        return self.texts[language]


def normalise_language(language: str) -> str:
    """The primary language subtag in lower case: "sv-FI" -> "sv", "EN" -> "en"."""
    return language.strip().lower().replace("_", "-").split("-")[0]


def _check_group_audience(audience: str) -> str:
    if audience not in GROUP_AUDIENCES:
        raise ValueError(f"a group's audience is 'parents' or 'youth', not {audience!r}")
    return audience


class Catalog(Mapping[str, Theme]):
    """Read-only themes by key, in load order; a later theme replaces one with its key."""

    __slots__ = ("_themes",)

    def __init__(self, themes: Iterable[Theme] = ()) -> None:
        by_key: dict[str, Theme] = {}
        for theme in themes:
            by_key[theme.key] = theme
        self._themes = MappingProxyType(by_key)

    def __getitem__(self, key: str) -> Theme:
        return self._themes[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._themes)

    def __len__(self) -> int:
        return len(self._themes)

    def __repr__(self) -> str:
        return f"Catalog({list(self._themes)})"

    def for_audience(self, audience: str) -> list[Theme]:
        """The themes a group of that audience may discuss, in catalog order."""
        return [theme for theme in self._themes.values() if theme.serves(audience)]

    def closest(self, key: str, n: int = 3) -> list[str]:
        """Up to `n` keys resembling `key`, best first, for "did you mean" replies."""
        wanted = _as_slug(key)
        if wanted in self._themes:
            return [wanted]
        scores = {theme.key: _similarity(wanted, theme) for theme in self._themes.values()}
        ranked = sorted((-score, key) for key, score in scores.items() if score >= _CUTOFF)
        return [key for _, key in ranked[:n]]


def _similarity(wanted: str, theme: Theme) -> float:
    """How well typed text matches a theme's key, a word of it, or a title (0-1)."""
    texts = (*theme.texts.values(), *theme.youth_texts.values())
    names = {theme.key, *(_as_slug(text.title) for text in texts)}
    candidates = names | {word for name in names for word in name.split("-")}
    score = max(difflib.SequenceMatcher(None, wanted, name).ratio() for name in candidates)
    if len(wanted) >= _MIN_PREFIX and any(name.startswith(wanted) for name in candidates):
        score = max(score, _PREFIX_SCORE)
    return score


def _as_slug(text: str) -> str:
    """Fold typed text into key form: "Vertaisryhmät " -> "vertaisryhmat"."""
    folded = text.strip().lower().translate(_FOLD_LETTERS)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")

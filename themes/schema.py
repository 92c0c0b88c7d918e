"""Check one parsed theme file against the schema and build its Theme.

Every problem is reported (not just the first) with the source line it is on.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import Any

from themes.model import (
    AUDIENCES,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    MESSAGE_LIMIT,
    PROMPT_RESERVE,
    Theme,
    ThemeText,
)
from themes.toml_lines import KeyPath, LineIndex

__all__ = ["KEY_PATTERN", "Problems", "read_theme"]

KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MIN_QUESTIONS, MAX_QUESTIONS = 2, 5
_TOP_KEYS = ("key", "audience", *LANGUAGES)
_TEXT_FIELDS = ("title", "prompt", "questions")
_LANGUAGE_KEYS = (*_TEXT_FIELDS, "youth")


@dataclass
class Problems:
    """The problems found in one file, each with its line number."""

    index: LineIndex
    found: list[tuple[int, str]] = field(default_factory=list)

    def add(self, path: KeyPath, message: str) -> None:
        """Record `message` on the line of `path` (or of its table, or line 1)."""
        self.found.append((self.index.line_of(path), message))


def read_theme(data: Mapping[str, Any], stem: str, problems: Problems) -> Theme | None:
    """The Theme described by a parsed file named `stem`.toml, or None if it has problems."""
    before = len(problems.found)
    _check_unknown(data, _TOP_KEYS, (), problems)
    key = _read_key(data, stem, problems)
    audience = _read_audience(data, problems)
    if DEFAULT_LANGUAGE not in data:
        problems.add((), f"missing [{DEFAULT_LANGUAGE}] table: Finnish wording is required")
    texts: dict[str, ThemeText] = {}
    youth_texts: dict[str, ThemeText] = {}
    for language in LANGUAGES:
        if language in data:
            general, youth = _read_language(language, data[language], problems)
            if general is not None:
                texts[language] = general
            if youth is not None:
                youth_texts[language] = youth
    if len(problems.found) > before or key is None or audience is None:
        return None
    return Theme(key, audience, texts, youth_texts)


def _read_key(data: Mapping[str, Any], stem: str, problems: Problems) -> str | None:
    if "key" not in data:
        problems.add(("key",), f"missing 'key' (it must be the file name, {stem!r})")
        return None
    key = data["key"]
    if not isinstance(key, str):
        problems.add(("key",), f"'key' must be a string, not {_toml_type(key)}")
    elif not KEY_PATTERN.fullmatch(key):
        problems.add(
            ("key",),
            f"'key' {key!r} is not a slug: use a-z, 0-9 and single hyphens, e.g. 'oma-teema'",
        )
    elif key != stem:
        problems.add(("key",), f"'key' {key!r} does not match the file name {stem}.toml")
    else:
        return key
    return None


def _read_audience(data: Mapping[str, Any], problems: Problems) -> str | None:
    choices = ", ".join(AUDIENCES)
    if "audience" not in data:
        problems.add(("audience",), f"missing 'audience' (one of {choices})")
        return None
    audience = data["audience"]
    if audience not in AUDIENCES:
        problems.add(("audience",), f"'audience' must be one of {choices}, not {audience!r}")
        return None
    return str(audience)


def _read_language(
    language: str, table: object, problems: Problems
) -> tuple[ThemeText | None, ThemeText | None]:
    """The general and youth wording of one language table (None where not usable)."""
    path = (language,)
    if not isinstance(table, dict):
        problems.add(path, f"'{language}' must be a table, not {_toml_type(table)}")
        return None, None
    _check_unknown(table, _LANGUAGE_KEYS, path, problems)
    fields = _read_fields(table, path, problems, required=True)
    general = ThemeText(**fields) if len(fields) == len(_TEXT_FIELDS) else None
    general = _fitting(general, path, problems)
    if "youth" not in table:
        return general, None
    youth_path = (*path, "youth")
    youth_table = table["youth"]
    if not isinstance(youth_table, dict):
        problems.add(
            youth_path, f"'{language}.youth' must be a table, not {_toml_type(youth_table)}"
        )
        return general, None
    _check_unknown(youth_table, _TEXT_FIELDS, youth_path, problems)
    overrides = _read_fields(youth_table, youth_path, problems, required=False)
    youth = replace(general, **overrides) if general is not None else None
    return general, _fitting(youth, youth_path, problems)


def _fitting(text: ThemeText | None, path: KeyPath, problems: Problems) -> ThemeText | None:
    """`text` if its prompt message fits one Telegram message with the bot's text around it."""
    if text is None:
        return None
    length = text.message_length()
    if length + PROMPT_RESERVE <= MESSAGE_LIMIT:
        return text
    problems.add(
        (*path, "prompt"),
        f"'{'.'.join(path)}.prompt' is too long: title, prompt and questions make "
        f"{length} characters; with the bot's text the message must stay within "
        f"{MESSAGE_LIMIT} (at most {MESSAGE_LIMIT - PROMPT_RESERVE} for the theme)",
    )
    return None


def _read_fields(
    table: Mapping[str, Any], path: KeyPath, problems: Problems, *, required: bool
) -> dict[str, Any]:
    """The valid title, prompt and questions of a wording table, reporting the rest."""
    fields: dict[str, Any] = {}
    for name in _TEXT_FIELDS:
        if name not in table:
            if required:
                problems.add(path, f"missing '{name}' in [{'.'.join(path)}]")
            continue
        reader = _read_questions if name == "questions" else _read_text
        value = reader(table[name], (*path, name), problems)
        if value is not None:
            fields[name] = value
    return fields


def _read_text(value: object, path: KeyPath, problems: Problems) -> str | None:
    name = ".".join(path)
    if not isinstance(value, str):
        problems.add(path, f"'{name}' must be a string, not {_toml_type(value)}")
    elif not value.strip():
        problems.add(path, f"'{name}' must not be empty")
    else:
        return value.strip()
    return None


def _read_questions(value: object, path: KeyPath, problems: Problems) -> tuple[str, ...] | None:
    name = ".".join(path)
    if not isinstance(value, list):
        problems.add(path, f"'{name}' must be an array of strings, not {_toml_type(value)}")
        return None
    questions = []
    for number, item in enumerate(value, start=1):
        if isinstance(item, str) and item.strip():
            questions.append(item.strip())
        else:
            problems.add(path, f"'{name}' question {number} must be a non-empty string")
    if not MIN_QUESTIONS <= len(value) <= MAX_QUESTIONS:
        problems.add(
            path, f"'{name}' must have {MIN_QUESTIONS}-{MAX_QUESTIONS} questions, not {len(value)}"
        )
        return None
    return tuple(questions) if len(questions) == len(value) else None


def _check_unknown(
    table: Mapping[str, Any], allowed: Iterable[str], path: KeyPath, problems: Problems
) -> None:
    allowed = tuple(allowed)
    for name, value in table.items():
        if name in allowed:
            continue
        where = f" in [{'.'.join(path)}]" if path else ""
        if not path and isinstance(value, dict):
            message = f"unknown language table [{name}] (allowed: {', '.join(LANGUAGES)})"
        else:
            message = f"unknown key '{name}'{where}{_did_you_mean(name, allowed)}"
        problems.add((*path, name), message)


def _did_you_mean(name: str, allowed: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, allowed, n=1)
    return f"; did you mean '{close[0]}'?" if close else f" (allowed: {', '.join(allowed)})"


def _toml_type(value: object) -> str:
    """The TOML name of a parsed value's type, for messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, date | time):
        return "a date/time"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "a table" if isinstance(value, dict) else type(value).__name__

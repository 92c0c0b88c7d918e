"""Theme files for the catalog tests: one valid file's text, written into a directory."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path


def theme_toml(
    key: str,
    *,
    audience: str = "both",
    title: str = "Otsikko",
    prompt: str = "Kerro.",
    questions: Sequence[str] = ("Yksi?", "Kaksi?"),
) -> str:
    """A valid theme file with Finnish wording only, one setting a line (key on line 1)."""
    listed = json.dumps(list(questions), ensure_ascii=False)
    return (
        f'key = "{key}"\naudience = "{audience}"\n[fi]\ntitle = "{title}"\n'
        f'prompt = "{prompt}"\nquestions = {listed}\n'
    )


def write(directory: Path, name: str, text: str) -> Path:
    """Write a theme file into `directory` (created if need be) and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path

"""Load and check theme directories; every problem becomes a `path:line: what` line."""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from themes.model import Catalog, Theme
from themes.schema import Problems, read_theme
from themes.toml_lines import index_lines, line_nested_deeper_than

__all__ = [
    "BUILTIN_DIR",
    "MAX_NESTING",
    "CatalogError",
    "ThemeFile",
    "check_catalog",
    "load_catalog",
    "skipped_files",
]

BUILTIN_DIR = Path(__file__).resolve().parent / "catalog"
"""The built-in themes shipped with Neuvo."""
MAX_NESTING = 64
"""Arrays and inline tables nested deeper than this are refused before parsing."""
_BOM = "\ufeff"
log = logging.getLogger(__name__)

_POSITION = re.compile(
    r"\s*\(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$"
)


class CatalogError(Exception):
    """Theme files with problems; `errors` holds one `path:line: what` line per problem."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class ThemeFile:
    """One theme file read: its Theme if valid, its declared key, and its problems."""

    path: Path
    theme: Theme | None
    declared_key: str | None
    key_line: int
    errors: tuple[str, ...]


def load_catalog(extra_dirs: Sequence[Path] = ()) -> Catalog:
    """The built-in themes, then each extra directory's (same key replaces); or CatalogError."""
    themes: list[Theme] = []
    errors: list[str] = []
    for directory in (BUILTIN_DIR, *extra_dirs):
        for note in skipped_files([Path(directory)]):
            log.warning("%s", note)
        files, directory_errors = _read_directory(Path(directory))
        themes.extend(file.theme for file in files if file.theme is not None)
        errors.extend(directory_errors)
    if errors:
        raise CatalogError(errors)
    return Catalog(themes)


def check_catalog(dirs: Sequence[Path]) -> list[str]:
    """The problems in the given directories (the built-ins if none); empty when valid."""
    errors: list[str] = []
    for directory in dirs or (BUILTIN_DIR,):
        errors.extend(_read_directory(Path(directory))[1])
    return errors


def skipped_files(dirs: Sequence[Path]) -> list[str]:
    """A note for each `*.toml` entry that is not a regular file (a FIFO, a directory...)."""
    return [
        f"{path}: not a regular file, skipped"
        for directory in dirs
        if directory.is_dir()
        for path in sorted(directory.glob("*.toml"))
        if not path.is_file()
    ]


def _read_directory(directory: Path) -> tuple[list[ThemeFile], list[str]]:
    """Every `*.toml` file in `directory` by name, and all problems, duplicate keys included."""
    if not directory.is_dir():
        return [], [f"{directory}: not a directory"]
    files: list[ThemeFile] = []
    errors: list[str] = []
    first_file_with: dict[str, ThemeFile] = {}
    for path in sorted(directory.glob("*.toml")):
        if not path.is_file():  # never open a FIFO or a device: reading could block forever
            continue
        file = read_theme_file(path)
        errors.extend(file.errors)
        key = file.declared_key
        first = first_file_with.get(key) if key is not None else None
        if first is not None:
            errors.append(
                f"{path}:{file.key_line}: duplicate key {key!r}: {first.path.name} uses it too"
            )
            continue
        if key is not None:
            first_file_with[key] = file
        files.append(file)
    return files, errors


def read_theme_file(path: Path) -> ThemeFile:
    """Read, parse and check one theme file."""
    try:
        source = path.read_bytes().decode("utf-8").removeprefix(_BOM)
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        return _failed(path, line, "not valid UTF-8 text")
    except OSError as error:
        return _failed(path, 1, f"cannot read the file: {error.strerror}")
    too_deep = line_nested_deeper_than(source, MAX_NESTING)
    if too_deep is not None:
        return _failed(path, too_deep, f"nested more than {MAX_NESTING} levels deep")
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        return _failed(path, *_syntax_error(error, source))
    except RecursionError:  # nesting the scanner could not see (e.g. inside dotted keys)
        return _failed(path, 1, "nested too deeply to read")
    index = index_lines(source)
    problems = Problems(index)
    theme = read_theme(data, path.stem, problems)
    errors = tuple(f"{path}:{line}: {message}" for line, message in _by_line(problems.found))
    key = data.get("key")
    declared_key = key if isinstance(key, str) else None
    return ThemeFile(path, theme, declared_key, index.line_of(("key",)), errors)


def _by_line(found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return sorted(found, key=lambda problem: problem[0])


def _failed(path: Path, line: int, message: str) -> ThemeFile:
    return ThemeFile(path, None, None, 1, (f"{path}:{line}: {message}",))


def _syntax_error(error: tomllib.TOMLDecodeError, source: str) -> tuple[int, str]:
    """The line and a readable message of a TOML syntax error."""
    text = str(error)
    position = _POSITION.search(text)
    if position is None:
        return 1, f"TOML syntax error: {text}"
    message = f"TOML syntax error: {text[: position.start()]}"
    if position["line"] is None:
        return max(1, source.rstrip().count("\n") + 1), f"{message} (at the end of the file)"
    return int(position["line"]), f"{message} (column {position['column']})"

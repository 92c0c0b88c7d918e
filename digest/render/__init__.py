"""Render one Digest to every format: md, html, pdf, csv, xlsx, json."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path

from digest.errors import DigestError, RenderError
from digest.model import Digest

# The module of each format; it is imported on use (PDF and XLSX need extra libraries) and
# names its function render_<module>.
_MODULES = {
    "md": "markdown",
    "html": "html",
    "pdf": "pdf",
    "csv": "csv",
    "xlsx": "xlsx",
    "json": "json",
}
FORMATS = tuple(_MODULES)
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def _renderer(fmt: str) -> Callable[[Digest], bytes]:
    """The render function of a format."""
    if fmt not in _MODULES:
        raise RenderError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    module = import_module(f"digest.render.{_MODULES[fmt]}")
    function: Callable[[Digest], bytes] = getattr(module, f"render_{_MODULES[fmt]}")
    return function


def render(digest: Digest, fmt: str) -> bytes:
    """The digest in one format, as bytes; RenderError for an unknown or unavailable one."""
    return _renderer(fmt)(digest)


def file_name(digest: Digest, fmt: str) -> str:
    """ "neuvo-<group>-<YYYY-MM>.<ext>"."""
    return file_name_for(digest.group_key, digest.period.label, fmt)


def file_name_for(group_key: str, label: str, fmt: str) -> str:
    """ "neuvo-<group>-<label>.<ext>" for a group key and a period label ("2026-12")."""
    if fmt not in FORMATS:
        raise RenderError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    group = _UNSAFE.sub("-", group_key).strip("-") or "group"
    return f"neuvo-{group}-{label}.{fmt}"


def output_paths(
    group_key: str, label: str, formats: Sequence[str], target: Path
) -> dict[str, Path]:
    """Where each format goes: into directory `target` (created if missing), or to `target`
    itself when one format is asked and `target` has a suffix. DigestError if unusable."""
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:
        raise DigestError(f"unknown format {', '.join(unknown)} (use {'|'.join(FORMATS)})")
    single_file = len(formats) == 1 and target.suffix != ""
    directory = target.parent if single_file else target
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DigestError(f"cannot write to {directory}: {exc.strerror}") from None
    if single_file:
        return {formats[0]: target}
    return {fmt: directory / file_name_for(group_key, label, fmt) for fmt in formats}


def write_file(path: Path, data: bytes) -> None:
    """Write one file; DigestError with the reason if it cannot be written."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise DigestError(f"cannot write {path}: {exc.strerror}") from None


def write_formats(
    digest: Digest,
    formats: Sequence[str],
    target: Path,
    *,
    on_written: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write each format into directory `target` (or to `target` itself for one format);
    the paths. Every format is rendered before anything is written, so a failed rendering
    writes nothing."""
    paths = output_paths(digest.group_key, digest.period.label, formats, target)
    contents = [(path, render(digest, fmt)) for fmt, path in paths.items()]
    for path, data in contents:
        write_file(path, data)
        if on_written:
            on_written(path)
    return [path for path, _data in contents]

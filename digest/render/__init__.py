"""Render one Digest to every format: md, html, pdf, csv, xlsx, json."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from digest.errors import RenderError
from digest.model import Digest

FORMATS = ("md", "html", "pdf", "csv", "xlsx", "json")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def _renderer(fmt: str) -> Callable[[Digest], bytes]:
    """The render function of a format (imported on use: PDF and XLSX need extra libraries)."""
    if fmt == "md":
        from digest.render.markdown import render_markdown

        return render_markdown
    if fmt == "html":
        from digest.render.html import render_html

        return render_html
    if fmt == "pdf":
        from digest.render.pdf import render_pdf

        return render_pdf
    if fmt == "csv":
        from digest.render.csv import render_csv

        return render_csv
    if fmt == "xlsx":
        from digest.render.xlsx import render_xlsx

        return render_xlsx
    if fmt == "json":
        from digest.render.json import render_json

        return render_json
    raise RenderError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def render(digest: Digest, fmt: str) -> bytes:
    """The digest in one format, as bytes; RenderError for an unknown or unavailable one."""
    return _renderer(fmt)(digest)


def file_name(digest: Digest, fmt: str) -> str:
    """ "neuvo-<group>-<YYYY-MM>.<ext>"."""
    if fmt not in FORMATS:
        raise RenderError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    group = _UNSAFE.sub("-", digest.group_key).strip("-") or "group"
    return f"neuvo-{group}-{digest.period.label}.{fmt}"


def write_all(digest: Digest, directory: Path, formats: Iterable[str] = FORMATS) -> list[Path]:
    """Write the digest in each format into `directory` (created if missing); the paths.

    Every format is rendered before anything is written, so a failure writes nothing.
    """
    contents = [(file_name(digest, fmt), render(digest, fmt)) for fmt in formats]
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in contents:
        path = directory / name
        path.write_bytes(data)
        paths.append(path)
    return paths

"""How the console serves a digest: its HTML for the frame, a format as a download, and 404
for a month or format it cannot have."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from aiohttp import web

from bot.console.security import frameable
from digest.errors import DigestError
from digest.render import FORMATS

CONTENT_TYPES = {
    "md": "text/markdown",
    "html": "text/html",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}

T = TypeVar("T")


def known_format(fmt: str) -> str:
    """`fmt` if it is a digest format; else 404."""
    if fmt not in FORMATS:
        raise web.HTTPNotFound()
    return fmt


async def found(built: Awaitable[T]) -> T:
    """What `built` gives; 404 with the reason when it raises DigestError."""
    try:
        return await built
    except DigestError as exc:
        raise web.HTTPNotFound(text=str(exc)) from None


def framed_html(body: bytes) -> web.StreamResponse:
    """A digest's own HTML, for the frame on its page (with its own CSP)."""
    return frameable(web.Response(body=body, content_type="text/html", charset="utf-8"))


def attachment(data: bytes, fmt: str, name: str) -> web.Response:
    """One format of a digest as a file called `name`."""
    return web.Response(
        body=data,
        content_type=CONTENT_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )

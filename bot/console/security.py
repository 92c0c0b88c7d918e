"""Security headers on every console response, errors included."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Awaitable, Callable

from aiohttp import web

from digest.render.html import STYLE

PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-src 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def style_hash(style: str) -> str:
    """The CSP source that allows exactly this inline `<style>` block."""
    digest = hashlib.sha256(style.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


#: The digest's own HTML, framed by the digest page: only its one inline style block runs.
DIGEST_FRAME_CSP = (
    f"default-src 'none'; style-src {style_hash(STYLE)}; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def frameable(response: web.StreamResponse) -> web.StreamResponse:
    """Mark a response as the digest frame (its own CSP, framed by our pages only)."""
    response.headers["Content-Security-Policy"] = DIGEST_FRAME_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _secure(response: web.StreamResponse) -> None:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", PAGE_CSP)
    headers.setdefault("X-Frame-Options", "DENY")
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers.setdefault("Cache-Control", "no-store")


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Add the headers to the handler's response, or to the error it raised."""
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        _secure(exc)
        raise
    _secure(response)
    return response

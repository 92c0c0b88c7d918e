"""What every console handler answers with: a rendered page, and an audit entry."""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.console.auth import CSRF_FIELD
from bot.console.context import Context, context_of
from storage import audit
from storage.models import Group


def show(request: web.Request, template: str, status: int = 200, **values: Any) -> web.Response:
    """Render a page with what every page needs (visitor, language, CSRF token, path)."""
    ctx = context_of(request)
    common = {
        "visitor": ctx.visitor,
        "language": ctx.language,
        "csrf_field": CSRF_FIELD,
        "csrf": ctx.visitor.csrf if ctx.visitor else "",
        "path": request.path,
    }
    return aiohttp_jinja2.render_template(template, request, common | values, status=status)


async def record(ctx: Context, action: str, *, group: Group | None = None, reason: str = "",
                 outcome: str = "done", actor: int | None = None) -> None:  # fmt: skip
    """One audit entry for a console action."""
    await audit.record(
        ctx.db,
        action=action,
        now=ctx.now,
        group_id=group.id if group else None,
        actor_user_id=actor if actor is not None or ctx.visitor is None else ctx.visitor.user_id,
        reason=reason,
        outcome=outcome,
    )

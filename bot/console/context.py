"""Per request: one database transaction, the clock, the visitor and the language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.auth import Visitor, check_csrf, visitor_of
from bot.i18n import LANGUAGES, speaking
from bot.runtime import App
from storage.db import transaction
from storage.models import Group

APP_KEY = web.AppKey("neuvo_app", App)
LANGUAGE_COOKIE = "neuvo_lang"
STATIC_PREFIX = "/console/static/"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Context:
    """What a console handler works with."""

    app: App
    db: AsyncSession
    now: datetime
    visitor: Visitor | None
    language: str
    secure: bool

    def require(self) -> Visitor:
        """The visitor, or a redirect to the sign-in page."""
        if self.visitor is None:
            raise web.HTTPSeeOther("/console/")
        return self.visitor


CONTEXT_KEY = web.RequestKey("neuvo_console", Context)


def context_of(request: web.Request) -> Context:
    """The context the middleware made for this request."""
    return request[CONTEXT_KEY]


@dataclass(frozen=True)
class GroupForm:
    """A checked POST about one group: the context, who sent it, the group and the form."""

    ctx: Context
    visitor: Visitor
    group: Group
    form: dict[str, str]


async def group_form(request: web.Request) -> GroupForm:
    """The POST of a signed-in visitor about a group they may see (the path's `key`), with
    this session's CSRF token; else a redirect, 404 or 403."""
    ctx = context_of(request)
    visitor = ctx.require()
    group = visitor.group(request.match_info["key"])
    form = await check_csrf(request, visitor)
    assert group.id is not None
    return GroupForm(ctx, visitor, group, form)


def language_of(request: web.Request, app: App, visitor: Visitor | None) -> str:
    """?lang=, then the cookie, then the staff member's Telegram language, then the default."""
    for candidate in (request.query.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if candidate in LANGUAGES:
            return str(candidate)
    return visitor.session.language if visitor else app.settings.language


@web.middleware
async def console_context(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Run the handler in a transaction, speaking the visitor's language."""
    if request.path.startswith(STATIC_PREFIX):
        return await handler(request)
    app = request.config_dict[APP_KEY]
    secure = (app.settings.console_url or "").startswith("https://")
    async with transaction(app.sessions) as db:
        now = app.clock()
        visitor = await visitor_of(request, app, db, now)
        language = language_of(request, app, visitor)
        request[CONTEXT_KEY] = Context(app, db, now, visitor, language, secure)
        with speaking(app.i18n, language):
            try:
                response = await handler(request)
            except web.HTTPRedirection as exc:  # a redirect keeps what was written
                response = web.Response(status=exc.status, headers=exc.headers)
    if request.query.get("lang") in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE, language, path="/console", samesite="Lax", secure=secure
        )
    return response

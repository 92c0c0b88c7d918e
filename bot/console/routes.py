"""Mounting the console under /console on the bot's aiohttp application."""

from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiogram.utils.i18n import gettext
from aiohttp import web

from bot.console import inbox, notes, planning, regional, views
from bot.console.context import APP_KEY, console_context
from bot.console.security import security_headers
from bot.runtime import App

HERE = Path(__file__).resolve().parent
PREFIX = "/console"


def console_application(app: App) -> web.Application:
    """The console as an aiohttp sub-application (its middlewares touch only its routes)."""
    console = web.Application(middlewares=[security_headers, console_context])
    console[APP_KEY] = app
    environment = aiohttp_jinja2.setup(
        console,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.globals.update(_=gettext, notice_text=views.notice_text, groups_of=views.visible)
    add = console.router
    add.add_get("/", views.overview)
    add.add_get("/login", views.login_page)
    add.add_post("/login", views.login)
    add.add_get("/signout", views.signout_page)
    add.add_post("/signout", views.signout)
    add.add_get("/groups/{key}/calendar", views.calendar)
    add.add_post("/groups/{key}/calendar", views.calendar_change)
    add.add_post("/groups/{key}/calendar/prompt", planning.prompt_change)
    add.add_get("/groups/{key}/digest", views.digest_page)
    add.add_post("/groups/{key}/digest/{month}/notes", notes.note_change)
    add.add_get("/groups/{key}/digest/{month}/frame", views.digest_frame)
    add.add_get("/groups/{key}/digest/{month}/download/{fmt}", views.download)
    add.add_get("/audit", views.audit_page)
    add.add_get("/regional", regional.regional_page)
    add.add_get("/regional/{month}/frame", regional.regional_frame)
    add.add_get("/regional/{month}/download/{fmt}", regional.regional_download)
    add.add_get("/questions", inbox.questions)
    add.add_post("/questions/{number}/answer", inbox.answer)
    add.add_get("/help-requests", inbox.help_requests)
    add.add_post("/help-requests/{number}/handled", inbox.mark_handled)
    add.add_static("/static", HERE / "static", append_version=False)
    return console


async def _to_console(request: web.Request) -> web.StreamResponse:
    raise web.HTTPPermanentRedirect(f"{PREFIX}/")


def mount(application: web.Application, app: App) -> None:
    """Serve the console under /console when `console_url` is set (else nothing is mounted)."""
    if app.settings.console_url is None:
        return
    application.router.add_get(PREFIX, _to_console)
    application.add_subapp(PREFIX, console_application(app))

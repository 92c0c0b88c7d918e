"""The console's pages: sign-in and sign-out, overview, calendar, digest and audit log
(questions and help requests: `inbox`; prompts: `planning`; notes: `notes`; the regional
digest: `regional`)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from aiogram.utils.i18n import gettext as _
from aiohttp import web

from bot.access import readable_groups
from bot.console import pages
from bot.console.auth import (
    Visitor,
    check_csrf,
    clear_session_cookie,
    set_session_cookie,
    start_session,
)
from bot.console.context import Context, GroupForm, context_of, group_form
from bot.console.files import attachment, found, framed_html, known_format
from bot.console.links import key_of
from bot.console.notes import NOTE_LIMIT, note_fields
from bot.console.respond import record, show
from bot.console.tokens import hashed, signed
from bot.digest_ops import month_csv, month_digest, parse_month
from digest.errors import DigestError
from digest.model import Digest
from digest.periods import last_month_range
from digest.render import FORMATS, file_name_for, render
from scheduler.calendar import local_day
from storage import console, session_days
from storage.models import Group

AUDIT_ROWS = 100


# --- signing in and out ------------------------------------------------------------------


async def login_page(request: web.Request) -> web.Response:
    """The link opened: a button that signs in (a link preview cannot use the link up)."""
    return show(request, "login.html", token=request.query.get("t", ""))


async def login(request: web.Request) -> web.Response:
    """Use the link once and open a session; a bad, used or expired link is refused."""
    ctx = context_of(request)
    form = await request.post()
    token = str(form.get("t", ""))
    link = None
    if signed(key_of(ctx.app.settings), token):
        link = await console.redeem_link(ctx.db, token_hash=hashed(token), now=ctx.now)
    if link is None or not await readable_groups(
        ctx.db, ctx.app.bot, ctx.app.staff, user_id=link.user_id
    ):
        await record(ctx, "console_signin", outcome="refused", reason="bad, used or expired link",
                     actor=link.user_id if link else None)  # fmt: skip
        return show(request, "login_failed.html", status=403)
    raw, _row = await start_session(
        ctx.db, user_id=link.user_id, language=link.language, now=ctx.now
    )
    await record(ctx, "console_signin", actor=link.user_id)
    response = web.Response(status=303, headers={"Location": "/console/"})
    set_session_cookie(response, raw, secure=ctx.secure)
    return response


async def signout_page(request: web.Request) -> web.Response:
    """A button that signs out."""
    context_of(request).require()
    return show(request, "signout.html")


async def signout(request: web.Request) -> web.Response:
    """End the session (POST with the CSRF token)."""
    ctx = context_of(request)
    visitor = ctx.require()
    await check_csrf(request, visitor)
    await console.end_session(ctx.db, id_hash=visitor.session_hash, now=ctx.now)
    await record(ctx, "console_signout")
    response = show(request, "signed_out.html", visitor=None, csrf="")
    clear_session_cookie(response)
    return response


# --- pages -------------------------------------------------------------------------------


async def overview(request: web.Request) -> web.Response:
    """The groups the person may see (or how to sign in)."""
    ctx = context_of(request)
    if ctx.visitor is None:
        return show(request, "signin.html")
    policies = ctx.app.reconciler.policies
    summaries = [
        await pages.summary(ctx.db, g, policies(g), ctx.app.catalog, ctx.now)
        for g in ctx.visitor.groups
    ]
    return show(request, "overview.html", summaries=summaries)


def _first_of(text: str | None, fallback: date) -> date:
    try:
        year, month = parse_month(text or "")
    except DigestError:
        return fallback.replace(day=1)
    return date(year, month, 1)


async def calendar(request: web.Request) -> web.Response:
    """The coming months of a group: session days, holidays, planning forms."""
    ctx = context_of(request)
    group = ctx.require().group(request.match_info["key"])
    return await calendar_page(request, ctx, group, notice=request.query.get("notice"))


async def calendar_page(
    request: web.Request, ctx: Context, group: Group, *, notice: str | None, status: int = 200,
    problem: str | None = None, first: date | None = None,
) -> web.Response:  # fmt: skip
    """The calendar page from `first`'s month (else ?from=, else this month), with a notice
    code or a problem sentence."""
    policy = ctx.app.reconciler.policies(group)
    today = local_day(ctx.now, policy.zone)
    first = first or _first_of(request.query.get("from"), today)
    months = await pages.calendar(ctx.db, group, policy, ctx.app.catalog, first, ctx.language)
    themes = [
        (t.key, t.text(group.language, group.audience).title)
        for t in ctx.app.catalog.for_audience(group.audience)
    ]
    return show(
        request, "calendar.html", status=status, group=group, months=months, themes=themes,
        today=today, notice=notice, earlier=pages.add_months(first, -pages.MONTHS_SHOWN),
        later=pages.add_months(first, pages.MONTHS_SHOWN), problem=problem,
    )  # fmt: skip


@dataclass(frozen=True)
class DayForm(GroupForm):
    """A calendar POST: also which day, and today in that group."""

    day: date
    today: date


async def day_form(request: web.Request) -> DayForm | web.Response:
    """The checked calendar form (group readable, CSRF token, a real date); or the calendar
    page again with "bad-date" (400)."""
    posted = await group_form(request)
    ctx, group = posted.ctx, posted.group
    try:
        day = date.fromisoformat(posted.form.get("day", ""))
    except ValueError:
        return await calendar_page(request, ctx, group, notice="bad-date", status=400)
    today = local_day(ctx.now, ctx.app.reconciler.policies(group).zone)
    return DayForm(ctx, posted.visitor, group, posted.form, day, today)


async def calendar_change(request: web.Request) -> web.Response:
    """Plan (with a theme) or unplan a day; the scheduler is woken at once."""
    checked = await day_form(request)
    if isinstance(checked, web.Response):
        return checked
    ctx, group, form, day = checked.ctx, checked.group, checked.form, checked.day
    assert group.id is not None
    if day < checked.today:
        return await calendar_page(request, ctx, group, notice="past", status=400)
    if form.get("action") == "unplan":
        await session_days.skip(ctx.db, group_id=group.id, on=day, now=ctx.now)
        done = "unplanned"
        await record(ctx, "console_unplan", group=group, reason=str(day))
    else:
        key = form.get("theme", "")
        theme = ctx.app.catalog.get(key)
        if theme is None or not theme.serves(group.audience):
            return await calendar_page(request, ctx, group, notice="bad-theme", status=400)
        await session_days.plan(ctx.db, group_id=group.id, on=day, theme_key=key, now=ctx.now)
        done = "planned"
        await record(ctx, "console_plan", group=group, reason=f"{day} {key}")
    ctx.app.runner.kick()
    month = f"{day.year:04d}-{day.month:02d}"
    raise web.HTTPSeeOther(f"/console/groups/{group.key}/calendar?from={month}&notice={done}")


def _default_month(ctx: Context, group: Group) -> str:
    start, _end = last_month_range(ctx.now, group.timezone)
    local = start.astimezone(ctx.app.reconciler.policies(group).zone)
    return pages.month_label(local.year, local.month)


async def _digest_of(ctx: Context, group: Group, month: str) -> Digest:
    year, number = parse_month(month)
    return await month_digest(
        ctx.db, ctx.app.settings, ctx.app.catalog, group_key=group.key, year=year,
        month=number, now=ctx.now,
    )  # fmt: skip


async def digest_page(request: web.Request) -> web.Response:
    """A month's digest shown inline (framed), with a download per format and the form for
    staff's notes per theme."""
    ctx = context_of(request)
    group = ctx.require().group(request.match_info["key"])
    month = request.query.get("month") or _default_month(ctx, group)
    problem = None
    try:
        digest = await _digest_of(ctx, group, month)
    except DigestError as exc:
        problem, digest = str(exc), None
    notes = []
    if digest is not None:
        month = pages.month_label(*parse_month(month))
        notes = await note_fields(ctx, group, month)
        await record(ctx, "console_digest", group=group, reason=month)
    return show(
        request, "digest.html", status=200 if digest else 400, group=group, month=month,
        problem=problem, partial=bool(digest and digest.partial), formats=FORMATS,
        notes=notes, note_limit=NOTE_LIMIT, notice=notice_text(request.query.get("notice")),
    )  # fmt: skip


async def digest_frame(request: web.Request) -> web.StreamResponse:
    """The digest's own HTML, for the frame on the digest page (its own CSP)."""
    ctx = context_of(request)
    group = ctx.require().group(request.match_info["key"])
    digest = await found(_digest_of(ctx, group, request.match_info["month"]))
    return framed_html(render(digest, "html"))


async def download(request: web.Request) -> web.Response:
    """One format of a month's digest as a file (the same bytes the bot sends)."""
    ctx = context_of(request)
    group = ctx.require().group(request.match_info["key"])
    month, fmt = request.match_info["month"], known_format(request.match_info["fmt"])
    data = await found(_file(ctx, group, month, fmt))
    await record(ctx, "console_download", group=group, reason=f"{month} {fmt}")
    ctx.app.metrics.digest_runs.labels(format=fmt).inc()
    return attachment(data, fmt, file_name_for(group.key, month, fmt))


async def _file(ctx: Context, group: Group, month: str, fmt: str) -> bytes:
    if fmt == "csv":
        year, number = parse_month(month)
        out = io.BytesIO()
        await month_csv(ctx.db, ctx.app.settings, group_key=group.key, year=year,
                        month=number, now=ctx.now, out=out)  # fmt: skip
        return out.getvalue()
    return render(await _digest_of(ctx, group, month), fmt)


async def audit_page(request: web.Request) -> web.Response:
    """Audit entries of the groups the person may see, newest first, filterable by group."""
    ctx = context_of(request)
    visitor = ctx.require()
    chosen = request.query.get("group") or None
    shown = [visitor.group(chosen)] if chosen else list(visitor.groups)
    everything = chosen is None and ctx.app.staff.is_configured_staff(visitor.user_id)
    entries = await console.audit_entries(
        ctx.db,
        group_ids=None if everything else [g.id for g in shown if g.id is not None],
        limit=AUDIT_ROWS,
    )
    keys = {g.id: g.key for g in visitor.groups}
    return show(request, "audit.html", entries=entries, keys=keys, chosen=chosen)


def notice_text(code: str | None) -> str | None:
    """The sentence for a notice code shown on the calendar."""
    texts = {
        "planned": _("The session day is planned."),
        "unplanned": _("The day is no longer a session day."),
        "past": _("That day is in the past; plan a coming day."),
        "bad-date": _("Give the date as a calendar date."),
        "bad-theme": _("Choose one of the group's themes."),
        "prompt-saved": _("The prompt is saved. It is posted when the windows open."),
        "note-saved": _("The note is saved; the digest shows it first under its theme."),
        "not-session-day": _("That day is not a coming session day of this group."),
    }
    return texts.get(code or "")


def visible(visitor: Visitor | None) -> tuple[Group, ...]:
    """The groups for the navigation."""
    return visitor.groups if visitor else ()

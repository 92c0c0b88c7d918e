"""Editing a coming session day's prompt on the console (the same check as `/teksti`)."""

from __future__ import annotations

from datetime import date

from aiohttp import web

from bot.console.auth import check_csrf
from bot.console.context import context_of
from bot.console.respond import record
from bot.console.views import calendar_page
from bot.prompt_edits import prompt_problem
from scheduler.calendar import local_day
from storage import prompts, session_days


async def prompt_change(request: web.Request) -> web.Response:
    """Store staff's prompt for a coming session day if it fits; the page again otherwise."""
    ctx = context_of(request)
    visitor = ctx.require()
    group = visitor.group(request.match_info["key"])
    form = await check_csrf(request, visitor)
    assert group.id is not None
    try:
        day = date.fromisoformat(form.get("day", ""))
    except ValueError:
        return await calendar_page(request, ctx, group, notice="bad-date", status=400)
    row = await session_days.day(ctx.db, group_id=group.id, on=day)
    today = local_day(ctx.now, ctx.app.reconciler.policies(group).zone)
    first = day.replace(day=1)
    if row is None or row.skipped or day < today:
        return await calendar_page(
            request, ctx, group, notice="not-session-day", status=400, first=first
        )
    text = form.get("prompt", "").replace("\r\n", "\n").strip()
    problem = prompt_problem(ctx.app.catalog, group, row.theme_key, text)
    if problem is not None:
        return await calendar_page(
            request, ctx, group, notice=None, status=400, problem=problem, first=first
        )
    await prompts.set_prompt(
        ctx.db, group_id=group.id, day=day, text=text, author_user_id=visitor.user_id,
        now=ctx.now,
    )  # fmt: skip
    await record(ctx, "console_prompt", group=group, reason=str(day))
    month = f"{day.year:04d}-{day.month:02d}"
    raise web.HTTPSeeOther(
        f"/console/groups/{group.key}/calendar?from={month}&notice=prompt-saved"
    )

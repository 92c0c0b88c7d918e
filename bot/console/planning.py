"""Editing a coming session day's prompt on the console (the same check as `/teksti`)."""

from __future__ import annotations

from aiohttp import web

from bot.console.respond import record
from bot.console.views import calendar_page, day_form
from bot.prompt_edits import prompt_problem
from storage import prompts, session_days


async def prompt_change(request: web.Request) -> web.Response:
    """Store staff's prompt for a coming session day if it fits; the page again otherwise."""
    checked = await day_form(request)
    if isinstance(checked, web.Response):
        return checked
    ctx, visitor, group, form, day = (
        checked.ctx, checked.visitor, checked.group, checked.form, checked.day
    )  # fmt: skip
    assert group.id is not None
    row = await session_days.day(ctx.db, group_id=group.id, on=day)
    first = day.replace(day=1)
    if row is None or row.skipped or day < checked.today:
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

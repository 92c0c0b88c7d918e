"""Staff's notes per theme ("Nostot") for a month's digest, edited on the digest page; the
digest shows each first under its theme."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from bot.console.context import Context, group_form
from bot.console.respond import record
from bot.digest_ops import parse_month
from digest.errors import DigestError
from storage import theme_notes
from storage.models import Group

NOTE_LIMIT = 2000


@dataclass(frozen=True)
class NoteField:
    """One theme's note on the form: theme key and title, the current text."""

    key: str
    title: str
    text: str


async def note_fields(ctx: Context, group: Group, month: str) -> list[NoteField]:
    """A field per theme of the group's audience, with the month's note if there is one."""
    assert group.id is not None
    notes = await theme_notes.get_notes(ctx.db, group_id=group.id, month=month)
    return [
        NoteField(t.key, t.text(group.language, group.audience).title, notes.get(t.key, ""))
        for t in ctx.app.catalog.for_audience(group.audience)
    ]


async def note_change(request: web.Request) -> web.Response:
    """Set (or, with an empty text, remove) a theme's note for the month."""
    posted = await group_form(request)
    ctx, group, form = posted.ctx, posted.group, posted.form
    assert group.id is not None
    try:
        year, number = parse_month(request.match_info["month"])
    except DigestError:
        raise web.HTTPNotFound() from None
    month = f"{year:04d}-{number:02d}"
    key = form.get("theme", "")
    theme = ctx.app.catalog.get(key)
    text = form.get("note", "").replace("\r\n", "\n")
    if theme is None or not theme.serves(group.audience) or len(text) > NOTE_LIMIT:
        raise web.HTTPBadRequest(text="unknown theme or too long a note")
    await theme_notes.set_note(
        ctx.db, group_id=group.id, month=month, theme_key=key, text=text,
        author=posted.visitor.user_id, now=ctx.now,
    )  # fmt: skip
    await record(ctx, "console_note", group=group, reason=f"{month} {key}")
    raise web.HTTPSeeOther(f"/console/groups/{group.key}/digest?month={month}&notice=note-saved")

"""The regional digest of every group on the console, for whoever may read every group (the
rule of the bot's `/digest MONTH all`); anyone else gets 403."""

from __future__ import annotations

from aiohttp import web

from bot.console.context import Context, context_of
from bot.console.files import attachment, found, framed_html, known_format
from bot.console.respond import record, show
from bot.digest_ops import parse_month, regional_digest
from digest.errors import DigestError
from digest.periods import last_month_range
from digest.regional import RegionalDigest
from digest.render import FORMATS
from digest.render.regional import file_name, render_regional


def _keys(ctx: Context) -> list[str]:
    visitor = ctx.require()
    if not visitor.reads_every_group:
        raise web.HTTPForbidden()
    return [group.key for group in visitor.groups]


async def _digest(ctx: Context, month: str) -> RegionalDigest:
    keys = _keys(ctx)
    year, number = parse_month(month)
    return await regional_digest(
        ctx.db, ctx.app.settings, ctx.app.catalog, group_keys=keys, year=year, month=number,
        now=ctx.now,
    )  # fmt: skip


def _last_month(ctx: Context) -> str:
    start, _end = last_month_range(ctx.now, ctx.app.settings.zone())
    local = start.astimezone(ctx.app.settings.zone())
    return f"{local.year:04d}-{local.month:02d}"


async def regional_page(request: web.Request) -> web.Response:
    """A month's regional digest shown inline (framed), with a download per format."""
    ctx = context_of(request)
    _keys(ctx)
    month = request.query.get("month") or _last_month(ctx)
    try:
        digest = await _digest(ctx, month)
    except DigestError as exc:
        return show(
            request, "regional.html", status=400, month=month, problem=str(exc), formats=FORMATS
        )
    month = digest.period.label
    await record(ctx, "console_regional", reason=month)
    return show(request, "regional.html", month=month, problem=None, formats=FORMATS)


async def regional_frame(request: web.Request) -> web.StreamResponse:
    """The regional digest's own HTML, for the frame (its own CSP, as the group digest's)."""
    digest = await found(_digest(context_of(request), request.match_info["month"]))
    return framed_html(render_regional(digest, "html"))


async def regional_download(request: web.Request) -> web.Response:
    """One format of the regional digest as a file (the same bytes the bot sends)."""
    ctx = context_of(request)
    fmt = known_format(request.match_info["fmt"])
    digest = await found(_digest(ctx, request.match_info["month"]))
    data = render_regional(digest, fmt)
    await record(ctx, "console_regional_download", reason=f"{digest.period.label} {fmt}")
    return attachment(data, fmt, file_name(digest, fmt))

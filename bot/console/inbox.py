"""The console's inbox: members' questions (answered as with `/vastaa`) and help requests
(marked handled as with `/apupyynnot`'s buttons: configured staff only, like the bot)."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.utils.i18n import gettext as _
from aiohttp import web

from bot.console.auth import check_csrf
from bot.console.context import context_of
from bot.console.respond import record, show
from bot.questions import deliver_answer
from storage import help_requests as help_rows
from storage import questions as question_rows
from storage.models import Group, HelpRequest
from storage.questions import ANSWERED, OPEN, PUBLISHED, Question

PUBLISHED_SHOWN = 20
ANSWER_LIMIT = 3500  # room for the question in the private answer (Telegram's 4096)


@dataclass(frozen=True)
class GroupQuestions:
    """One group's open, answered (to be published) and latest published questions."""

    group: Group
    open: tuple[Question, ...]
    answered: tuple[Question, ...]
    published: tuple[Question, ...]


async def questions(request: web.Request) -> web.Response:
    """Open and answered questions of the groups the person may see."""
    ctx = context_of(request)
    visitor = ctx.require()
    listed = []
    for group in visitor.groups:
        assert group.id is not None
        rows = {
            state: await question_rows.in_state(ctx.db, group_id=group.id, state=state)
            for state in (OPEN, ANSWERED, PUBLISHED)
        }
        listed.append(
            GroupQuestions(
                group, tuple(rows[OPEN]), tuple(rows[ANSWERED]),
                tuple(reversed(rows[PUBLISHED][-PUBLISHED_SHOWN:])),
            )
        )  # fmt: skip
    notice = notice_text(request.query.get("notice"))
    return show(request, "questions.html", listed=listed, notice=notice, limit=ANSWER_LIMIT)


async def answer(request: web.Request) -> web.Response:
    """Answer a question (the bot's `/vastaa`): the asker gets it privately now, the group
    at the next window opening."""
    ctx = context_of(request)
    visitor = ctx.require()
    form = await _csrf_form(request)
    number = _number(request)
    question = await question_rows.get(ctx.db, question_id=number)
    if question is None or question.group_id is None:
        raise web.HTTPNotFound()
    group = visitor.group_by_id(question.group_id)
    text = form.get("answer", "").strip()
    if not text or len(text) > ANSWER_LIMIT:
        raise web.HTTPSeeOther("/console/questions?notice=answer-length")
    answered = await question_rows.answer(ctx.db, question_id=number, text=text, now=ctx.now)
    if answered is None:
        raise web.HTTPSeeOther("/console/questions?notice=published")
    app = ctx.app
    delivered = await deliver_answer(app.bot, ctx.db, question=answered, i18n=app.i18n)
    await record(ctx, "console_answer", group=group, reason=f"question {number}",
                 outcome="done" if delivered else "not delivered privately")  # fmt: skip
    raise web.HTTPSeeOther(f"/console/questions?notice={'answered' if delivered else 'unreached'}")


async def help_requests(request: web.Request) -> web.Response:
    """Open help requests (configured staff only, as `/apupyynnot`)."""
    ctx = context_of(request)
    visitor = ctx.require()
    if not visitor.configured_staff:
        raise web.HTTPForbidden()
    rows = await help_rows.open_requests(ctx.db)
    groups = {g.id: g for g in visitor.groups}
    listed = [(row, groups.get(row.group_id)) for row in rows]
    zone = ctx.app.settings.zone()
    notice = notice_text(request.query.get("notice"))
    return show(request, "help_requests.html", listed=listed, zone=zone, notice=notice)


async def mark_handled(request: web.Request) -> web.Response:
    """Mark an open help request handled (configured staff only)."""
    ctx = context_of(request)
    visitor = ctx.require()
    if not visitor.configured_staff:
        raise web.HTTPForbidden()
    await _csrf_form(request)
    number = _number(request)
    done: HelpRequest | None = await help_rows.mark_handled(
        ctx.db, request_id=number, by=visitor.user_id, now=ctx.now
    )
    if done is None:
        raise web.HTTPSeeOther("/console/help-requests?notice=already-handled")
    group = next((g for g in visitor.groups if g.id == done.group_id), None)
    await record(ctx, "console_help_handled", group=group, reason=f"request {number}")
    raise web.HTTPSeeOther("/console/help-requests?notice=handled")


async def _csrf_form(request: web.Request) -> dict[str, str]:
    return await check_csrf(request, context_of(request).require())


def _number(request: web.Request) -> int:
    text = request.match_info["number"]
    if not text.isdigit():
        raise web.HTTPNotFound()
    return int(text)


def notice_text(code: str | None) -> str | None:
    """The sentence for a notice code shown on the questions and help request pages."""
    texts = {
        "answered": _("Answer saved. The asker got it privately; the group sees it at the "
                      "next discussion."),
        "unreached": _("Answer saved. The asker could not be reached privately; the group "
                       "sees it at the next discussion."),
        "published": _("That question is already published."),
        "answer-length": _("Write an answer of at most {limit} characters.").format(
            limit=ANSWER_LIMIT
        ),
        "handled": _("The help request is marked handled."),
        "already-handled": _("That request is already handled."),
    }  # fmt: skip
    return texts.get(code or "")

"""Staff on duty (/vuoro), prompts edited from the chat (/teksti) and the calendar file
(/kalenteri). Commands are Finnish first, with sv and en aliases."""

from __future__ import annotations

from datetime import date

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, Message
from aiogram.utils.i18n import gettext as _

from bot.access import IsStaff, refuse_others
from bot.calendar_file import CalendarEntry, calendar_ics
from bot.dates import fmt_day
from bot.desk import Desk
from bot.duty_roster import DutyRequest, parse_duty
from bot.filters import InRegisteredGroup
from bot.instructions import Instructions
from bot.prompt_edits import PROMPT_COMMANDS, RepliesToPromptRequest, on_prompt, on_prompt_reply
from scheduler.calendar import local_day, windows_for_day
from storage import duty, session_days
from storage.models import Group

DUTY_COMMANDS = ("vuoro", "jour", "duty")
CALENDAR_COMMANDS = ("kalenteri", "kalender", "calendar")


async def on_duty(message: Message, command: CommandObject, desk: Desk, group: Group) -> None:
    """/vuoro DATE WINDOW [nimellä|pois]: take (or give up) a window of a session day."""
    assert group.id is not None and message.from_user is not None
    policy = desk.policies(group)
    request = parse_duty(command.args or "", policy.windows)
    if request is None:
        await message.reply(
            _(
                "Usage: /{command} YYYY-MM-DD 8-10 [nimellä | pois], e.g. /vuoro 2026-12-08 14-16"
            ).format(command=command.command)
        )
        return
    if request.day < local_day(desk.now(), policy.zone) or not await _is_session_day(
        desk, group, request.day
    ):
        await message.reply(
            _("{day} is not a coming session day of this group.").format(day=fmt_day(request.day))
        )
        return
    await message.reply(
        await _apply(desk, group, request, message.from_user.id, message.from_user.first_name)
    )


async def _is_session_day(desk: Desk, group: Group, day: date) -> bool:
    assert group.id is not None
    row = await session_days.day(desk.db, group_id=group.id, on=day)
    return row is not None and not row.skipped


async def _apply(desk: Desk, group: Group, request: DutyRequest, user_id: int, name: str) -> str:
    """Take or give up the shift, audit it; the confirmation to send."""
    assert group.id is not None
    hours, day = request.spec.label, fmt_day(request.day)
    if request.give_up:
        released = await duty.give_up(
            desk.db,
            group_id=group.id,
            day=request.day,
            window_index=request.window_index,
            user_id=user_id,
        )
        if not released:
            return _("You are not on duty on {day} at {hours}.").format(day=day, hours=hours)
        await desk.audit(
            "vuoro", group.id, actor_user_id=user_id, reason=f"{request.day} {hours} off"
        )
        return _("You are no longer on duty on {day} at {hours}.").format(day=day, hours=hours)
    await duty.take(
        desk.db,
        group_id=group.id,
        day=request.day,
        window_index=request.window_index,
        user_id=user_id,
        first_name=name,
        show_name=request.show_name,
        now=desk.now(),
    )
    await desk.audit("vuoro", group.id, actor_user_id=user_id, reason=f"{request.day} {hours}")
    text = _("You are on duty on {day} at {hours}. I will remind you 15 minutes before.").format(
        day=day, hours=hours
    )
    if request.show_name:
        text += " " + _("The prompt says you are present, by your first name.")
    return text


async def on_calendar(message: Message, desk: Desk, group: Group) -> None:
    """/kalenteri: the group's coming sessions as an .ics file (for everyone in the group)."""
    policy = desk.policies(group)
    days = await desk.coming_days(group)
    entries = []
    for row in days:
        theme = desk.catalog.get(row.theme_key) if row.theme_key else None
        title = theme.text(group.language, group.audience).title if theme else _("Discussion")
        for window in windows_for_day(row.day, policy.windows, policy.zone):
            if window.end > desk.now():
                entries.append(CalendarEntry(window, title))
    if not entries:
        await message.reply(_("No session days are planned."))
        return
    data = calendar_ics(
        group_key=group.key,
        group_title=group.title,
        zone=policy.zone,
        entries=entries,
        stamp=desk.now(),
    )
    await message.reply_document(
        BufferedInputFile(data, filename=f"neuvo-{group.key}.ics"),
        caption=_("The coming sessions: open the file to add them to your calendar."),
    )


def build() -> Router:
    """The duty router: /vuoro and /teksti for staff, /kalenteri for everyone."""
    router = Router(name="duty")
    registered, staff = InRegisteredGroup(), IsStaff()
    router.message.register(on_duty, Command(*DUTY_COMMANDS), registered, staff)
    router.message.register(on_prompt, Command(*PROMPT_COMMANDS), registered, staff)
    router.message.register(on_calendar, Command(*CALENDAR_COMMANDS), registered)
    refuse_others(router, *DUTY_COMMANDS, *PROMPT_COMMANDS, where=registered)
    return router


def register_prompt_replies(instructions: Instructions) -> None:
    """A staff member's reply to a /teksti message sets the day's prompt (before the filters
    and the contribution log: it is an instruction to the bot, not a contribution)."""
    instructions.register(on_prompt_reply, InRegisteredGroup(), RepliesToPromptRequest())

"""Staff planning in a group: /plan, /unplan, /skip, /schedule, /open, /close."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot import callback_data
from bot.access import IsStaff, refusal_text, refuse_others
from bot.callback_data import stale_button_text
from bot.dates import fmt_day, parse_date
from bot.desk import Desk, sender_id
from bot.filters import CallbackPrefix, InRegisteredGroup
from bot.holiday_confirm import NO as HOLIDAY_NO
from bot.holiday_confirm import PREFIX as HOLIDAY_PREFIX
from bot.holiday_confirm import holiday_question
from bot.long_texts import split_text
from scheduler.calendar import local_day, wall_clock_to_utc, windows_for_day
from scheduler.policy import GroupPolicy
from storage import prompts, session_days
from storage.models import Group
from themes.model import Catalog

# "until 21:30", "asti 21.30", "klo 21.30 asti", "till 21.30"
UNTIL_RE = re.compile(r"^(?:until|asti|klo|till)?\s*(\d{1,2})[:.](\d{2})(?:\s*asti)?$")
ADHOC_DEFAULT = timedelta(hours=2)


def theme_choice_error(catalog: Catalog, key: str, audience: str) -> str | None:
    """None if `key` is a theme for this audience, else the reply with the closest keys."""
    theme = catalog.get(key)
    if theme is not None and theme.serves(audience):
        return None
    suggestions = ", ".join(catalog.closest(key)) or ", ".join(sorted(catalog))
    return _("Unknown theme {key}. Did you mean: {suggestions}?").format(
        key=key, suggestions=suggestions
    )


async def theme_or_reply(message: Message, desk: Desk, group: Group, text: str) -> str | None:
    """The theme key `text` names for this group, or None once the reply with the closest
    keys is sent."""
    key = text.lower()
    problem = theme_choice_error(desk.catalog, key, group.audience)
    if problem:
        await desk.send(message.reply(problem))
        return None
    return key


STAFF_COMMANDS = ("plan", "unplan", "skip", "open", "close")


async def on_plan(message: Message, command: CommandObject, desk: Desk, group: Group) -> None:
    """/plan: list the coming days with buttons; /plan DAY THEME: plan a session day."""
    assert group.id is not None
    parts = (command.args or "").split()
    today = local_day(desk.now(), desk.policies(group).zone)
    if not parts:
        await list_days_for_planning(message, desk, group)
        return
    if len(parts) != 2:
        await desk.send(
            message.reply(
                _("Usage: /plan YYYY-MM-DD THEME, for example /plan 2026-12-08 kiusaaminen")
            )
        )
        return
    day = parse_date(parts[0])
    if day is None:
        await desk.send(
            message.reply(
                _("{text} is not a date. Write it as 2026-12-08 or 8.12.2026.").format(
                    text=parts[0]
                )
            )
        )
        return
    if day < today:
        await desk.send(
            message.reply(_("{day} is in the past; plan a coming day.").format(day=fmt_day(day)))
        )
        return
    key = await theme_or_reply(message, desk, group, parts[1])
    if key is None:
        return
    if question := holiday_question(day, key, group.language):
        await message.reply(question[0], reply_markup=question[1])
        return
    planned = await plan_day(desk, group, day, key, actor=sender_id(message))
    await desk.send(message.reply(planned))


async def plan_day(desk: Desk, group: Group, day: date, key: str, *, actor: int | None) -> str:
    """Plan `day` with theme `key`, wake the scheduler, audit; the confirmation to send."""
    assert group.id is not None
    await session_days.plan(desk.db, group_id=group.id, on=day, theme_key=key, now=desk.now())
    desk.runner.kick()
    await desk.audit("plan", group.id, actor_user_id=actor, reason=f"{day} {key}")
    title = desk.catalog[key].text(group.language, group.audience).title
    return _("{day} is a session day with the theme “{title}”.").format(
        day=fmt_day(day), title=title
    )


async def on_plan_button(query: CallbackQuery, desk: Desk, group: Group | None) -> None:
    """A day's button: the theme buttons; a theme's button: plan the day (staff only)."""
    if group is None or group.id is None or query.message is None:
        await query.answer()
        return
    if not await desk.staff.is_staff(desk.bot, user_id=query.from_user.id, chat_id=group.chat_id):
        await query.answer(refusal_text(), show_alert=True)
        return
    if query.data == HOLIDAY_NO:
        await desk.bot.send_message(chat_id=query.message.chat.id, text=_("Not planned."))
        await query.answer()
        return
    holiday_yes = (query.data or "").startswith(HOLIDAY_PREFIX)
    parts = callback_data.fields(query.data, HOLIDAY_PREFIX if holiday_yes else "plan:", 1, 2)
    day = parse_date(parts[0]) if parts and callback_data.key(parts[0]) else None
    if parts is None or day is None:
        await query.answer(stale_button_text())
        return
    chat_id = query.message.chat.id
    if len(parts) == 1:
        await desk.bot.send_message(
            chat_id=chat_id,
            text=_("Choose the theme for {day}:").format(day=fmt_day(day)),
            reply_markup=theme_keyboard(desk.catalog, group, day),
        )
        await query.answer()
        return
    key = callback_data.key(parts[1])
    if key is None or theme_choice_error(desk.catalog, key, group.audience):
        await query.answer(stale_button_text())
        return
    text = await plan_day(desk, group, day, key, actor=query.from_user.id)
    await desk.bot.send_message(chat_id=chat_id, text=text)
    await query.answer()


def theme_keyboard(catalog: Catalog, group: Group, day: date) -> InlineKeyboardMarkup:
    """One button per theme of the group's audience."""
    buttons = [
        [
            InlineKeyboardButton(
                text=t.text(group.language, group.audience).title,
                callback_data=f"plan:{day.isoformat()}:{t.key}",
            )
        ]
        for t in catalog.for_audience(group.audience)
    ]
    return InlineKeyboardMarkup(inline_keyboard=buttons)


async def on_unplan(message: Message, command: CommandObject, desk: Desk, group: Group) -> None:
    """/unplan DAY (or /skip DAY): the day is no longer a session day."""
    assert group.id is not None
    day = parse_date((command.args or "").strip())
    if day is None:
        await desk.send(
            message.reply(_("Usage: /{command} YYYY-MM-DD").format(command=command.command))
        )
        return
    await session_days.skip(desk.db, group_id=group.id, on=day, now=desk.now())
    desk.runner.kick()
    await desk.audit(command.command, group.id, actor_user_id=sender_id(message), reason=str(day))
    await desk.send(message.reply(_("{day} is no longer a session day.").format(day=fmt_day(day))))


async def on_schedule(message: Message, desk: Desk, group: Group) -> None:
    """/schedule (for everyone): the coming session days."""
    text = await schedule_text(desk, group)
    for part in split_text(text):
        await desk.send(message.reply(part))


async def on_open(message: Message, command: CommandObject, desk: Desk, group: Group) -> None:
    """/open THEME [until HH:MM]: an ad hoc window from now."""
    assert group.id is not None
    parts = (command.args or "").split(maxsplit=1)
    if not parts:
        await desk.send(message.reply(_("Usage: /open THEME [until HH:MM]")))
        return
    key = await theme_or_reply(message, desk, group, parts[0])
    if key is None:
        return
    now = desk.now()
    end = adhoc_end(now, parts[1] if len(parts) > 1 else None, desk.policies(group))
    if end is None:
        await desk.send(
            message.reply(
                _("Give the closing time as HH:MM later today, e.g. /open vapaa until 21:30")
            )
        )
        return
    actor = sender_id(message)
    await session_days.open_adhoc(
        desk.db, group_id=group.id, theme_key=key, start=now, end=end, opened_by=actor
    )
    await desk.audit("open", group.id, actor_user_id=actor, reason=key)
    desk.runner.kick()


async def on_close(message: Message, desk: Desk, group: Group) -> None:
    """/close: end the open ad hoc window now."""
    assert group.id is not None
    now = desk.now()
    window = await session_days.adhoc_at(desk.db, group_id=group.id, instant=now)
    if window is None:
        await desk.send(
            message.reply(
                _("No ad hoc discussion is open. Planned windows close at their set time.")
            )
        )
        return
    window.end = now
    desk.db.add(window)
    await desk.audit("close", group.id, actor_user_id=sender_id(message))
    desk.runner.kick()


def build() -> Router:
    """The planning router (staff only but /schedule; every refusal is audited)."""
    router = Router(name="planning")
    registered, staff = InRegisteredGroup(), IsStaff()
    router.message.register(on_plan, Command("plan"), registered, staff)
    router.callback_query.register(on_plan_button, CallbackPrefix("plan:"))
    router.callback_query.register(on_plan_button, CallbackPrefix(HOLIDAY_PREFIX))
    router.message.register(on_unplan, Command("unplan", "skip"), registered, staff)
    router.message.register(on_schedule, Command("schedule"), registered)
    router.message.register(on_open, Command("open"), registered, staff)
    router.message.register(on_close, Command("close"), registered, staff)
    refuse_others(router, *STAFF_COMMANDS, where=registered)
    return router


def adhoc_end(now: datetime, text: str | None, policy: GroupPolicy) -> datetime | None:
    """When an ad hoc window closes: 'until HH:MM' later today, else in two hours."""
    if not text:
        return now + ADHOC_DEFAULT
    match = UNTIL_RE.match(text.strip().lower())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    end = wall_clock_to_utc(local_day(now, policy.zone), time(hour, minute), policy.zone)
    return end if end > now else None


async def list_days_for_planning(message: Message, desk: Desk, group: Group) -> None:
    """The coming session days with a button each to pick a theme."""
    assert group.id is not None
    days = await desk.coming_days(group)
    if not days:
        await message.reply(
            _("No session days are planned. Plan one with /plan YYYY-MM-DD THEME.")
        )
        return
    custom = await prompts.days_with_prompt(desk.db, group_id=group.id, days=[d.day for d in days])
    buttons = [
        [
            InlineKeyboardButton(
                text=f"{fmt_day(d.day)} · {d.theme_key or '—'}{' ✎' if d.day in custom else ''}",
                callback_data=f"plan:{d.day.isoformat()}",
            )
        ]
        for d in days
    ]
    header = _("Coming session days — pick one to choose its theme:")
    if custom:
        header += "\n" + _("✎ = the day has its own prompt (/teksti).")
    await message.reply(
        header,
        reply_markup=InlineKeyboardMarkup(inline_keyboard=buttons),
    )


async def schedule_text(desk: Desk, group: Group) -> str:
    """The next session days with theme and local times."""
    days, policy = await desk.coming_days(group), desk.policies(group)
    if not days:
        return _("No session days are planned.")
    lines = [_("Coming sessions:")]
    for row in days[:6]:
        theme = desk.catalog.get(row.theme_key) if row.theme_key else None
        title = (
            theme.text(group.language, group.audience).title
            if theme
            else _("theme not chosen yet")
        )
        times = ", ".join(
            f"{w.start.astimezone(policy.zone):%H:%M}–{w.end.astimezone(policy.zone):%H:%M}"
            for w in windows_for_day(row.day, policy.windows, policy.zone)
        )
        lines.append(f"{fmt_day(row.day)}: {title} ({times})")
    return "\n".join(lines)

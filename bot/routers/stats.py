"""/stats for staff: the current window's and the month's figures per theme."""

from __future__ import annotations

from datetime import date, datetime, time

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import IsStaff, refuse_others
from bot.desk import Desk
from scheduler.attribution import attribute
from scheduler.calendar import local_day, wall_clock_to_utc
from scheduler.policy import GroupPolicy
from storage import contributions, groups
from storage.models import Group


def month_bounds(now: datetime, policy: GroupPolicy) -> tuple[datetime, datetime]:
    """The local calendar month containing `now`, as UTC instants [start, end)."""
    today = local_day(now, policy.zone)
    first = date(today.year, today.month, 1)
    following = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    return (
        wall_clock_to_utc(first, time(0), policy.zone),
        wall_clock_to_utc(following, time(0), policy.zone),
    )


async def group_stats(db: AsyncSession, group: Group, policy: GroupPolicy, now: datetime) -> str:
    """Figures for one group, in the current language."""
    assert group.id is not None
    lines = [f"<b>{group.key}</b>"]
    current = await attribute(
        db, group_id=group.id, policy=policy, sent_at=now, reply_to_message_id=None
    )
    if current.window_start is not None:
        tally = await contributions.window_tally(
            db, group_id=group.id, window_start=current.window_start
        )
        lines.append(
            _(
                "Open window {window} ({theme}): {contributions} contributions, "
                "{participants} participants."
            ).format(
                window=current.window_label,
                theme=current.theme_key,
                contributions=tally.contributions,
                participants=tally.participants,
            )
        )
    start, end = month_bounds(now, policy)
    tallies = await contributions.theme_tallies(db, group_id=group.id, start=start, end=end)
    lines.append(_("This month:"))
    if not tallies:
        lines.append(_("no contributions yet"))
    for theme, tally in sorted(tallies.items(), key=lambda item: item[0] or "~"):
        name = theme or _("unthemed")
        lines.append(
            _("{theme}: {contributions} contributions, {participants} participants").format(
                theme=name, contributions=tally.contributions, participants=tally.participants
            )
        )
    return "\n".join(lines)


async def on_stats(message: Message, desk: Desk, group: Group | None) -> None:
    """/stats: in a group that group's figures, in private every group's."""
    chosen = [group] if group is not None else await groups.all_groups(desk.db)
    parts = [
        await group_stats(desk.db, g, desk.policies(g), desk.now())
        for g in chosen
        if g.id is not None
    ]
    await message.answer(
        "\n\n".join(parts) or _("No groups are registered yet."), parse_mode="HTML"
    )


def build() -> Router:
    """The /stats router (staff only; refusals audited)."""
    router = Router(name="stats")
    router.message.register(on_stats, Command("stats"), IsStaff())
    refuse_others(router, "stats")
    return router

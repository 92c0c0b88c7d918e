"""/stats: the current window's and the month's figures per theme, of readable groups."""

from __future__ import annotations

from datetime import datetime
from html import escape

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import IsStaff, may_read, readable_groups, refuse, refuse_others
from bot.desk import Desk
from bot.filters import InGroup, InPrivate
from bot.membership import group_title
from scheduler.attribution import attribute
from scheduler.calendar import local_month
from scheduler.policy import GroupPolicy
from storage import contributions
from storage.models import Group


async def group_stats(db: AsyncSession, group: Group, policy: GroupPolicy, now: datetime) -> str:
    """Figures for one group, in the current language."""
    assert group.id is not None
    lines = [f"<b>{escape(group_title(group))}</b>"]
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
    start, end = local_month(now, policy.zone)
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
    private = await contributions.private_count(db, group_id=group.id, start=start, end=end)
    lines.append(_("Private messages between session days: {count}").format(count=private))
    return "\n".join(lines)


async def on_stats_in_private(message: Message, command: CommandObject, desk: Desk) -> None:
    """/stats in private: the figures of every group the asker may read now."""
    user_id = message.from_user.id if message.from_user else 0
    readable = await readable_groups(desk.db, desk.bot, desk.staff, user_id=user_id)
    if not readable and desk.staff.is_configured_staff(user_id):
        await message.answer(_("No groups are registered yet."))
        return
    if not readable:
        await refuse(message, command, desk)
        return
    parts = [await group_stats(desk.db, g, desk.policies(g), desk.now()) for g in readable]
    await message.answer("\n\n".join(parts), parse_mode="HTML")


async def on_stats_in_group(
    message: Message, command: CommandObject, desk: Desk, group: Group | None
) -> None:
    """/stats in a group: its figures if it is registered and the asker may read it now."""
    user_id = message.from_user.id if message.from_user else 0
    if group is None:
        await message.answer(
            _("This chat is not a registered advisory group, so it has no figures.")
        )
        return
    if not await may_read(desk.bot, desk.staff, user_id=user_id, group=group):
        await refuse(message, command, desk)
        return
    text = await group_stats(desk.db, group, desk.policies(group), desk.now())
    await message.answer(text, parse_mode="HTML")


def build() -> Router:
    """The /stats router: figures only of groups the asker may read (refusals audited)."""
    router = Router(name="stats")
    router.message.register(on_stats_in_private, Command("stats"), InPrivate())
    router.message.register(on_stats_in_group, Command("stats"), InGroup(), IsStaff())
    refuse_others(router, "stats")
    return router

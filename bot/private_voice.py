"""A voice between session days: while a member's group is locked (between windows), a plain
private message to the bot is kept as a contribution flagged `private` to the month's current
or next theme (counted and quoted like any contribution: consent and quote confirmation
apply). A group turns it off with `private_voice = false`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings
from scheduler.attribution import attribute
from scheduler.calendar import local_day
from scheduler.policy import GroupPolicy
from scheduler.voice import voice_day
from storage import contributions, members, session_days
from storage.models import Group, Member, SessionDay
from themes.model import Catalog


@dataclass(frozen=True, slots=True)
class Kept:
    """Where a private message was kept."""

    group: Group
    theme_key: str | None


async def keep_private_voice(
    message: Message,
    *,
    db: AsyncSession,
    settings: Settings,
    policies: Callable[[Group], GroupPolicy],
    now: datetime,
) -> Kept | None:
    """Store the message for the first of the writer's locked groups that hear voices."""
    author, text = message.from_user, message.text or message.caption
    if author is None or author.is_bot or not text or text.lstrip().startswith("/"):
        return None
    for group, member in await members.places(db, user_id=author.id):
        if member.is_staff or not await _hears_now(db, group, settings, policies(group), now):
            continue
        day = await _month_day(db, group, policies(group), message.date)
        await _store(db, message, group, member, day, text=text, now=now)
        return Kept(group, day.theme_key if day else None)
    return None


async def _hears_now(
    db: AsyncSession, group: Group, settings: Settings, policy: GroupPolicy, now: datetime
) -> bool:
    """The group is locked between windows and has the private voice on."""
    if group.id is None or not group.lock_between_sessions:
        return False
    if not settings.private_voice_for(group.key):
        return False
    current = await attribute(
        db, group_id=group.id, policy=policy, sent_at=now, reply_to_message_id=None
    )
    return current.window_start is None


async def _month_day(
    db: AsyncSession, group: Group, policy: GroupPolicy, sent_at: datetime
) -> SessionDay | None:
    assert group.id is not None
    today = local_day(sent_at, policy.zone)
    first = date(today.year, today.month, 1)
    last = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    days = await session_days.days_between(db, group_id=group.id, start=first, end=last)
    return voice_day([d for d in days if d.day < last], today)


async def _store(
    db: AsyncSession,
    message: Message,
    group: Group,
    member: Member,
    day: SessionDay | None,
    *,
    text: str,
    now: datetime,
) -> None:
    await contributions.record(
        db,
        group_id=group.id,
        member_id=member.id,
        chat_id=message.chat.id,
        message_id=message.message_id,
        session_day_id=day.id if day else None,
        theme_key=day.theme_key if day else None,
        sent_at=message.date,
        text=text,
        is_staff=False,
        private=True,
        stored_at=now,
    )


def thanks_text(kept: Kept, catalog: Catalog, language: str) -> str:
    """The thanks to the writer, naming the theme the message counts for."""
    theme = catalog.get(kept.theme_key) if kept.theme_key else None
    if theme is None:
        return _(
            "Thank you for your message! I keep it for the project workers as a contribution "
            "of the group. It is quoted in the summary only with your consent."
        )
    title = theme.text(language, kept.group.audience).title
    return _(
        "Thank you for your message! I keep it for the project workers as a contribution on "
        "the theme “{title}”. It is quoted in the summary only with your consent."
    ).format(title=title)

"""Sanctions shared by the moderation commands, the report decisions and the guard.

Durations, muting and warnings: three warnings (setting `moderation.warn_limit`) mute the
member for `moderation.warn_mute_hours`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import ChatPermissions, User
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import pick_language
from config import Settings
from storage import audit, members, moderation
from storage.models import Group

MUTED = ChatPermissions(**{name: False for name in ChatPermissions.model_fields})
FREE = ChatPermissions(**{name: True for name in ChatPermissions.model_fields})
DEFAULT_MUTE = timedelta(hours=1)
MAX_MUTE = timedelta(days=366)
_DURATION = re.compile(r"^(\d{1,4})\s*(m|min|h|t|d|pv|vrk)?$")
_UNITS = {"m": 1, "min": 1, "h": 60, "t": 60, "d": 1440, "pv": 1440, "vrk": 1440}


def parse_duration(text: str | None) -> timedelta | None:
    """ "30m", "2h" / "2t", "1d" / "1pv" / "1vrk", bare minutes; None if not a duration."""
    if not text:
        return DEFAULT_MUTE
    match = _DURATION.match(text.strip().lower())
    if not match:
        return None
    minutes = int(match.group(1)) * _UNITS[match.group(2) or "m"]
    return min(timedelta(minutes=minutes), MAX_MUTE) if minutes else None


def fmt_span(span: timedelta) -> str:
    """A duration in words: "24 h", "30 min"."""
    minutes = int(span.total_seconds() // 60)
    if minutes % 60 == 0:
        return _("{hours} h").format(hours=minutes // 60)
    return _("{minutes} min").format(minutes=minutes)


async def mute(bot: Bot, chat_id: int, user_id: int, until: datetime) -> str | None:
    """Restrict the member until `until`; the error text if Telegram refuses."""
    try:
        await bot.restrict_chat_member(
            chat_id=chat_id, user_id=user_id, permissions=MUTED, until_date=until
        )
    except TelegramBadRequest as exc:
        return exc.message
    return None


async def unmute(bot: Bot, chat_id: int, user_id: int) -> str | None:
    """Lift the member's restriction; the error text if Telegram refuses."""
    try:
        await bot.restrict_chat_member(chat_id=chat_id, user_id=user_id, permissions=FREE)
    except TelegramBadRequest as exc:
        return exc.message
    return None


@dataclass(frozen=True)
class WarnResult:
    """How many unspent warnings the member has, and the mute they led to (if any)."""

    count: int
    muted: timedelta | None


async def warn_member(
    bot: Bot,
    db: AsyncSession,
    settings: Settings,
    group: Group,
    *,
    target: User,
    reason: str,
    actor: int | None,
    now: datetime,
) -> WarnResult:
    """Warn; at the limit mute for `warn_mute_hours` and start counting again."""
    assert group.id is not None and group.chat_id is not None
    member = await members.ensure(
        db,
        group_id=group.id,
        user_id=target.id,
        now=now,
        language=pick_language(target.language_code, group.language),
    )
    assert member.id is not None
    count = await moderation.warn(
        db, group_id=group.id, member_id=member.id, reason=reason, given_by=actor, now=now
    )
    await audit.record(
        db,
        action="warn",
        now=now,
        group_id=group.id,
        actor_user_id=actor,
        target_user_id=target.id,
        reason=reason,
    )
    rules = settings.moderation
    if count < rules.warn_limit:
        return WarnResult(count, None)
    span = timedelta(hours=rules.warn_mute_hours)
    error = await mute(bot, group.chat_id, target.id, now + span)
    await moderation.spend_warnings(db, member_id=member.id)
    await audit.record(
        db,
        action="mute",
        now=now,
        group_id=group.id,
        target_user_id=target.id,
        reason=f"{count} warnings; {error or fmt_span(span)}",
        outcome="failed" if error else "done",
    )
    return WarnResult(count, span)

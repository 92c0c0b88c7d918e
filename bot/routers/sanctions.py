"""Staff moderation as a reply: /warn [reason], /mute [duration], /unmute, /ban.

Three warnings (setting `moderation.warn_limit`) mute the member for
`moderation.warn_mute_hours`. Every action, and every refusal, is in the audit log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiogram import Bot, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import ChatPermissions, Message, User
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.filters import InRegisteredGroup
from bot.i18n import pick_language
from bot.membership import Membership
from bot.routers.setup import staff_or_refuse
from bot.staff import StaffDirectory
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


async def target_of(
    message: Message,
    bot: Bot,
    db: AsyncSession,
    staff: StaffDirectory,
    clock: Clock,
    name: str,
) -> User | None:
    """The member a staff command replies to; refusals and misuse are answered here."""
    if not await staff_or_refuse(message, bot, staff, db, clock, name):
        return None
    replied = message.reply_to_message
    target = replied.from_user if replied else None
    if target is None:
        await message.reply(
            _("Use /{command} as a reply to the member's message.").format(command=name)
        )
        return None
    if target.is_bot or await staff.is_staff(bot, user_id=target.id, chat_id=message.chat.id):
        await message.reply(_("Project workers and bots cannot be moderated with this command."))
        await audit.record(
            db,
            action=name,
            now=clock(),
            actor_user_id=message.from_user.id if message.from_user else None,
            target_user_id=target.id,
            outcome="refused",
            reason="target is staff or a bot",
        )
        return None
    return target


def build() -> Router:
    """The /warn, /mute, /unmute and /ban router."""
    router = Router(name="sanctions")

    @router.message(Command("warn"), InRegisteredGroup())
    async def on_warn(
        message: Message,
        command: CommandObject,
        bot: Bot,
        db: AsyncSession,
        group: Group,
        settings: Settings,
        staff: StaffDirectory,
        clock: Clock,
    ) -> None:
        target = await target_of(message, bot, db, staff, clock, "warn")
        if target is None:
            return
        reason = (command.args or "").strip()
        result = await warn_member(
            bot,
            db,
            settings,
            group,
            target=target,
            reason=reason,
            actor=message.from_user.id if message.from_user else None,
            now=clock(),
        )
        if result.muted:
            text = _("{name} has had {count} warnings and cannot write for {span}.").format(
                name=target.first_name, count=result.count, span=fmt_span(result.muted)
            )
        else:
            text = _("Warning {count}/{limit} to {name}.").format(
                count=result.count, limit=settings.moderation.warn_limit, name=target.first_name
            )
        if reason:
            text += " " + _("Reason: {reason}").format(reason=reason)
        await message.reply(text)

    @router.message(Command("mute"), InRegisteredGroup())
    async def on_mute(
        message: Message,
        command: CommandObject,
        bot: Bot,
        db: AsyncSession,
        group: Group,
        staff: StaffDirectory,
        clock: Clock,
    ) -> None:
        target = await target_of(message, bot, db, staff, clock, "mute")
        if target is None:
            return
        span = parse_duration(command.args)
        if span is None:
            await message.reply(_("Give the time like 30m, 2h or 1d, e.g. /mute 2h"))
            return
        error = await mute(bot, message.chat.id, target.id, clock() + span)
        await _done(message, db, group, clock, "mute", target, error, fmt_span(span))
        if not error:
            await message.reply(
                _("{name} cannot write for {span}.").format(
                    name=target.first_name, span=fmt_span(span)
                )
            )

    @router.message(Command("unmute"), InRegisteredGroup())
    async def on_unmute(
        message: Message,
        bot: Bot,
        db: AsyncSession,
        group: Group,
        staff: StaffDirectory,
        clock: Clock,
    ) -> None:
        target = await target_of(message, bot, db, staff, clock, "unmute")
        if target is None:
            return
        error = await unmute(bot, message.chat.id, target.id)
        await _done(message, db, group, clock, "unmute", target, error)
        if not error:
            await message.reply(_("{name} can write again.").format(name=target.first_name))

    @router.message(Command("ban"), InRegisteredGroup())
    async def on_ban(
        message: Message,
        command: CommandObject,
        bot: Bot,
        db: AsyncSession,
        group: Group,
        staff: StaffDirectory,
        membership: Membership,
        clock: Clock,
    ) -> None:
        target = await target_of(message, bot, db, staff, clock, "ban")
        if target is None:
            return
        try:
            await bot.ban_chat_member(chat_id=message.chat.id, user_id=target.id)
            error = None
        except TelegramBadRequest as exc:
            error = exc.message
        await _done(message, db, group, clock, "ban", target, error, command.args or "")
        if not error:
            await message.reply(
                _("{name} was removed from the group.").format(name=target.first_name)
            )
            await membership.offer_places(db, group, now=clock())

    return router


async def _done(
    message: Message,
    db: AsyncSession,
    group: Group,
    clock: Clock,
    action: str,
    target: User,
    error: str | None,
    reason: str = "",
) -> None:
    """Audit the action; on a Telegram refusal also tell the staff member why."""
    await audit.record(
        db,
        action=action,
        now=clock(),
        group_id=group.id,
        actor_user_id=message.from_user.id if message.from_user else None,
        target_user_id=target.id,
        reason=error or reason,
        outcome="failed" if error else "done",
    )
    if error:
        await message.reply(_("Telegram refused: {reason}").format(reason=error))

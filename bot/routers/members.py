"""Membership changes, /rules for everyone, and /waiting and /audit for staff."""

from __future__ import annotations

import contextlib
import html
from zoneinfo import ZoneInfo

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.types import ChatMemberUpdated, Message
from aiogram.utils.i18n import gettext as _

from bot.access import IsStaff, refuse_others
from bot.desk import Desk
from bot.filters import InRegisteredGroup
from bot.i18n import pick_language, speaking
from bot.long_texts import split_text
from bot.membership import (
    fmt_date,
    group_config,
    group_title,
    next_refill,
    rules_text,
)
from config import Settings
from storage import audit, groups, members_queries
from storage.models import Group, ModerationAction, WaitingEntry

ADMIN_STATUSES = frozenset({"creator", "administrator"})
AUDIT_LINES = 25


def is_inside(member: object) -> bool:
    """In the chat: owner, admin, member, or restricted but still a member."""
    status = getattr(member, "status", "")
    if status == "restricted":
        return bool(getattr(member, "is_member", False))
    return status in ("creator", "administrator", "member")


def waiting_line(n: int, entry: WaitingEntry, zone: ZoneInfo) -> str:
    """One line of /waiting: position, a mention, since when, and the state."""
    since = fmt_date(entry.created_at.astimezone(zone).date())
    if entry.offered_at:
        state = _("place offered {date}").format(
            date=fmt_date(entry.offered_at.astimezone(zone).date())
        )
    elif entry.unreachable_at:
        state = _("has not started the bot")
    else:
        state = _("waiting")
    label = _("applicant {number}").format(number=n)
    who = f'<a href="tg://user?id={entry.user_id}">{label}</a>'
    return f"{n}. {who} · {since} · {entry.language} · {state}"


def audit_line(entry: ModerationAction, zone: ZoneInfo) -> str:
    """One line of /audit."""
    when = entry.created_at.astimezone(zone).strftime("%d.%m. %H:%M")
    who = f"{entry.actor_user_id or '—'} → {entry.target_user_id or '—'}"
    reason = f" · {entry.reason}" if entry.reason else ""
    return html.escape(f"{when} {entry.action} [{entry.outcome}] {who}{reason}")


async def welcome_privately(
    bot: Bot, settings: Settings, group: Group, event: ChatMemberUpdated, language: str
) -> None:
    """Someone joined without the consent dialogue: rules and the consent link, if possible."""
    user = event.new_chat_member.user
    me = await bot.me()
    link = f"https://t.me/{me.username}?start=consent-{group.key}"
    text = (
        rules_text(settings, group, language)
        + "\n\n"
        + _("Please confirm your consent here: {link}").format(link=link)
    )
    with contextlib.suppress(TelegramAPIError):
        await bot.send_message(chat_id=user.id, text=text)


async def on_member_update(event: ChatMemberUpdated, desk: Desk, group: Group | None) -> None:
    """Someone entered or left: record it, welcome them, offer a freed place."""
    old, new = event.old_chat_member, event.new_chat_member
    if old.status in ADMIN_STATUSES or new.status in ADMIN_STATUSES:
        desk.staff.forget(event.chat.id)
    user = new.user
    if group is None or group.id is None or user.is_bot:
        return
    now = desk.now()
    if not is_inside(old) and is_inside(new):
        language = pick_language(user.language_code, group.language)
        await members_queries.mark_entered(
            desk.db, group_id=group.id, user_id=user.id, language=language, now=now
        )
        if not event.via_join_request:
            with speaking(desk.i18n, language):
                await welcome_privately(desk.bot, desk.settings, group, event, language)
    elif is_inside(old) and not is_inside(new):
        await desk.membership.offer_places(desk.db, group, now=now)


async def on_rules(message: Message, group: Group, settings: Settings) -> None:
    """/rules: the rules of the group."""
    await message.reply(rules_text(settings, group, group.language))


async def on_waiting(message: Message, desk: Desk, group: Group) -> None:
    """/waiting: places and the waiting list of the group."""
    assert group.id is not None
    now, zone = desk.now(), ZoneInfo(group.timezone)
    places = await desk.membership.places(desk.db, group, now=now)
    lines = [f"<b>{html.escape(group_title(group))}</b>"]
    if places is not None:
        lines.append(
            _("Members {members}/{capacity}, places held {reserved}, free {free}.").format(
                members=places.members,
                capacity=places.capacity,
                reserved=places.reserved,
                free=places.free,
            )
        )
    refill = next_refill(now, group_config(desk.settings, group), zone)
    if refill:
        lines.append(_("Next refill: {date}.").format(date=fmt_date(refill)))
    entries = await members_queries.waiting_list(desk.db, group_id=group.id)
    lines.append(_("Waiting list:") if entries else _("The waiting list is empty."))
    lines += [waiting_line(n, e, zone) for n, e in enumerate(entries, start=1)]
    await message.reply("\n".join(lines), parse_mode="HTML")


async def on_audit(message: Message, desk: Desk, group: Group | None) -> None:
    """/audit: the latest audit entries of this group (in private: of every group)."""
    if group is None and message.chat.type != "private":
        return
    entries = await audit.recent(desk.db, group_id=group.id if group else None, limit=AUDIT_LINES)
    zone = ZoneInfo(group.timezone if group else desk.settings.timezone)
    keys = {g.id: g.key for g in await groups.all_groups(desk.db)} if group is None else {}
    lines = [_("Audit log, newest first:")]
    for entry in entries:
        prefix = f"{keys.get(entry.group_id, '—')}: " if group is None else ""
        lines.append(prefix + audit_line(entry, zone))
    for part in split_text("\n".join(lines)):
        await message.answer(part, parse_mode="HTML")


def build() -> Router:
    """The members router: member updates, /rules, and /waiting and /audit for staff."""
    router = Router(name="members")
    registered = InRegisteredGroup()
    router.chat_member.register(on_member_update)
    router.message.register(on_rules, Command("rules"), registered)
    router.message.register(on_waiting, Command("waiting"), registered, IsStaff())
    router.message.register(on_audit, Command("audit"), IsStaff())
    refuse_others(router, "waiting", where=registered)
    refuse_others(router, "audit")
    return router

"""Staff digests in private chat: /digest [YYYY-MM] [GROUP], format buttons, /subscribe."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot import callback_data
from bot.access import audit_refusal, readable_groups, refusal_text
from bot.callback_data import stale_button_text
from bot.desk import Desk
from bot.digest_delivery import (
    ON_BUTTONS,
    SENT_FIRST,
    format_buttons,
    month_label,
    send_formats,
    send_month_format,
)
from bot.digest_ops import month_digest, parse_month
from bot.filters import CallbackPrefix, InPrivate
from bot.i18n import pick_language
from bot.regional_delivery import ALL_GROUPS, deliver_regional
from digest.errors import DigestError
from digest.model import Digest
from digest.periods import last_month_range, zone_of
from storage import staff as staff_store
from storage.models import Group


async def groups_for(desk: Desk, user_id: int) -> list[Group]:
    """The groups this user may read digests of now (none: not staff)."""
    return await readable_groups(desk.db, desk.bot, desk.staff, user_id=user_id)


async def may_still_read(query: CallbackQuery, desk: Desk, key: str) -> bool:
    """A button's group is readable by the presser now; else the refusal, audited."""
    user_id = query.from_user.id
    if key in {g.key for g in await groups_for(desk, user_id)}:
        await query.answer()
        return True
    await audit_refusal(desk, action="digest", user_id=user_id, reason=f"may not read {key}")
    await query.answer(refusal_text(), show_alert=True)
    return False


def default_month(desk: Desk) -> str:
    """The last full month in the deployment's zone."""
    zone = zone_of(desk.settings.timezone)
    start, _end = last_month_range(desk.now(), zone)
    local = start.astimezone(zone)
    return month_label(local.year, local.month)


async def deliver(desk: Desk, chat_id: int, user_id: int, key: str, month: str) -> None:
    """Build the digest and send HTML + PDF with buttons for the other formats."""
    try:
        digest = await build_digest(desk, key, month)
    except DigestError as exc:
        await desk.bot.send_message(chat_id=chat_id, text=str(exc))
        return
    note = _("The digest of {key} for {month}.").format(key=key, month=month)
    if digest.partial:
        note += " " + _("The month is not over: this is the digest so far.")
    markup = format_buttons(key, month)
    await desk.bot.send_message(chat_id=chat_id, text=note, reply_markup=markup)
    await send_formats(desk.bot, chat_id, digest, SENT_FIRST, metrics=desk.metrics)
    await desk.audit("digest", None, actor_user_id=user_id, reason=f"{key} {month}")


async def build_digest(desk: Desk, key: str, month: str) -> Digest:
    """The digest of group `key` for `month` (YYYY-MM); DigestError if it cannot be made."""
    year, number = parse_month(month)
    return await month_digest(
        desk.db,
        desk.settings,
        desk.catalog,
        group_key=key,
        year=year,
        month=number,
        now=desk.now(),
    )


async def on_digest(message: Message, command: CommandObject, desk: Desk) -> None:
    """/digest [YYYY-MM] [GROUP|all]: the digest (all: regional), or a button per group."""
    user_id = message.from_user.id if message.from_user else 0
    allowed = await groups_for(desk, user_id)
    if not allowed:
        await audit_refusal(desk, action="digest", user_id=user_id, reason="not staff")
        await message.answer(refusal_text())
        return
    parts = (command.args or "").split()
    month = next((p for p in parts if p[:1].isdigit()), None) or default_month(desk)
    key = next((p for p in parts if not p[:1].isdigit()), None)
    if key == ALL_GROUPS:
        await deliver_regional(desk, message.chat.id, user_id, allowed, month)
        return
    if key is None and len(allowed) > 1:
        buttons = [
            [InlineKeyboardButton(text=g.title or g.key, callback_data=f"dg:{g.key}:{month}")]
            for g in allowed
        ]
        markup = InlineKeyboardMarkup(inline_keyboard=buttons)
        await message.answer(_("Which group?"), reply_markup=markup)
        return
    chosen = key or allowed[0].key
    if chosen not in {g.key for g in allowed}:
        await audit_refusal(
            desk, action="digest", user_id=user_id, reason=f"may not read {chosen}"
        )
        await message.answer(_("Unknown group {key}.").format(key=chosen))
        return
    await deliver(desk, message.chat.id, user_id, chosen, month)


async def on_group_button(query: CallbackQuery, desk: Desk) -> None:
    """The group chosen: its digest (if the user may still read it)."""
    parts = callback_data.fields(query.data, "dg:", 2) or ["", ""]
    key, month = callback_data.key(parts[0]), callback_data.month(parts[1])
    if key is None or month is None:
        await query.answer(stale_button_text())
        return
    if await may_still_read(query, desk, key):
        await deliver(desk, query.from_user.id, query.from_user.id, key, month)


async def on_format_button(query: CallbackQuery, desk: Desk) -> None:
    """One more format of a digest already offered (if the user may still read it)."""
    parts = callback_data.fields(query.data, "dgf:", 3) or ["", "", ""]
    key, month, fmt = callback_data.key(parts[0]), callback_data.month(parts[1]), parts[2]
    if key is None or month is None or fmt not in ON_BUTTONS:
        await query.answer(stale_button_text())
        return
    user_id = query.from_user.id
    if await may_still_read(query, desk, key):
        await send_month_format(
            desk.bot, desk.db, desk.settings, desk.catalog, chat_id=user_id, group_key=key,
            month=month, fmt=fmt, now=desk.now(), metrics=desk.metrics,
        )  # fmt: skip


async def on_subscribe(message: Message, command: CommandObject, desk: Desk) -> None:
    """/subscribe and /unsubscribe: last month's digest on the 1st of each month."""
    user = message.from_user
    if user is None or not await groups_for(desk, user.id):
        await message.answer(refusal_text())
        return
    wanted = command.command == "subscribe"
    await staff_store.set_subscribed(
        desk.db,
        user_id=user.id,
        subscribed=wanted,
        language=pick_language(user.language_code, "fi"),
        now=desk.now(),
    )
    await message.answer(
        _("You will get last month's digest on the 1st of each month at 08:00.")
        if wanted
        else _("You will no longer get the monthly digest.")
    )


def build() -> Router:
    """The digest router (private chats only; in a group `hints` answers)."""
    router = Router(name="digest")
    router.message.register(on_digest, Command("digest"), InPrivate())
    router.callback_query.register(on_group_button, CallbackPrefix("dg:"))
    router.callback_query.register(on_format_button, CallbackPrefix("dgf:"))
    router.message.register(on_subscribe, Command("subscribe", "unsubscribe"), InPrivate())
    return router

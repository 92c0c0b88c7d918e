"""Staff digests in private chat: /digest [YYYY-MM] [GROUP], format buttons, /subscribe."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.digest_delivery import (
    SENT_FIRST,
    format_buttons,
    month_label,
    send_formats,
    staff_groups,
)
from bot.digest_ops import month_digest, parse_month
from bot.filters import CallbackPrefix, InPrivate
from bot.i18n import pick_language
from bot.metrics import Metrics
from bot.staff import StaffDirectory
from config import Settings
from digest.errors import DigestError
from digest.periods import last_month_range, zone_of
from storage import audit, staff
from themes.model import Catalog


def default_month(settings: Settings, clock: Clock) -> str:
    """The last full month in the deployment's zone."""
    start, _end = last_month_range(clock(), zone_of(settings.timezone))
    local = start.astimezone(zone_of(settings.timezone))
    return month_label(local.year, local.month)


def build() -> Router:
    """The digest router (private chats only)."""
    router = Router(name="digest")

    @router.message(Command("digest"), InPrivate())
    async def on_digest(
        message: Message,
        command: CommandObject,
        bot: Bot,
        db: AsyncSession,
        staff: StaffDirectory,
        settings: Settings,
        catalog: Catalog,
        metrics: Metrics,
        clock: Clock,
    ) -> None:
        user_id = message.from_user.id if message.from_user else 0
        allowed = await staff_groups(db, bot, staff, user_id)
        if not allowed:
            await audit.record(
                db,
                action="digest",
                now=clock(),
                actor_user_id=user_id,
                outcome="refused",
                reason="not staff",
            )
            await message.answer(_("Sorry, only the project's staff can use this command."))
            return
        parts = (command.args or "").split()
        month = next((p for p in parts if p[:1].isdigit()), None) or default_month(settings, clock)
        key = next((p for p in parts if not p[:1].isdigit()), None)
        if key is None and len(allowed) > 1:
            buttons = [
                [InlineKeyboardButton(text=g.title or g.key, callback_data=f"dg:{g.key}:{month}")]
                for g in allowed
            ]
            await message.answer(
                _("Which group?"), reply_markup=InlineKeyboardMarkup(inline_keyboard=buttons)
            )
            return
        chosen = key or allowed[0].key
        if chosen not in {g.key for g in allowed}:
            await message.answer(_("Unknown group {key}.").format(key=chosen))
            return
        await deliver(
            message.chat.id, bot, db, settings, catalog, metrics, clock, chosen, month, user_id
        )

    @router.callback_query(CallbackPrefix("dg:"))
    async def on_group_button(
        query: CallbackQuery,
        bot: Bot,
        db: AsyncSession,
        staff: StaffDirectory,
        settings: Settings,
        catalog: Catalog,
        metrics: Metrics,
        clock: Clock,
    ) -> None:
        _prefix, key, month = (query.data or "::").split(":", 2)
        allowed = {g.key for g in await staff_groups(db, bot, staff, query.from_user.id)}
        await query.answer()
        if key in allowed:
            await deliver(
                query.from_user.id,
                bot,
                db,
                settings,
                catalog,
                metrics,
                clock,
                key,
                month,
                query.from_user.id,
            )

    @router.callback_query(CallbackPrefix("dgf:"))
    async def on_format_button(
        query: CallbackQuery,
        bot: Bot,
        db: AsyncSession,
        staff: StaffDirectory,
        settings: Settings,
        catalog: Catalog,
        metrics: Metrics,
        clock: Clock,
    ) -> None:
        _prefix, key, month, fmt = (query.data or ":::").split(":", 3)
        allowed = {g.key for g in await staff_groups(db, bot, staff, query.from_user.id)}
        await query.answer()
        if key not in allowed:
            return
        year, number = parse_month(month)
        digest = await month_digest(
            db, settings, catalog, group_key=key, year=year, month=number, now=clock()
        )
        await send_formats(bot, query.from_user.id, digest, [fmt], metrics=metrics)

    @router.message(Command("subscribe", "unsubscribe"), InPrivate())
    async def on_subscribe(
        message: Message,
        command: CommandObject,
        bot: Bot,
        db: AsyncSession,
        staff: StaffDirectory,
        clock: Clock,
    ) -> None:
        user = message.from_user
        if user is None or not await staff_groups(db, bot, staff, user.id):
            await message.answer(_("Sorry, only the project's staff can use this command."))
            return
        wanted = command.command == "subscribe"
        language = pick_language(user.language_code, "fi")
        await staff_module.set_subscribed(
            db, user_id=user.id, subscribed=wanted, language=language, now=clock()
        )
        await message.answer(
            _("You will get last month's digest on the 1st of each month at 08:00.")
            if wanted
            else _("You will no longer get the monthly digest.")
        )

    return router


staff_module = staff


async def deliver(
    chat_id: int,
    bot: Bot,
    db: AsyncSession,
    settings: Settings,
    catalog: Catalog,
    metrics: Metrics,
    clock: Clock,
    key: str,
    month: str,
    user_id: int,
) -> None:
    """Build the digest and send HTML + PDF with buttons for the other formats."""
    try:
        year, number = parse_month(month)
        digest = await month_digest(
            db, settings, catalog, group_key=key, year=year, month=number, now=clock()
        )
    except DigestError as exc:
        await bot.send_message(chat_id=chat_id, text=str(exc))
        return
    note = _("The digest of {key} for {month}.").format(key=key, month=month)
    if digest.partial:
        note += " " + _("The month is not over: this is the digest so far.")
    await bot.send_message(chat_id=chat_id, text=note, reply_markup=format_buttons(key, month))
    await send_formats(bot, chat_id, digest, SENT_FIRST, metrics=metrics)
    await audit.record(
        db, action="digest", now=clock(), actor_user_id=user_id, reason=f"{key} {month}"
    )

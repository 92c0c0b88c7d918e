"""Staff digests in private chat: /digest [YYYY-MM] [GROUP], format buttons, /subscribe."""

from __future__ import annotations

from dataclasses import dataclass

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
    send_month_format,
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
from storage import audit
from storage import staff as staff_store
from storage.models import Group
from themes.model import Catalog

REFUSAL = "Sorry, only the project's staff can use this command."


@dataclass(frozen=True)
class DigestDesk:
    """Everything a digest request needs; built once per update from the workflow data."""

    bot: Bot
    db: AsyncSession
    staff: StaffDirectory
    settings: Settings
    catalog: Catalog
    metrics: Metrics
    clock: Clock

    async def groups_for(self, user_id: int) -> list[Group]:
        """The groups this user may read digests of (none: not staff)."""
        return await staff_groups(self.db, self.bot, self.staff, user_id)

    def default_month(self) -> str:
        """The last full month in the deployment's zone."""
        zone = zone_of(self.settings.timezone)
        start, _end = last_month_range(self.clock(), zone)
        local = start.astimezone(zone)
        return month_label(local.year, local.month)

    async def deliver(self, chat_id: int, user_id: int, key: str, month: str) -> None:
        """Build the digest and send HTML + PDF with buttons for the other formats."""
        try:
            year, number = parse_month(month)
            digest = await month_digest(
                self.db,
                self.settings,
                self.catalog,
                group_key=key,
                year=year,
                month=number,
                now=self.clock(),
            )
        except DigestError as exc:
            await self.bot.send_message(chat_id=chat_id, text=str(exc))
            return
        note = _("The digest of {key} for {month}.").format(key=key, month=month)
        if digest.partial:
            note += " " + _("The month is not over: this is the digest so far.")
        markup = format_buttons(key, month)
        await self.bot.send_message(chat_id=chat_id, text=note, reply_markup=markup)
        await send_formats(self.bot, chat_id, digest, SENT_FIRST, metrics=self.metrics)
        await audit.record(
            self.db,
            action="digest",
            now=self.clock(),
            actor_user_id=user_id,
            reason=f"{key} {month}",
        )

    async def send_format(self, user_id: int, key: str, month: str, fmt: str) -> None:
        """One more format of a digest already offered."""
        await send_month_format(
            self.bot, self.db, self.settings, self.catalog, chat_id=user_id, group_key=key,
            month=month, fmt=fmt, now=self.clock(), metrics=self.metrics,
        )  # fmt: skip


def desk_of(data: dict[str, object]) -> DigestDesk:
    """The desk from aiogram's handler data."""
    return DigestDesk(**{name: data[name] for name in DigestDesk.__dataclass_fields__})  # type: ignore[arg-type]


def build() -> Router:
    """The digest router (private chats only)."""
    router = Router(name="digest")

    @router.message(Command("digest"), InPrivate())
    async def on_digest(message: Message, command: CommandObject, **data: object) -> None:
        desk = desk_of(data)
        user_id = message.from_user.id if message.from_user else 0
        allowed = await desk.groups_for(user_id)
        if not allowed:
            await audit.record(
                desk.db,
                action="digest",
                now=desk.clock(),
                actor_user_id=user_id,
                outcome="refused",
                reason="not staff",
            )
            await message.answer(_(REFUSAL))
            return
        parts = (command.args or "").split()
        month = next((p for p in parts if p[:1].isdigit()), None) or desk.default_month()
        key = next((p for p in parts if not p[:1].isdigit()), None)
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
            await message.answer(_("Unknown group {key}.").format(key=chosen))
            return
        await desk.deliver(message.chat.id, user_id, chosen, month)

    @router.callback_query(CallbackPrefix("dg:"))
    async def on_group_button(query: CallbackQuery, **data: object) -> None:
        desk = desk_of(data)
        _prefix, key, month = (query.data or "::").split(":", 2)
        await query.answer()
        if key in {g.key for g in await desk.groups_for(query.from_user.id)}:
            await desk.deliver(query.from_user.id, query.from_user.id, key, month)

    @router.callback_query(CallbackPrefix("dgf:"))
    async def on_format_button(query: CallbackQuery, **data: object) -> None:
        desk = desk_of(data)
        _prefix, key, month, fmt = (query.data or ":::").split(":", 3)
        await query.answer()
        if key in {g.key for g in await desk.groups_for(query.from_user.id)}:
            await desk.send_format(query.from_user.id, key, month, fmt)

    @router.message(Command("subscribe", "unsubscribe"), InPrivate())
    async def on_subscribe(message: Message, command: CommandObject, **data: object) -> None:
        desk = desk_of(data)
        user = message.from_user
        if user is None or not await desk.groups_for(user.id):
            await message.answer(_(REFUSAL))
            return
        wanted = command.command == "subscribe"
        await staff_store.set_subscribed(
            desk.db,
            user_id=user.id,
            subscribed=wanted,
            language=pick_language(user.language_code, "fi"),
            now=desk.clock(),
        )
        await message.answer(
            _("You will get last month's digest on the 1st of each month at 08:00.")
            if wanted
            else _("You will no longer get the monthly digest.")
        )

    return router

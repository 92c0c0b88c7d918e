"""Deep links into a private chat: `/start consent-KEY` and `/start wait-KEY`.

Members who were in the group before the bot give (or withdraw) consent through the link in
the pinned consent call; applicants on a waiting list start the chat so the bot may write.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot import consent_notice as notice
from bot.commands import welcome_text
from bot.consent_dialogue import IN_CHAT, open_dialogue
from bot.desk import Desk
from bot.filters import CallbackPrefix, InPrivate
from bot.i18n import pick_language, speaking
from bot.member_rights import withdraw
from bot.membership import Membership, fmt_date, group_title
from storage import consent, groups, members, members_queries
from storage.models import Group


async def consent_link(message: Message, desk: Desk, group: Group) -> None:
    """`/start consent-KEY`: a member who joined before the bot gives (or withdraws) consent."""
    assert group.id is not None and group.chat_id is not None and message.from_user
    bot, db, user_id = desk.bot, desk.db, message.from_user.id
    status: str = "left"
    with contextlib.suppress(TelegramAPIError):
        status = (await bot.get_chat_member(chat_id=group.chat_id, user_id=user_id)).status
    if status not in IN_CHAT:
        await message.answer(
            _("You are not a member of the group “{title}”. Ask to join it first.").format(
                title=group_title(group)
            )
        )
        return
    member = await members.get(db, group_id=group.id, user_id=user_id)
    if member is not None and member.consent == consent.GIVEN:
        history = await consent.records(db, member_id=member.id or 0)
        decided = history[-1].decided_at if history else member.joined_at
        day = fmt_date(decided.astimezone(ZoneInfo(group.timezone)).date())
        button = InlineKeyboardButton(
            text=_("Withdraw my consent"), callback_data=f"cw:{group.id}"
        )
        await message.answer(
            notice.consented_text(day),
            reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]),
        )
        return
    await open_dialogue(
        desk, group, message.from_user, chat_id=message.chat.id, kind=members_queries.EXISTING
    )


async def waiting_link(
    message: Message, db: AsyncSession, membership: Membership, group: Group, *, now: datetime
) -> None:
    """`/start wait-KEY`: the applicant can now be told when a place frees."""
    assert group.id is not None and message.from_user
    entry = await members_queries.waiting_entry(
        db, group_id=group.id, user_id=message.from_user.id
    )
    title = group_title(group)
    if entry is None:
        await message.answer(
            _("You are not on the waiting list of “{title}”. Ask to join the group.").format(
                title=title
            )
        )
        return
    entry.unreachable_at = None
    db.add(entry)
    await message.answer(
        _("Thank you! I will message you here when a place opens in “{title}”.").format(
            title=title
        )
    )
    await membership.offer_places(db, group, now=now)


async def on_deep_link(message: Message, command: CommandObject, desk: Desk) -> None:
    """/start with a payload: a consent link or a waiting-list link (else the welcome)."""
    kind, _sep, key = (command.args or "").partition("-")
    group = await groups.by_key(desk.db, key=key) if key else None
    if group is None or group.chat_id is None or kind not in ("consent", "wait"):
        await message.answer(welcome_text())
        return
    user = message.from_user
    language = pick_language(user.language_code if user else None, group.language)
    with speaking(desk.i18n, language):
        if kind == "consent":
            await consent_link(message, desk, group)
        else:
            await waiting_link(message, desk.db, desk.membership, group, now=desk.now())


async def on_withdraw(query: CallbackQuery, desk: Desk) -> None:
    """The "withdraw my consent" button."""
    await withdraw(query, desk.bot, desk.db, now=desk.now())


def build() -> Router:
    """The deep-link router (included first: it owns `/start` with a payload)."""
    router = Router(name="consent_link")
    router.message.register(on_deep_link, CommandStart(deep_link=True), InPrivate())
    router.callback_query.register(on_withdraw, CallbackPrefix("cw:"))
    return router

"""Joining with consent: the join request opens the dialogue, its buttons advance it.

Telegram lets the bot write to an applicant only within 5 minutes of the request, so the
notice is sent at once and every later step EDITS that message (`bot.consent_dialogue`).
Unanswered dialogues are declined by `MembershipJobs`.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, ChatJoinRequest
from aiogram.utils.i18n import gettext as _

from bot import callback_data
from bot.consent_dialogue import Dialogue, advance, open_dialogue, waitlist
from bot.desk import Desk
from bot.filters import CallbackPrefix
from bot.i18n import pick_language, speaking
from storage import members_queries
from storage.models import Group


async def on_join_request(request: ChatJoinRequest, desk: Desk, group: Group | None) -> None:
    """A join request: the consent notice if there is a place, else the waiting list."""
    if group is None or group.id is None:
        return
    now, user, db = desk.now(), request.from_user, desk.db
    language = pick_language(user.language_code, group.language)
    with speaking(desk.i18n, language):
        if not await desk.membership.has_place(db, group, user_id=user.id, now=now):
            await waitlist(
                desk.bot, db, desk.settings, group, request=request, language=language, now=now
            )
            return
        await open_dialogue(
            desk, group, user, chat_id=request.user_chat_id, kind=members_queries.JOIN
        )
    await desk.audit("join-request", group.id, target_user_id=user.id)


async def on_dialogue_button(query: CallbackQuery, desk: Desk) -> None:
    """A button of the consent dialogue, pressed by the person it asks."""
    parts = callback_data.fields(query.data, "cj:", 2, 3)
    dialogue_id = callback_data.number(parts[0]) if parts else None
    row = None
    if parts and dialogue_id is not None:
        row = await members_queries.dialogue(desk.db, dialogue_id=dialogue_id)
    group = await desk.db.get(Group, row.group_id) if row else None
    if parts is None or row is None or group is None or row.user_id != query.from_user.id:
        await query.answer(_("This question is no longer open."))
        return
    dialogue = Dialogue(desk.bot, desk.db, desk.settings, desk.membership, group, row, desk.now())
    with speaking(desk.i18n, row.language):
        await advance(dialogue, parts[1], parts[2] if len(parts) > 2 else "")
    await query.answer()


def build() -> Router:
    """The join-request dialogue router."""
    router = Router(name="consent")
    router.chat_join_request.register(on_join_request)
    router.callback_query.register(on_dialogue_button, CallbackPrefix("cj:"))
    return router

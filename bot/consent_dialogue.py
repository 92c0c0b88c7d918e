"""The consent dialogue: join requests and existing members' consent, step by step.

Shared by the join-request router, the deep-link router and the membership jobs.

Telegram lets the bot write to an applicant only within 5 minutes of the request, so the
notice is sent at once and every later step EDITS that message. Approving or declining the
request works at any time; unanswered dialogues are declined by `MembershipJobs`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import ChatJoinRequest, InlineKeyboardButton, InlineKeyboardMarkup, User
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot import consent_notice as notice
from bot.desk import Desk
from bot.i18n import pick_language
from bot.membership import Membership, fmt_date, group_config, group_title, next_refill, rules_text
from config import Settings
from storage import audit, consent, members, members_queries
from storage.models import Group, JoinDialogue, Member

log = logging.getLogger(__name__)
IN_CHAT = ("creator", "administrator", "member", "restricted")


@dataclass
class Dialogue:
    """One step of a consent dialogue, with what it needs."""

    bot: Bot
    db: AsyncSession
    settings: Settings
    membership: Membership
    group: Group
    row: JoinDialogue
    now: datetime

    async def show(self, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
        """Edit the dialogue's message (the only way to go on after the first 5 minutes)."""
        if self.row.message_id is None:
            return
        try:
            await self.bot.edit_message_text(
                chat_id=self.row.user_id,
                message_id=self.row.message_id,
                text=text,
                reply_markup=markup,
            )
        except TelegramAPIError as exc:
            log.warning("cannot edit consent dialogue %s: %s", self.row.id, exc)

    async def audit(self, action: str, reason: str = "", outcome: str = "done") -> None:
        """An audit entry about this applicant."""
        await audit.record(
            self.db,
            action=action,
            now=self.now,
            group_id=self.group.id,
            target_user_id=self.row.user_id,
            reason=reason,
            outcome=outcome,
        )

    async def decide(self, member: Member, decision: str) -> None:
        """Record the member's consent decision on the notice this dialogue showed."""
        await consent.decide(
            self.db,
            member=member,
            decision=decision,
            notice_version=self.row.notice_version,
            language=self.row.language,
            now=self.now,
            age_band=member.age_band,
        )


async def open_dialogue(
    desk: Desk, group: Group, user: User, *, chat_id: int, kind: str
) -> JoinDialogue:
    """Send `user` the notice with the agree/decline buttons (to `chat_id`) and remember the
    dialogue, in the user's language."""
    assert group.id is not None
    body = notice.notice_body(desk.settings, group)
    row = await members_queries.start_dialogue(
        desk.db,
        group_id=group.id,
        user_id=user.id,
        kind=kind,
        language=pick_language(user.language_code, group.language),
        notice_version=notice.notice_version(body),
        now=desk.now(),
    )
    assert row.id is not None
    text = (
        notice.join_notice(body, group)
        if kind == members_queries.JOIN
        else notice.existing_member_notice(body, group)
    )
    try:
        sent = await desk.bot.send_message(
            chat_id=chat_id, text=text, reply_markup=notice.agree_keyboard(row.id)
        )
    except TelegramAPIError as exc:
        log.info("consent notice to %s not delivered: %s", user.id, exc)
        return row
    row.message_id = sent.message_id
    desk.db.add(row)
    await desk.db.flush()
    return row


async def waitlist(
    bot: Bot,
    db: AsyncSession,
    settings: Settings,
    group: Group,
    *,
    request: ChatJoinRequest,
    language: str,
    now: datetime,
) -> None:
    """The group is full: queue the applicant, tell them, decline the request for now."""
    assert group.id is not None
    user_id = request.from_user.id
    entry = await members_queries.enqueue(
        db, group_id=group.id, user_id=user_id, language=language, now=now
    )
    text = _("The group “{title}” is full at the moment. You are number {position} in line.")
    text = text.format(
        title=group_title(group), position=await members_queries.position(db, entry)
    )
    refill = next_refill(now, group_config(settings, group), ZoneInfo(group.timezone))
    if refill:
        text += " " + _("New places open on {date}, or earlier if a place frees up.").format(
            date=fmt_date(refill)
        )
    text += " " + _("Press the button below so that I can tell you when it is your turn.")
    markup = await _start_button(bot, f"wait-{group.key}")
    try:
        await bot.send_message(chat_id=request.user_chat_id, text=text, reply_markup=markup)
    except TelegramAPIError as exc:
        log.info("waiting-list note to %s not delivered: %s", user_id, exc)
    await decline_request(bot, group, user_id)
    await audit.record(
        db, action="join-waitlisted", now=now, group_id=group.id, target_user_id=user_id
    )


async def _start_button(bot: Bot, payload: str) -> InlineKeyboardMarkup | None:
    """A button that opens a private chat with the bot (so it may write later)."""
    me = await bot.me()
    if not me.username:
        return None
    url = f"https://t.me/{me.username}?start={payload}"
    button = InlineKeyboardButton(text=_("Start a chat with Neuvo"), url=url)
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


async def decline_request(bot: Bot, group: Group, user_id: int) -> bool:
    """Decline a join request; False if it was no longer pending."""
    assert group.chat_id is not None
    try:
        await bot.decline_chat_join_request(chat_id=group.chat_id, user_id=user_id)
    except TelegramBadRequest as exc:
        log.info("join request of %s not declined: %s", user_id, exc.message)
        return False
    return True


async def step_agree(d: Dialogue) -> None:
    """Agreed: the age question in a youth group, else the municipality question."""
    assert d.row.id is not None
    if d.group.audience == "youth" and d.row.age_band is None:
        d.row.step = "age"
        min_age = d.settings.youth_min_age
        await d.show(notice.age_question(min_age), notice.age_keyboard(d.row.id, min_age))
    else:
        await ask_municipality(d)
    d.db.add(d.row)


async def ask_municipality(d: Dialogue) -> None:
    """The last question."""
    assert d.row.id is not None
    d.row.step = "municipality"
    keyboard = notice.municipality_keyboard(d.row.id, d.settings.municipalities)
    await d.show(notice.municipality_question(), keyboard)


async def step_age(d: Dialogue, band: str) -> None:
    """`youth_min_age` (16: Telegram's terms in the EU) or older goes on; under it is declined
    kindly, pointing to `youth_other_channels`."""
    min_age = d.settings.youth_min_age
    if band == f"{notice.UNDER}{min_age}":
        await refuse(d, under_age=True)
        return
    if band in notice.age_bands(min_age):
        d.row.age_band = band
        await ask_municipality(d)
        d.db.add(d.row)


async def step_municipality(d: Dialogue, choice: str) -> None:
    """The answers are complete: admit the applicant, or record the existing member's consent."""
    assert d.group.id is not None
    if d.row.kind == members_queries.JOIN and not await _approve(d):
        return
    member = await members_queries.admit(
        d.db,
        group_id=d.group.id,
        user_id=d.row.user_id,
        language=d.row.language,
        municipality=notice.municipality_of(choice, d.settings.municipalities),
        age_band=d.row.age_band,
        consent=consent.GIVEN,
        now=d.now,
        entered=d.row.kind == members_queries.JOIN,
    )
    await d.decide(member, consent.GIVEN)
    await members_queries.end_dialogue(d.db, d.row)
    if d.row.kind == members_queries.JOIN:
        await members_queries.leave_waiting_list(d.db, group_id=d.group.id, user_id=d.row.user_id)
        rules = rules_text(d.settings, d.group, d.row.language)
        await d.show(notice.welcome_text(rules))
        await d.audit("join-approved")
    else:
        await d.show(notice.thanks_existing_text())
        await d.audit("consent-given")


async def _approve(d: Dialogue) -> bool:
    """Approve the join request; if it is gone, say so and end the dialogue."""
    assert d.group.chat_id is not None
    try:
        await d.bot.approve_chat_join_request(chat_id=d.group.chat_id, user_id=d.row.user_id)
    except TelegramBadRequest as exc:
        await members_queries.end_dialogue(d.db, d.row)
        await d.show(notice.gone_text())
        await d.audit("join-approved", reason=exc.message, outcome="failed")
        return False
    return True


async def refuse(d: Dialogue, *, under_age: bool) -> None:
    """No consent: decline the request (applicant) or record it (existing member)."""
    assert d.group.id is not None
    min_age = d.settings.youth_min_age
    reason = f"under {min_age}" if under_age else "declined by the person"
    under_text = notice.under_age_text(min_age, d.settings.youth_other_channels)
    if d.row.kind == members_queries.JOIN:
        await decline_request(d.bot, d.group, d.row.user_id)
        await d.audit("join-declined", reason=reason)
        text = under_text if under_age else notice.declined_text()
    else:
        member = await members.ensure(
            d.db, group_id=d.group.id, user_id=d.row.user_id, now=d.now, language=d.row.language
        )
        member.age_band = notice.under_band(min_age) if under_age else member.age_band
        await d.decide(member, consent.DECLINED)
        await d.audit("consent-declined", reason=reason)
        text = under_text if under_age else notice.existing_declined_text()
    kind = d.row.kind
    await members_queries.end_dialogue(d.db, d.row)
    await d.show(text)
    if kind == members_queries.JOIN:
        await d.membership.offer_places(d.db, d.group, now=d.now)


STEPS = {"a": "notice", "d": "notice", "g": "age", "m": "municipality"}


async def advance(d: Dialogue, action: str, value: str) -> None:
    """Run the pressed button's step, if it belongs to the dialogue's current step."""
    if STEPS.get(action) != d.row.step:
        return
    if action == "a":
        await step_agree(d)
    elif action == "d":
        await refuse(d, under_age=False)
    elif action == "g":
        await step_age(d, value)
    else:
        await step_municipality(d, value)

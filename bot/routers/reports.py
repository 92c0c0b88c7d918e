"""Member reports: `/report [reason]` as a reply alerts every staff member privately.

The /report message itself is deleted so reporting stays discreet. Reports from
`moderation.report_hide_threshold` different members hide the message (deleted in the chat,
marked hidden in the log) until staff decide with the alert's buttons: hide, warn, dismiss.
Dismissing an auto-hidden message restores it: the bot posts its text again.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, User
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot import callback_data
from bot.access import refusal_text
from bot.desk import Desk
from bot.filters import CallbackPrefix, InRegisteredGroup
from bot.links import message_link
from bot.membership import group_title
from bot.sanctions import warn_member
from bot.staff import StaffDirectory
from config import Settings
from storage import audit, contributions, moderation
from storage.models import Group, Report

log = logging.getLogger(__name__)
EXCERPT = 300
DECISIONS = {"h": "hidden", "w": "warned", "d": "dismissed"}


def decision_keyboard(report_id: int) -> InlineKeyboardMarkup:
    """Hide / warn / dismiss."""
    row = [
        InlineKeyboardButton(text=_("Hide"), callback_data=f"rp:h:{report_id}"),
        InlineKeyboardButton(text=_("Warn"), callback_data=f"rp:w:{report_id}"),
        InlineKeyboardButton(text=_("Dismiss"), callback_data=f"rp:d:{report_id}"),
    ]
    return InlineKeyboardMarkup(inline_keyboard=[row])


def alert_text(group: Group, report: Report, excerpt: str, *, hidden_after: int | None) -> str:
    """What staff read about a report."""
    lines = [_("Report in the group “{title}”.").format(title=group_title(group))]
    if hidden_after:
        lines.append(
            _("The message is hidden after {count} reports until you decide.").format(
                count=hidden_after
            )
        )
    if report.reason:
        lines.append(_("Reason: {reason}").format(reason=report.reason))
    lines.append(_("Message: {text}").format(text=excerpt or "—"))
    link = message_link(report.chat_id, report.message_id)
    if link and not hidden_after:
        lines.append(link)
    return "\n\n".join(lines)


async def staff_recipients(
    bot: Bot, settings: Settings, staff: StaffDirectory, chat_id: int
) -> list[int]:
    """Configured staff and the chat's administrators."""
    admins = await staff.admins(bot, chat_id)
    return sorted(set(settings.staff_ids) | admins)


async def alert_staff(bot: Bot, recipients: list[int], text: str, report_id: int) -> None:
    """A private alert with decision buttons to each staff member who has started the bot."""
    for user_id in recipients:
        try:
            await bot.send_message(
                chat_id=user_id, text=text, reply_markup=decision_keyboard(report_id)
            )
        except TelegramAPIError as exc:
            log.info("report alert to staff %s not delivered: %s", user_id, exc)


async def hide_message(bot: Bot, db: AsyncSession, *, chat_id: int, message_id: int) -> None:
    """Delete the message in the chat and mark it hidden in the log."""
    await contributions.hide(db, chat_id=chat_id, message_id=message_id)
    with contextlib.suppress(TelegramAPIError):
        await bot.delete_message(chat_id=chat_id, message_id=message_id)


async def file_report(message: Message, reason: str, desk: Desk, group: Group) -> None:
    """Store the report; alert staff on the first one and when the message gets hidden."""
    assert group.id is not None and message.from_user and message.reply_to_message
    bot, db, settings, staff, now = desk.bot, desk.db, desk.settings, desk.staff, desk.now()
    target = message.reply_to_message
    author = target.from_user.id if target.from_user else None
    added = await moderation.add_report(
        db,
        group_id=group.id,
        chat_id=message.chat.id,
        message_id=target.message_id,
        reporter_user_id=message.from_user.id,
        author_user_id=author,
        reason=reason,
        now=now,
    )
    if not added:
        return
    await desk.audit_reply("report", group, message)
    reports = await moderation.reports_of(
        db, chat_id=message.chat.id, message_id=target.message_id
    )
    undecided = [r for r in reports if r.status in moderation.UNDECIDED]
    already_hidden = any(r.status == moderation.AUTO_HIDDEN for r in undecided)
    hide_now = (
        not already_hidden
        and len(undecided) >= settings.moderation.report_hide_threshold
        and await _hideable(bot, staff, target)
    )
    if hide_now:
        await hide_message(bot, db, chat_id=message.chat.id, message_id=target.message_id)
        await moderation.set_status(
            db,
            chat_id=message.chat.id,
            message_id=target.message_id,
            status=moderation.AUTO_HIDDEN,
            now=now,
            by=None,
        )
        await desk.audit(
            "report-autohide",
            group.id,
            target_user_id=author,
            message_id=target.message_id,
            reason=f"{len(undecided)} reports",
        )
    if len(reports) == 1 or hide_now:
        text = alert_text(
            group,
            reports[0],
            (target.text or target.caption or "")[:EXCERPT],
            hidden_after=len(undecided) if hide_now else None,
        )
        recipients = await staff_recipients(bot, settings, staff, message.chat.id)
        assert reports[0].id is not None
        await alert_staff(bot, recipients, text, reports[0].id)


async def _hideable(bot: Bot, staff: StaffDirectory, target: Message) -> bool:
    """Reports alone never hide the bot's or the project workers' messages."""
    author = target.from_user
    if author is None or author.is_bot:
        return False
    return not await staff.is_staff(bot, user_id=author.id, chat_id=target.chat.id)


async def decide(
    query: CallbackQuery,
    report: Report,
    group: Group,
    action: str,
    *,
    bot: Bot,
    db: AsyncSession,
    settings: Settings,
    now: datetime,
) -> str:
    """Carry out a staff decision on every undecided report of the message."""
    chat_id, message_id = report.chat_id, report.message_id
    reports = await moderation.reports_of(db, chat_id=chat_id, message_id=message_id)
    was_hidden = any(r.status == moderation.AUTO_HIDDEN for r in reports)
    status = DECISIONS[action]
    if action in ("h", "w"):
        await hide_message(bot, db, chat_id=chat_id, message_id=message_id)
    if action == "w" and report.author_user_id is not None:
        author = User(id=report.author_user_id, is_bot=False, first_name="-")
        await warn_member(
            bot,
            db,
            settings,
            group,
            target=author,
            reason=_("reported message"),
            actor=query.from_user.id,
            now=now,
        )
    if action == "d" and was_hidden:
        await restore(bot, db, chat_id=chat_id, message_id=message_id)
    await moderation.set_status(
        db, chat_id=chat_id, message_id=message_id, status=status, now=now, by=query.from_user.id
    )
    await audit.record(
        db,
        action=f"report-{status}",
        now=now,
        group_id=group.id,
        actor_user_id=query.from_user.id,
        target_user_id=report.author_user_id,
        message_id=message_id,
    )
    return status


async def restore(bot: Bot, db: AsyncSession, *, chat_id: int, message_id: int) -> None:
    """Un-hide a message hidden by reports, and post its text again in the group."""
    await moderation.unhide(db, chat_id=chat_id, message_id=message_id)
    stored = await contributions.get(db, chat_id=chat_id, message_id=message_id)
    if stored is None or not stored.text:
        return
    text = _("A message hidden after reports was restored by the project workers:")
    with contextlib.suppress(TelegramAPIError):
        await bot.send_message(chat_id=chat_id, text=f"{text}\n\n{stored.text}")


async def on_report(message: Message, command: CommandObject, desk: Desk, group: Group) -> None:
    """/report [reason] as a reply: delete the command, file the report, thank the reporter."""
    if message.reply_to_message is None or message.from_user is None:
        await message.reply(_("Use /report as a reply to the message you want to report."))
        return
    bot = desk.bot
    with contextlib.suppress(TelegramAPIError):
        await bot.delete_message(chat_id=message.chat.id, message_id=message.message_id)
    await file_report(message, (command.args or "").strip(), desk, group)
    with contextlib.suppress(TelegramAPIError):
        await bot.send_message(
            chat_id=message.from_user.id,
            text=_("Thank you for the report. The project workers will have a look."),
        )


async def on_decision(query: CallbackQuery, desk: Desk) -> None:
    """A staff decision button on a report alert: hide, warn or dismiss."""
    parts = callback_data.fields(query.data, "rp:", 2) or ["", ""]
    report_id = callback_data.number(parts[1])
    report = None
    if parts[0] in DECISIONS and report_id is not None:
        report = await moderation.report(desk.db, report_id=report_id)
    group = await desk.db.get(Group, report.group_id) if report else None
    if report is None or group is None:
        await query.answer(_("This question is no longer open."))
        return
    user_id = query.from_user.id
    if not await desk.staff.is_staff(desk.bot, user_id=user_id, chat_id=group.chat_id):
        await desk.audit(
            "report-decision",
            group.id,
            actor_user_id=user_id,
            outcome="refused",
            reason="not staff",
        )
        await query.answer(refusal_text())
        return
    pending = await moderation.reports_of(
        desk.db, chat_id=report.chat_id, message_id=report.message_id
    )
    if not any(r.status in moderation.UNDECIDED for r in pending):
        await query.answer(_("This report has already been decided."))
        return
    status = await decide(
        query,
        report,
        group,
        parts[0],
        bot=desk.bot,
        db=desk.db,
        settings=desk.settings,
        now=desk.now(),
    )
    await query.answer(_("Done."))
    await show_decision(desk.bot, query, status)


def build() -> Router:
    """The /report router and the staff decision buttons."""
    router = Router(name="reports")
    router.message.register(on_report, Command("report"), InRegisteredGroup())
    router.callback_query.register(on_decision, CallbackPrefix("rp:"))
    return router


async def show_decision(bot: Bot, query: CallbackQuery, status: str) -> None:
    """The alert shows the decision instead of the buttons."""
    message = query.message
    if not isinstance(message, Message) or not message.text:
        return
    labels = {
        "hidden": _("hidden"),
        "warned": _("hidden and the author warned"),
        "dismissed": _("dismissed"),
    }
    decision = _("Decision: {decision}.").format(decision=labels[status])
    with contextlib.suppress(TelegramAPIError):
        await bot.edit_message_text(
            chat_id=message.chat.id,
            message_id=message.message_id,
            text=f"{message.text}\n\n{decision}",
        )

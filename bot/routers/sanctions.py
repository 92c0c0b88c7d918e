"""Staff moderation as a reply: /warn [reason], /mute [duration], /unmute, /ban.

Every action, and every refusal, is in the audit log.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import Message, User
from aiogram.utils.i18n import gettext as _

from bot.access import IsStaff, refuse_others
from bot.desk import Desk, sender_id
from bot.filters import InRegisteredGroup
from bot.sanctions import fmt_span, mute, parse_duration, unmute, warn_member
from storage.models import Group

COMMANDS = ("warn", "mute", "unmute", "ban")


async def target_of(message: Message, desk: Desk, name: str) -> User | None:
    """The member a staff command replies to; misuse is answered (and audited) here."""
    replied = message.reply_to_message
    target = replied.from_user if replied else None
    if target is None:
        await message.reply(
            _("Use /{command} as a reply to the member's message.").format(command=name)
        )
        return None
    if target.is_bot or await desk.staff.is_staff(
        desk.bot, user_id=target.id, chat_id=message.chat.id
    ):
        await message.reply(_("Project workers and bots cannot be moderated with this command."))
        await desk.audit(
            name,
            None,
            actor_user_id=sender_id(message),
            target_user_id=target.id,
            outcome="refused",
            reason="target is staff or a bot",
        )
        return None
    return target


async def on_warn(message: Message, command: CommandObject, desk: Desk, group: Group) -> None:
    """/warn [reason]: a warning; at the limit the member is muted."""
    target = await target_of(message, desk, "warn")
    if target is None:
        return
    reason = (command.args or "").strip()
    result = await warn_member(
        desk.bot,
        desk.db,
        desk.settings,
        group,
        target=target,
        reason=reason,
        actor=sender_id(message),
        now=desk.now(),
    )
    if result.muted:
        text = _("{name} has had {count} warnings and cannot write for {span}.").format(
            name=target.first_name, count=result.count, span=fmt_span(result.muted)
        )
    else:
        text = _("Warning {count}/{limit} to {name}.").format(
            count=result.count, limit=desk.settings.moderation.warn_limit, name=target.first_name
        )
    if reason:
        text += " " + _("Reason: {reason}").format(reason=reason)
    await message.reply(text)


async def on_mute(message: Message, command: CommandObject, desk: Desk, group: Group) -> None:
    """/mute [duration]: the member cannot write for a while (default one hour)."""
    target = await target_of(message, desk, "mute")
    if target is None:
        return
    span = parse_duration(command.args)
    if span is None:
        await message.reply(_("Give the time like 30m, 2h or 1d, e.g. /mute 2h"))
        return
    error = await mute(desk.bot, message.chat.id, target.id, desk.now() + span)
    await _done(message, desk, group, "mute", target, error, fmt_span(span))
    if not error:
        await message.reply(
            _("{name} cannot write for {span}.").format(
                name=target.first_name, span=fmt_span(span)
            )
        )


async def on_unmute(message: Message, desk: Desk, group: Group) -> None:
    """/unmute: the member can write again."""
    target = await target_of(message, desk, "unmute")
    if target is None:
        return
    error = await unmute(desk.bot, message.chat.id, target.id)
    await _done(message, desk, group, "unmute", target, error)
    if not error:
        await message.reply(_("{name} can write again.").format(name=target.first_name))


async def on_ban(message: Message, command: CommandObject, desk: Desk, group: Group) -> None:
    """/ban: remove the member from the group, and offer the freed place."""
    target = await target_of(message, desk, "ban")
    if target is None:
        return
    try:
        await desk.bot.ban_chat_member(chat_id=message.chat.id, user_id=target.id)
        error = None
    except TelegramBadRequest as exc:
        error = exc.message
    await _done(message, desk, group, "ban", target, error, command.args or "")
    if not error:
        await message.reply(_("{name} was removed from the group.").format(name=target.first_name))
        await desk.membership.offer_places(desk.db, group, now=desk.now())


async def _done(
    message: Message,
    desk: Desk,
    group: Group,
    action: str,
    target: User,
    error: str | None,
    reason: str = "",
) -> None:
    """Audit the action; on a Telegram refusal also tell the staff member why."""
    await desk.audit(
        action,
        group.id,
        actor_user_id=sender_id(message),
        target_user_id=target.id,
        reason=error or reason,
        outcome="failed" if error else "done",
    )
    if error:
        await message.reply(_("Telegram refused: {reason}").format(reason=error))


def build() -> Router:
    """The /warn, /mute, /unmute and /ban router (staff only; refusals audited)."""
    router = Router(name="sanctions")
    registered, staff = InRegisteredGroup(), IsStaff()
    router.message.register(on_warn, Command("warn"), registered, staff)
    router.message.register(on_mute, Command("mute"), registered, staff)
    router.message.register(on_unmute, Command("unmute"), registered, staff)
    router.message.register(on_ban, Command("ban"), registered, staff)
    refuse_others(router, *COMMANDS, where=registered)
    return router

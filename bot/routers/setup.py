"""/setup parents|youth [KEY] in a group, by staff: register the chat as an advisory group."""

from __future__ import annotations

import re

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.access import IsStaff, audit_refusal, refuse_others
from bot.desk import Desk
from bot.filters import InGroup
from storage import groups

AUDIENCES = ("parents", "youth")
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


def parse_setup_args(args: str | None) -> tuple[str, str] | None:
    """`parents|youth [KEY]` → (audience, key); None when malformed."""
    parts = (args or "").split()
    if not parts or len(parts) > 2 or parts[0].lower() not in AUDIENCES:
        return None
    audience = parts[0].lower()
    key = parts[1].lower() if len(parts) == 2 else audience
    return (audience, key) if KEY_RE.match(key) else None


def may_register(desk: Desk, user_id: int) -> bool:
    """Configured staff may register a group; its administrators only if allow_admin_setup."""
    return desk.staff.is_configured_staff(user_id) or desk.settings.allow_admin_setup


async def on_setup(message: Message, command: CommandObject, desk: Desk) -> None:
    """/setup parents|youth [KEY]: register this chat (configured staff, see may_register)."""
    user_id = message.from_user.id if message.from_user else 0
    if not may_register(desk, user_id):
        await audit_refusal(desk, action="setup", user_id=user_id, reason="not configured staff")
        await message.reply(
            _(
                "Only the project's staff can register a group. A group's administrators can "
                "register it only if the setting allow_admin_setup is on."
            )
        )
        return
    parsed = parse_setup_args(command.args)
    if parsed is None:
        usage = _("Usage: /setup parents|youth [KEY], for example /setup parents")
        await desk.send(message.reply(usage))
        return
    audience, key = parsed
    try:
        group = await groups.register(
            desk.db,
            key=key,
            audience=audience,
            chat_id=message.chat.id,
            now=desk.now(),
            title=message.chat.title or "",
            language=desk.settings.language,
            timezone=desk.settings.timezone,
            is_forum=bool(message.chat.is_forum),
        )
        desk.group_cache.forget()
    except groups.GroupKeyTaken:
        taken = _("The key {key} is already used by another group.").format(key=key)
        await desk.send(message.reply(taken))
        return
    await desk.audit("setup", group.id, actor_user_id=user_id, reason=f"{audience} {key}")
    done = _("This group is now registered as {key} ({audience}).").format(
        key=key, audience=_("parents") if audience == "parents" else _("youth")
    )
    await desk.send(message.reply(done))


def build() -> Router:
    """The router for /setup (staff only; refusals audited)."""
    router = Router(name="setup")
    router.message.register(on_setup, Command("setup"), InGroup(), IsStaff())
    refuse_others(router, "setup", where=InGroup())
    return router

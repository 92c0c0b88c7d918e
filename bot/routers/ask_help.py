"""Pyydä apua: /apua (sv /hjalp, en /help_me), `/start apua` and the "Ask for help" buttons
open the help directory privately; "Ask a worker to contact me" alerts staff (who and which
group, no text) and records a help request; staff list open requests with /apupyynnot (sv
/hjalpbegaran, en /help_requests) and mark them handled. Never a contribution."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from aiogram import Router
from aiogram.filters import Command, CommandStart, Filter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot import callback_data, help_desk
from bot.access import IsStaff, refuse_others
from bot.callback_data import stale_button_text
from bot.desk import Desk
from bot.filters import CallbackPrefix, InGroup, InPrivate
from bot.help_desk import ASK_DATA, HANDLED_PREFIX, HELP_PAYLOAD, SHOW_DATA
from bot.i18n import speaking
from config.help_services import HelpDirectory, help_directory
from storage import help_requests, members
from storage.models import Group

HELP_COMMANDS = ("apua", "hjalp", "help_me")
REQUESTS_COMMANDS = ("apupyynnot", "hjalpbegaran", "help_requests")


class HelpPayload(Filter):
    """`/start apua`: the deep link of the "Ask for help" button under a group's prompt."""

    async def __call__(self, message: Message) -> bool:
        parts = (message.text or "").split(maxsplit=1)
        return len(parts) == 2 and parts[0].startswith("/start") and parts[1] == HELP_PAYLOAD


@lru_cache(maxsize=4)
def cached_directory(extra: Path | None) -> HelpDirectory:
    """The directory (built-in plus the settings' file), read once per process."""
    return help_directory(extra)


async def send_directory(chat_id: int, user_id: int, desk: Desk) -> None:
    """The directory, privately, in the current language, for the user's municipality."""
    places = await members.places(desk.db, user_id=user_id)
    municipality = next((m.municipality for _g, m in places if m.municipality), None)
    text = help_desk.directory_text(
        cached_directory(desk.settings.help_services_file),
        desk.settings.help_contacts,
        municipality=municipality,
        language=desk.i18n.current_locale,
    )
    await desk.bot.send_message(
        chat_id=chat_id,
        text=text,
        parse_mode="HTML",
        reply_markup=help_desk.directory_markup(),
        disable_web_page_preview=True,
    )


async def on_help_in_private(message: Message, desk: Desk) -> None:
    """/apua or `/start apua` in private: the directory."""
    user_id = message.from_user.id if message.from_user else message.chat.id
    await send_directory(message.chat.id, user_id, desk)


async def on_help_in_group(message: Message, desk: Desk) -> None:
    """/apua in a group: a link that opens the directory privately (nothing said in public)."""
    await message.reply(
        _("Help is a private matter: open the list of services here."),
        reply_markup=await help_desk.prompt_markup(desk.bot),
    )


async def on_show(query: CallbackQuery, desk: Desk) -> None:
    """The "Ask for help" button under /start: the directory."""
    await query.answer()
    await send_directory(query.from_user.id, query.from_user.id, desk)


async def on_ask(query: CallbackQuery, desk: Desk) -> None:
    """ "Ask a worker to contact me": a request recorded, staff alerted, the asker told."""
    user = query.from_user
    places = await members.places(desk.db, user_id=user.id)
    group: Group | None = places[0][0] if places else None
    request = await help_requests.open_request(
        desk.db,
        user_id=user.id,
        group_id=group.id if group else None,
        language=desk.i18n.current_locale,
        now=desk.now(),
    )
    assert request.id is not None
    with speaking(desk.i18n, desk.settings.language):
        alert = help_desk.alert_text(user, group, request.id)
    reached = await help_desk.alert_staff(desk.bot, desk.settings.staff_ids, alert)
    await desk.audit(
        "help-request",
        group.id if group else None,
        target_user_id=user.id,
        reason=f"request {request.id}, staff {reached}",
        outcome="done" if reached else "failed",
    )
    await query.answer()
    await desk.bot.send_message(
        chat_id=user.id,
        text=_(
            "Thank you. I told the project workers: one of them will contact you here in "
            "Telegram as soon as they can. If you are in danger right now, call 112."
        ),
    )


async def on_requests(message: Message, desk: Desk) -> None:
    """/apupyynnot: the open help requests, each with a "handled" button."""
    rows = await help_requests.open_requests(desk.db)
    if not rows:
        await message.answer(_("No open help requests."))
        return
    zone = desk.settings.zone()
    lines = [_("Open help requests:")]
    for row in rows:
        group = await desk.db.get(Group, row.group_id) if row.group_id is not None else None
        lines.append(help_desk.request_line(row, group, zone))
    await message.answer(
        "\n".join(lines), parse_mode="HTML", reply_markup=help_desk.handled_markup(rows)
    )


async def on_handled(query: CallbackQuery, desk: Desk) -> None:
    """A "handled" button: configured staff close the request."""
    if not desk.staff.is_configured_staff(query.from_user.id):
        await query.answer(_("Sorry, only the project's staff can use this command."))
        return
    parts = callback_data.fields(query.data, HANDLED_PREFIX, 1)
    request_id = callback_data.number(parts[0]) if parts else None
    if request_id is None:
        await query.answer(stale_button_text())
        return
    done = await help_requests.mark_handled(
        desk.db, request_id=request_id, by=query.from_user.id, now=desk.now()
    )
    await query.answer(
        _("Request #{number} is marked handled.").format(number=request_id)
        if done
        else _("That request is already handled.")
    )
    if done is not None:
        reason = f"request {request_id}"
        await desk.audit(
            "help-handled", done.group_id, actor_user_id=query.from_user.id, reason=reason
        )


def build() -> Router:
    """The help router (before `consent_link`: it owns `/start apua`)."""
    router = Router(name="help")
    private = InPrivate()
    router.message.register(on_help_in_private, CommandStart(), HelpPayload(), private)
    router.message.register(on_help_in_private, Command(*HELP_COMMANDS), private)
    router.message.register(on_help_in_group, Command(*HELP_COMMANDS), InGroup())
    router.message.register(on_requests, Command(*REQUESTS_COMMANDS), private, IsStaff())
    refuse_others(router, *REQUESTS_COMMANDS)
    router.callback_query.register(on_show, CallbackPrefix(SHOW_DATA))
    router.callback_query.register(on_ask, CallbackPrefix(ASK_DATA))
    router.callback_query.register(on_handled, CallbackPrefix(HANDLED_PREFIX))
    return router

"""Quick polls: staff `/kysely Kysymys? | a | b` (sv /enkat, en /poll; `--ei-anonyymi` for a
non-anonymous poll) posts a Telegram poll tied to the open window's theme (refused outside a
window); `/sulje_kysely` (sv /stang_enkat, en /close_poll) closes the poll replied to or the
latest open one; windows close their polls. Counts come from `poll` updates (never who voted)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message, Poll
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import IsStaff, refuse_others
from bot.clock import Clock
from bot.desk import Desk
from bot.filters import InRegisteredGroup
from bot.quick_polls import apply_poll_update, parse_poll, stop
from scheduler.attribution import attribute
from storage import polls
from storage.models import Group

POLL_COMMANDS = ("kysely", "enkat", "poll")
CLOSE_COMMANDS = ("sulje_kysely", "stang_enkat", "close_poll")


async def on_poll_command(
    message: Message, command: CommandObject, desk: Desk, group: Group
) -> None:
    """/kysely: post the poll in the open window, tied to its theme."""
    assert group.id is not None
    spec = parse_poll(command.args or "")
    if spec is None:
        await message.reply(
            _(
                "Write the question and 2–10 options separated by |, e.g. "
                "/kysely Sopiiko ilta-aika? | Kyllä | Ei. Add --ei-anonyymi for a poll that "
                "is not anonymous."
            )
        )
        return
    now = desk.now()
    current = await attribute(
        desk.db,
        group_id=group.id,
        policy=desk.policies(group),
        sent_at=now,
        reply_to_message_id=None,
    )
    if current.window_start is None:
        await message.reply(
            _("A poll belongs to a theme: post it while a discussion is open (or /open one).")
        )
        return
    sent = await desk.bot.send_poll(
        chat_id=message.chat.id,
        question=spec.question,
        options=list(spec.options),
        is_anonymous=spec.anonymous,
        message_thread_id=message.message_thread_id if message.is_topic_message else None,
    )
    assert sent.poll is not None
    await polls.create(
        desk.db,
        options=spec.options,
        group_id=group.id,
        chat_id=message.chat.id,
        message_id=sent.message_id,
        poll_id=sent.poll.id,
        question=spec.question,
        anonymous=spec.anonymous,
        theme_key=current.theme_key,
        session_day_id=current.session_day_id,
        window_start=current.window_start,
        created_by=message.from_user.id if message.from_user else None,
        created_at=now,
    )


async def on_close_command(message: Message, desk: Desk) -> None:
    """/sulje_kysely: close the poll replied to, else the latest open poll of the chat."""
    target = message.reply_to_message
    if target is not None:
        row = await polls.by_message(
            desk.db, chat_id=message.chat.id, message_id=target.message_id
        )
    else:
        open_ones = await polls.open_polls(desk.db, chat_id=message.chat.id)
        row = open_ones[0] if open_ones else None
    if row is None or row.closed_at is not None:
        await message.reply(_("There is no open poll to close."))
        return
    await stop(desk.bot, desk.db, row, now=desk.now())
    counts = ", ".join(
        f"{option}: {count}"
        for option, count in zip(polls.options_of(row), polls.counts_of(row), strict=True)
    )
    await message.reply(_("The poll is closed. Results: {counts}").format(counts=counts))


async def on_poll(poll: Poll, db: AsyncSession, clock: Clock) -> None:
    """Telegram's counts of a poll changed (a vote, or the poll closed)."""
    await apply_poll_update(db, poll, now=clock())


def build() -> Router:
    """The poll commands (staff only, in a registered group; refusals audited) and updates."""
    router = Router(name="polls")
    registered = InRegisteredGroup()
    router.message.register(on_poll_command, Command(*POLL_COMMANDS), registered, IsStaff())
    router.message.register(on_close_command, Command(*CLOSE_COMMANDS), registered, IsStaff())
    refuse_others(router, *POLL_COMMANDS, *CLOSE_COMMANDS, where=registered)
    router.poll.register(on_poll)
    return router

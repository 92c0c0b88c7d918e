"""The contribution log: every group message, edit and reaction, attributed by its own time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from aiogram import Bot, Router
from aiogram.types import (
    Message,
    MessageReactionCountUpdated,
    MessageReactionUpdated,
    ReactionType,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.filters import InRegisteredGroup
from bot.i18n import PoI18n, pick_language
from bot.safeguarding_alerts import Safeguarding, check_message
from bot.staff import StaffDirectory
from config import Settings
from scheduler.attribution import attribute
from scheduler.policy import GroupPolicy
from storage import contributions
from storage.models import Group

MEDIA_KINDS = (
    "photo",
    "voice",
    "video",
    "video_note",
    "animation",
    "audio",
    "document",
    "sticker",
    "poll",
)


def media_kind(message: Message) -> str | None:
    """The kind of media attached (metadata only, nothing is downloaded)."""
    return next((kind for kind in MEDIA_KINDS if getattr(message, kind, None)), None)


def is_contribution_shaped(message: Message) -> bool:
    """A human's text or media, not a service message (joins, pins, title changes)."""
    author = message.from_user
    if author is None or author.is_bot or message.sender_chat is not None:
        return False
    return bool(message.text or message.caption or media_kind(message))


async def log_message(
    message: Message,
    *,
    db: AsyncSession,
    group: Group,
    policy: GroupPolicy,
    is_staff: bool,
    clock: Clock,
) -> None:
    """Log one group message (a re-delivered one is stored once); its sub-topic scores are
    made later, off this path (`digest.stored_scores.score_group`)."""
    assert group.id is not None and message.from_user is not None
    reply_to = message.reply_to_message.message_id if message.reply_to_message else None
    where = await attribute(
        db, group_id=group.id, policy=policy, sent_at=message.date, reply_to_message_id=reply_to
    )
    contributions.log(
        db,
        user_id=message.from_user.id,
        language=pick_language(message.from_user.language_code, group.language),
        now=clock(),
        group_id=group.id,
        chat_id=message.chat.id,
        message_id=message.message_id,
        **vars(where),  # the theme, day, window and lateness it is attributed to
        sent_at=message.date,
        reply_to_message_id=reply_to,
        thread_id=message.message_thread_id,
        text=message.text or message.caption,
        media_kind=media_kind(message),
        is_staff=is_staff,
        hidden=False,
        highlighted=False,
    )


async def on_message(
    message: Message,
    bot: Bot,
    db: AsyncSession,
    group: Group,
    staff: StaffDirectory,
    policies: Callable[[Group], GroupPolicy],
    clock: Clock,
    settings: Settings,
    i18n: PoI18n,
    safeguarding: Safeguarding,
) -> None:
    """Log a member's (or staff member's) message in a registered group; a member's goes
    through the safeguarding path after it is logged (`bot.safeguarding_alerts`)."""
    if not is_contribution_shaped(message):
        return
    assert message.from_user is not None
    is_staff = await staff.is_staff(bot, user_id=message.from_user.id, chat_id=message.chat.id)
    await log_message(
        message, db=db, group=group, policy=policies(group), is_staff=is_staff, clock=clock
    )
    if not is_staff:
        await check_message(
            message,
            bot=bot,
            db=db,
            group=group,
            settings=settings,
            i18n=i18n,
            clock=clock,
            safeguarding=safeguarding,
        )


async def on_edit(message: Message, db: AsyncSession) -> None:
    """An edit updates the stored text and keeps the history."""
    edited_at = (
        datetime.fromtimestamp(message.edit_date, UTC) if message.edit_date else message.date
    )  # aiogram gives edit_date as Unix seconds, date as an aware datetime
    await contributions.record_edit(
        db,
        chat_id=message.chat.id,
        message_id=message.message_id,
        text=message.text or message.caption,
        edited_at=edited_at,
    )


def reaction_keys(reactions: Sequence[ReactionType]) -> list[str]:
    """Each reaction as its emoji (or custom emoji id)."""
    return [
        str(getattr(r, "emoji", None) or getattr(r, "custom_emoji_id", "?")) for r in reactions
    ]


async def on_reaction(event: MessageReactionUpdated, db: AsyncSession, clock: Clock) -> None:
    """A person's reactions to a message, as they are now."""
    if event.user is None:
        return  # anonymous admins: only the counts update tells about them
    await contributions.set_user_reactions(
        db,
        chat_id=event.chat.id,
        message_id=event.message_id,
        user_id=event.user.id,
        emojis=reaction_keys(event.new_reaction),
        previous=reaction_keys(event.old_reaction),
        now=clock(),
    )


async def on_reaction_count(
    event: MessageReactionCountUpdated, db: AsyncSession, clock: Clock
) -> None:
    """Anonymous reaction counts (anonymous admins, channels) of a message."""
    counts = {
        str(
            getattr(r.type, "emoji", None) or getattr(r.type, "custom_emoji_id", "?")
        ): r.total_count
        for r in event.reactions
    }
    await contributions.set_anonymous_counts(
        db, chat_id=event.chat.id, message_id=event.message_id, counts=counts, now=clock()
    )


def register(router: Router) -> None:
    """Add the handlers that log group traffic to `router` (after the filters)."""
    router.message.register(on_message, InRegisteredGroup())
    router.edited_message.register(on_edit, InRegisteredGroup())
    router.message_reaction.register(on_reaction)
    router.message_reaction_count.register(on_reaction_count)

"""Contributions (puheenvuorot): idempotent on (chat_id, message_id), edits keep history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage import members
from storage.deferred import queue_contribution
from storage.models import Contribution, ContributionEdit, Member, Reaction
from storage.rows import changed, counted, stored
from storage.tally import Tally
from storage.types import clean_text
from storage.upsert import insert_ignore


async def record(session: AsyncSession, **fields: Any) -> bool:
    """Store one message; False when (chat_id, message_id) was already stored."""
    return await insert_ignore(session, Contribution, [fields], ["chat_id", "message_id"]) == 1


def log(
    session: AsyncSession,
    *,
    user_id: int,
    language: str,
    now: datetime,
    **fields: Any,
) -> None:
    """Log a group message by `user_id` (its member created on first sight), written in bulk
    with the others of this transaction before its next statement or commit; a message
    already stored is ignored (storage.deferred)."""
    member = members.first_sight(
        group_id=fields["group_id"],
        user_id=user_id,
        now=now,
        language=language,
        is_staff=fields["is_staff"],
    )
    queue_contribution(session, member=member, contribution={**fields, "stored_at": now})


def log_imported(
    session: AsyncSession,
    *,
    user_id: int,
    language: str,
    now: datetime,
    **fields: Any,
) -> None:
    """Log a message read from a chat export (`imported`: counted, never quoted); its author
    becomes a member without consent, joined when their first imported message was sent."""
    member = members.first_sight(
        group_id=fields["group_id"],
        user_id=user_id,
        now=fields["sent_at"],
        language=language,
        is_staff=fields["is_staff"],
    )
    contribution = {**fields, "imported": True, "stored_at": now}
    queue_contribution(session, member=member, contribution=contribution)


async def stored_message_ids(
    session: AsyncSession, *, chat_id: int, message_ids: Sequence[int]
) -> set[int]:
    """Which of `message_ids` of the chat are already stored."""
    statement = select(col(Contribution.message_id)).where(
        col(Contribution.chat_id) == chat_id, col(Contribution.message_id).in_(message_ids)
    )
    return set((await session.scalars(statement)).all())


async def get(session: AsyncSession, *, chat_id: int, message_id: int) -> Contribution | None:
    """The stored message, if any."""
    statement = select(Contribution).where(
        col(Contribution.chat_id) == chat_id, col(Contribution.message_id) == message_id
    )
    return await session.scalar(statement)


async def record_edit(
    session: AsyncSession, *, chat_id: int, message_id: int, text: str | None, edited_at: datetime
) -> bool:
    """Replace the text, keeping the earlier one; a re-delivered edit changes nothing."""
    row = await get(session, chat_id=chat_id, message_id=message_id)
    if row is None or row.id is None or row.text == text or row.text == _clean(text):
        return False
    if await _author_forgotten(session, row):
        return False  # forget means forget: the row stays as /forget left it
    if row.edited_at is not None and edited_at <= row.edited_at:
        return False  # an older edit arriving late must not overwrite a newer one
    session.add(
        ContributionEdit(contribution_id=row.id, previous_text=row.text, edited_at=edited_at)
    )
    row.text, row.edited_at = text, edited_at
    row.subtopic_scores = None  # scored for the old text; the digest scores the new one
    await stored(session, row)
    return True


async def set_user_reactions(
    session: AsyncSession,
    *,
    chat_id: int,
    message_id: int,
    user_id: int,
    emojis: Sequence[str],
    now: datetime,
    previous: Sequence[str] = (),
) -> None:
    """A user's current reactions to a message (replacing their earlier ones, `previous`).

    On a forgotten member's message only the anonymous counts change (by `previous` →
    `emojis`), unless the user already has reactions stored there (kept by /forget).
    """
    if await _counts_only(session, chat_id=chat_id, message_id=message_id, user_id=user_id):
        await _shift_anonymous_counts(
            session,
            chat_id=chat_id,
            message_id=message_id,
            added=set(emojis) - set(previous),
            removed=set(previous) - set(emojis),
            now=now,
        )
        return
    await session.execute(
        delete(Reaction).where(
            col(Reaction.chat_id) == chat_id,
            col(Reaction.message_id) == message_id,
            col(Reaction.user_id) == user_id,
        )
    )
    rows = [
        {
            "chat_id": chat_id,
            "message_id": message_id,
            "user_id": user_id,
            "emoji": emoji,
            "count": 1,
            "updated_at": now,
        }
        for emoji in dict.fromkeys(emojis)
    ]
    await insert_ignore(session, Reaction, rows, ["chat_id", "message_id", "user_id", "emoji"])


async def set_anonymous_counts(
    session: AsyncSession, *, chat_id: int, message_id: int, counts: dict[str, int], now: datetime
) -> None:
    """Total reaction counts for a message (Telegram's anonymous `message_reaction_count`)."""
    await session.execute(
        delete(Reaction).where(
            col(Reaction.chat_id) == chat_id,
            col(Reaction.message_id) == message_id,
            col(Reaction.user_id).is_(None),
        )
    )
    for emoji, count in counts.items():
        session.add(
            Reaction(
                chat_id=chat_id,
                message_id=message_id,
                user_id=None,
                emoji=emoji,
                count=count,
                updated_at=now,
            )
        )
    await session.flush()


async def _author_forgotten(session: AsyncSession, row: Contribution) -> bool:
    if row.member_id is None:
        return False
    statement = select(Member.forgotten).where(col(Member.id) == row.member_id)
    return bool(await session.scalar(statement))


async def _counts_only(
    session: AsyncSession, *, chat_id: int, message_id: int, user_id: int
) -> bool:
    """The message is a forgotten member's and the user has no reactions stored on it."""
    row = await get(session, chat_id=chat_id, message_id=message_id)
    if row is None or not await _author_forgotten(session, row):
        return False
    stored = select(func.count(col(Reaction.id))).where(
        col(Reaction.chat_id) == chat_id,
        col(Reaction.message_id) == message_id,
        col(Reaction.user_id) == user_id,
    )
    return not await session.scalar(stored)


async def _shift_anonymous_counts(
    session: AsyncSession,
    *,
    chat_id: int,
    message_id: int,
    added: set[str],
    removed: set[str],
    now: datetime,
) -> None:
    """Add one to each `added` emoji's anonymous count and take one off each `removed`."""
    for emoji, step in [(e, 1) for e in added] + [(e, -1) for e in removed]:
        statement = select(Reaction).where(
            col(Reaction.chat_id) == chat_id,
            col(Reaction.message_id) == message_id,
            col(Reaction.user_id).is_(None),
            col(Reaction.emoji) == emoji,
        )
        row = await session.scalar(statement)
        if row is None and step > 0:
            session.add(
                Reaction(chat_id=chat_id, message_id=message_id, emoji=emoji, updated_at=now)
            )
        elif row is not None and row.count + step <= 0:
            await session.delete(row)
        elif row is not None:
            row.count, row.updated_at = row.count + step, now
            session.add(row)
    await session.flush()


def _clean(text: str | None) -> str | None:
    return None if text is None else clean_text(text)


async def hide(session: AsyncSession, *, chat_id: int, message_id: int) -> bool:
    """Mark a message hidden (deleted by staff): counted as hidden, never quoted."""
    return await _flag(session, chat_id=chat_id, message_id=message_id, hidden=True)


async def highlight(session: AsyncSession, *, chat_id: int, message_id: int) -> bool:
    """Mark a member's message as a staff highlight for the digest."""
    return await _flag(session, chat_id=chat_id, message_id=message_id, highlighted=True)


async def mark_sensitive(
    session: AsyncSession, *, chat_id: int, message_id: int, sensitive: bool = True
) -> bool:
    """Set or clear the safeguarding mark: a sensitive message is counted, never quoted."""
    return await _flag(session, chat_id=chat_id, message_id=message_id, sensitive=sensitive)


async def set_subtopic_override(
    session: AsyncSession, *, chat_id: int, message_id: int, index: int | None
) -> bool:
    """Move a contribution to the theme's question `index` in the digest (None: undo)."""
    result = await session.execute(
        update(Contribution)
        .where(col(Contribution.chat_id) == chat_id, col(Contribution.message_id) == message_id)
        .values(subtopic_override=index)
    )
    return changed(result) == 1


async def _flag(session: AsyncSession, *, chat_id: int, message_id: int, **flags: bool) -> bool:
    result = await session.execute(
        update(Contribution)
        .where(col(Contribution.chat_id) == chat_id, col(Contribution.message_id) == message_id)
        .values(**flags)
    )
    return changed(result) == 1


def _member_messages(group_id: int) -> Any:
    return select(
        func.count(col(Contribution.id)), func.count(func.distinct(col(Contribution.member_id)))
    ).where(col(Contribution.group_id) == group_id, col(Contribution.is_staff).is_(False))


async def window_tally(session: AsyncSession, *, group_id: int, window_start: datetime) -> Tally:
    """Member contributions in one window (late replies to it included)."""
    statement = _member_messages(group_id).where(col(Contribution.window_start) == window_start)
    count, people = (await session.execute(statement)).one()
    return Tally(int(count), int(people))


async def theme_tallies(
    session: AsyncSession, *, group_id: int, start: datetime, end: datetime
) -> dict[str | None, Tally]:
    """Member contributions per theme (None = unthemed) sent in [start, end)."""
    statement = (
        _member_messages(group_id)
        .add_columns(col(Contribution.theme_key))
        .where(col(Contribution.sent_at) >= start, col(Contribution.sent_at) < end)
        .group_by(col(Contribution.theme_key))
    )
    rows = (await session.execute(statement)).all()
    return {theme: Tally(int(count), int(people)) for count, people, theme in rows}


async def counts_by_window(
    session: AsyncSession, *, group_id: int, start: datetime, end: datetime
) -> list[tuple[str | None, str | None, int]]:
    """(theme, window label, member contributions) sent in [start, end), by window."""
    statement = (
        select(col(Contribution.theme_key), col(Contribution.window_label), func.count())
        .where(col(Contribution.group_id) == group_id, col(Contribution.is_staff).is_(False))
        .where(col(Contribution.sent_at) >= start, col(Contribution.sent_at) < end)
        .group_by(col(Contribution.theme_key), col(Contribution.window_label))
        .order_by(col(Contribution.theme_key), col(Contribution.window_label))
    )
    return [(theme, label, int(n)) for theme, label, n in (await session.execute(statement)).all()]


async def private_count(
    session: AsyncSession, *, group_id: int, start: datetime, end: datetime
) -> int:
    """Private messages (between session days) of the group sent in [start, end)."""
    sent = col(Contribution.sent_at)
    ours = col(Contribution.group_id) == group_id, col(Contribution.private).is_(True)
    return await counted(session, *ours, sent >= start, sent < end)

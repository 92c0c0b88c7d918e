"""Tables. Telegram ids are BigInteger; every instant is aware UTC (`UTCDateTime`)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, Index, Text, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from storage.types import TelegramString, TelegramText, UTCDateTime


def _utc_column(nullable: bool = False, index: bool = False) -> Column[datetime]:
    return Column(UTCDateTime(), nullable=nullable, index=index)


def _big(nullable: bool = False, index: bool = False, unique: bool = False) -> Column[int]:
    return Column(BigInteger(), nullable=nullable, index=index, unique=unique)


class GroupRow(SQLModel):
    """What a row of one group's table starts with: its id, and its group (indexed)."""

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="groups.id", index=True)


class Group(SQLModel, table=True):
    """A registered Telegram chat (neuvonantajaryhmä)."""

    __tablename__ = "groups"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=32, unique=True)
    chat_id: int | None = Field(default=None, sa_column=_big(nullable=True, unique=True))
    audience: str = Field(max_length=16)
    title: str = Field(default="", max_length=255, sa_type=TelegramString(255))
    language: str = Field(default="fi", max_length=2)
    timezone: str = Field(default="Europe/Helsinki", max_length=64)
    is_forum: bool = False
    lock_between_sessions: bool = True
    created_at: datetime = Field(sa_column=_utc_column())


class Member(GroupRow, table=True):
    """A person in a group. `user_id` is erased (NULL) when the member is forgotten."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    user_id: int | None = Field(default=None, sa_column=_big(nullable=True, index=True))
    language: str = Field(default="fi", max_length=2)
    municipality: str | None = Field(default=None, max_length=64)
    age_band: str | None = Field(default=None, max_length=16)
    consent: str = Field(default="unknown", max_length=16)
    is_staff: bool = False
    forgotten: bool = False
    joined_at: datetime = Field(sa_column=_utc_column())
    entered_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class Staff(SQLModel, table=True):
    """A project worker known to the bot (from settings or as a chat admin)."""

    __tablename__ = "staff"

    user_id: int = Field(sa_column=Column(BigInteger(), primary_key=True, autoincrement=False))
    language: str = Field(default="fi", max_length=2)
    digest_subscribed: bool = False
    started_bot: bool = False
    created_at: datetime = Field(sa_column=_utc_column())


class SessionDay(GroupRow, table=True):
    """One of a group's two discussion days a month, with its theme."""

    __tablename__ = "session_days"
    __table_args__ = (UniqueConstraint("group_id", "day"),)

    day: date
    theme_key: str | None = Field(default=None, max_length=64)
    source: str = Field(default="plan", max_length=16)
    skipped: bool = False
    updated_at: datetime = Field(sa_column=_utc_column())


class WindowAction(GroupRow, table=True):
    """A window action (reminder, open, close) claimed or done: the reconciler's memory.

    `state` is "claimed" (by `holder`, at `claimed_at`) while the Notifier call is in hand and
    becomes "done" (with `message_id` and `done_at`, in one transaction) once it succeeded. A
    claim older than the lease TTL was left by a crashed instance and is taken over.
    """

    __tablename__ = "window_actions"
    __table_args__ = (UniqueConstraint("group_id", "window_start", "action"),)

    session_day_id: int | None = Field(default=None, foreign_key="session_days.id")
    window_start: datetime = Field(sa_column=_utc_column())
    window_end: datetime = Field(sa_column=_utc_column())
    action: str = Field(max_length=24)
    theme_key: str | None = Field(default=None, max_length=64)
    message_id: int | None = Field(default=None, sa_column=_big(nullable=True))
    state: str = Field(default="done", max_length=8, sa_column_kwargs={"server_default": "done"})
    holder: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    done_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class Contribution(SQLModel, table=True):
    """A message in a group, attributed to a theme by its own time (puheenvuoro)."""

    __tablename__ = "contributions"
    __table_args__ = (
        UniqueConstraint("chat_id", "message_id"),
        Index("ix_contributions_group_sent", "group_id", "sent_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="groups.id")
    member_id: int | None = Field(default=None, foreign_key="members.id", index=True)
    chat_id: int = Field(sa_column=_big())
    message_id: int = Field(sa_column=_big())
    session_day_id: int | None = Field(default=None, foreign_key="session_days.id")
    theme_key: str | None = Field(default=None, max_length=64, index=True)
    window_label: str | None = Field(default=None, max_length=16)
    window_start: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    sent_at: datetime = Field(sa_column=_utc_column())
    reply_to_message_id: int | None = Field(default=None, sa_column=_big(nullable=True))
    thread_id: int | None = Field(default=None, sa_column=_big(nullable=True))
    text: str | None = Field(default=None, sa_column=Column(TelegramText(), nullable=True))
    media_kind: str | None = Field(default=None, max_length=16)
    is_staff: bool = False
    late: bool = False
    hidden: bool = False
    highlighted: bool = False
    sensitive: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    private: bool = Field(default=False, sa_column_kwargs={"server_default": false()})

    subtopic_override: int | None = None  # staff's question index for the digest
    # Similarity to the theme's questions, kept from logging (digest.subtopics.ScoreCodec)
    subtopic_scores: str | None = Field(default=None, sa_column=Column(Text(), nullable=True))
    edited_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    stored_at: datetime = Field(sa_column=_utc_column())
    imported: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # The author's quote review: None (never reviewed), "pending" (until quote_review_until,
    # then quotable by silence) or "withdrawn" (counted, never quoted).
    quote_state: str | None = Field(default=None, max_length=12)
    quote_review_until: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class ContributionEdit(SQLModel, table=True):
    """An earlier text of an edited contribution."""

    __tablename__ = "contribution_edits"

    id: int | None = Field(default=None, primary_key=True)
    contribution_id: int = Field(foreign_key="contributions.id", index=True)
    previous_text: str | None = Field(
        default=None, sa_column=Column(TelegramText(), nullable=True)
    )
    edited_at: datetime = Field(sa_column=_utc_column())


class Reaction(SQLModel, table=True):
    """Reactions to a message: per user (`user_id`) or anonymous totals (`user_id` NULL)."""

    __tablename__ = "reactions"
    __table_args__ = (UniqueConstraint("chat_id", "message_id", "user_id", "emoji"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=_big())
    message_id: int = Field(sa_column=_big())
    user_id: int | None = Field(default=None, sa_column=_big(nullable=True))
    emoji: str = Field(max_length=32)
    count: int = 1
    updated_at: datetime = Field(sa_column=_utc_column())


class ModerationAction(SQLModel, table=True):
    """The audit log: every moderation action, by staff, by a filter, or refused."""

    __tablename__ = "moderation_actions"

    id: int | None = Field(default=None, primary_key=True)
    group_id: int | None = Field(default=None, foreign_key="groups.id", index=True)
    actor_user_id: int | None = Field(default=None, sa_column=_big(nullable=True))
    target_user_id: int | None = Field(default=None, sa_column=_big(nullable=True))
    action: str = Field(max_length=32)
    reason: str = Field(default="", max_length=500, sa_type=TelegramString(500))
    message_id: int | None = Field(default=None, sa_column=_big(nullable=True))
    outcome: str = Field(default="done", max_length=16)
    created_at: datetime = Field(sa_column=_utc_column(index=True))


class ConsentRecord(SQLModel, table=True):
    """A member's consent decision with the notice version they saw."""

    __tablename__ = "consent_records"

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="members.id", index=True)
    decision: str = Field(max_length=16)
    notice_version: str = Field(max_length=32)
    language: str = Field(default="fi", max_length=2)
    age_band: str | None = Field(default=None, max_length=16)
    decided_at: datetime = Field(sa_column=_utc_column())


class InboxUpdate(SQLModel, table=True):
    """A raw update stored before it is confirmed to Telegram; `failed` ones can be replayed."""

    __tablename__ = "inbox_updates"

    update_id: int = Field(sa_column=Column(BigInteger(), primary_key=True, autoincrement=False))
    payload: str = Field(sa_column=Column(Text(), nullable=False))
    status: str = Field(default="pending", max_length=16, index=True)
    attempts: int = 0
    error: str | None = Field(default=None, sa_column=Column(TelegramText(), nullable=True))
    received_at: datetime = Field(sa_column=_utc_column())
    handled_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class Lease(SQLModel, table=True):
    """A named lease held by one instance until it expires (single active scheduler)."""

    __tablename__ = "leases"

    name: str = Field(primary_key=True, max_length=64)
    holder: str = Field(max_length=64)
    expires_at: datetime = Field(sa_column=_utc_column())


class AdhocWindow(GroupRow, table=True):
    """A window opened by staff outside the plan (`/open THEME [until HH:MM]`)."""

    __tablename__ = "adhoc_windows"

    theme_key: str = Field(max_length=64)
    start: datetime = Field(sa_column=_utc_column())
    end: datetime = Field(sa_column=_utc_column())
    opened_by: int | None = Field(default=None, sa_column=_big(nullable=True))


class ForumTopic(GroupRow, table=True):
    """The forum topic a theme's windows post into, in a forum group."""

    __tablename__ = "forum_topics"
    __table_args__ = (UniqueConstraint("group_id", "theme_key"),)

    theme_key: str = Field(max_length=64)
    thread_id: int = Field(sa_column=_big())


class JoinDialogue(GroupRow, table=True):
    """A consent dialogue in progress (a join request, or a member who joined before the bot).

    Deleted as soon as it ends: only its outcome is kept (member row, consent record, audit).
    """

    __tablename__ = "join_dialogues"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    user_id: int = Field(sa_column=_big())
    kind: str = Field(default="join", max_length=16)
    step: str = Field(default="notice", max_length=16)
    language: str = Field(default="fi", max_length=2)
    message_id: int | None = Field(default=None, sa_column=_big(nullable=True))
    age_band: str | None = Field(default=None, max_length=16)
    notice_version: str = Field(default="", max_length=32)
    requested_at: datetime = Field(sa_column=_utc_column(index=True))


class WaitingEntry(GroupRow, table=True):
    """A place in a full group's waiting list; `offered_at` once a free place is offered."""

    __tablename__ = "waiting_list"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    user_id: int = Field(sa_column=_big())
    language: str = Field(default="fi", max_length=2)
    created_at: datetime = Field(sa_column=_utc_column())
    offered_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    unreachable_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class MemberWarning(GroupRow, table=True):
    """A staff warning; `spent` once it has led to a mute."""

    __tablename__ = "warnings"

    member_id: int = Field(foreign_key="members.id", index=True)
    reason: str = Field(default="", max_length=500, sa_type=TelegramString(500))
    given_by: int | None = Field(default=None, sa_column=_big(nullable=True))
    spent: bool = False
    created_at: datetime = Field(sa_column=_utc_column())


class Report(GroupRow, table=True):
    """A member's report of a message, until staff decide (hidden, warned or dismissed)."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("chat_id", "message_id", "reporter_user_id"),)

    chat_id: int = Field(sa_column=_big())
    message_id: int = Field(sa_column=_big())
    reporter_user_id: int | None = Field(default=None, sa_column=_big(nullable=True))
    author_user_id: int | None = Field(default=None, sa_column=_big(nullable=True))
    reason: str = Field(default="", max_length=500, sa_type=TelegramString(500))
    status: str = Field(default="open", max_length=16)
    created_at: datetime = Field(sa_column=_utc_column())
    decided_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    decided_by: int | None = Field(default=None, sa_column=_big(nullable=True))


class GroupNotice(GroupRow, table=True):
    """A one-off message the bot posted in a group (e.g. the consent call), never repeated."""

    __tablename__ = "group_notices"
    __table_args__ = (UniqueConstraint("group_id", "kind"),)

    kind: str = Field(max_length=32)
    message_id: int | None = Field(default=None, sa_column=_big(nullable=True))
    posted_at: datetime = Field(sa_column=_utc_column())


class OutboxMessage(SQLModel, table=True):
    """A Bot API call queued in the transaction that decided it, sent later by the sender.

    `method` is the Bot API method name and `params` its JSON; `delete_after` (seconds) makes
    the sender queue a deleteMessage of the sent message; `fallback` (JSON of a call) is
    queued instead when the call fails for good. A sent row keeps no text and no chat id.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "state", "not_before"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=_big(index=True))
    method: str = Field(max_length=64)
    params: str = Field(sa_column=Column(TelegramText(), nullable=False))
    delete_after: int | None = None
    fallback: str | None = Field(default=None, sa_column=Column(TelegramText(), nullable=True))
    state: str = Field(default="pending", max_length=8)
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_column=Column(TelegramText(), nullable=True))
    created_at: datetime = Field(sa_column=_utc_column())
    not_before: datetime = Field(sa_column=_utc_column())
    claimed_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    claimed_by: str | None = Field(default=None, max_length=64)
    sent_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class ConsoleLink(SQLModel, table=True):
    """A one-time sign-in link to the web console: only its token's sha256 is kept."""

    __tablename__ = "console_links"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(sa_column=_big(index=True))
    language: str = Field(default="fi", max_length=2)
    created_at: datetime = Field(sa_column=_utc_column())
    expires_at: datetime = Field(sa_column=_utc_column())
    used_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class ConsoleSession(SQLModel, table=True):
    """A signed-in console session: the cookie's sha256, its CSRF token and lifetime."""

    __tablename__ = "console_sessions"

    id_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(sa_column=_big(index=True))
    csrf_token: str = Field(max_length=64)
    language: str = Field(default="fi", max_length=2)
    created_at: datetime = Field(sa_column=_utc_column())
    expires_at: datetime = Field(sa_column=_utc_column())
    ended_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class DutyShift(GroupRow, table=True):
    """The staff member on duty in one window of a session day (`/vuoro` or the TOML roster).

    `first_name` is shown in the window's prompt only when `show_name` (`/vuoro … nimellä`).
    """

    __tablename__ = "duty_shifts"
    __table_args__ = (UniqueConstraint("group_id", "day", "window_index"),)

    day: date
    window_index: int
    user_id: int = Field(sa_column=_big())
    first_name: str = Field(default="", max_length=64, sa_type=TelegramString(64))
    show_name: bool = False
    taken_at: datetime = Field(sa_column=_utc_column())


class CustomPrompt(GroupRow, table=True):
    """A session day's prompt written by staff in the chat (`/teksti`), used at opening."""

    __tablename__ = "custom_prompts"
    __table_args__ = (UniqueConstraint("group_id", "day"),)

    day: date
    text: str = Field(sa_column=Column(TelegramText(), nullable=False))
    author_user_id: int | None = Field(default=None, sa_column=_big(nullable=True))
    updated_at: datetime = Field(sa_column=_utc_column())


class HelpRequest(SQLModel, table=True):
    """A member asked staff to contact them ("Pyydä apua"): who and which group, no text.

    Purged with the other raw data after the retention period.
    """

    __tablename__ = "help_requests"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, sa_column=_big(nullable=True, index=True))
    group_id: int | None = Field(default=None, foreign_key="groups.id", index=True)
    language: str = Field(default="fi", max_length=2)
    status: str = Field(default="open", max_length=16)
    created_at: datetime = Field(sa_column=_utc_column(index=True))
    handled_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    handled_by: int | None = Field(default=None, sa_column=_big(nullable=True))


class QuickPoll(GroupRow, table=True):
    """A Telegram poll staff posted in a group, tied to a theme; `counts` per option (JSON).

    Only option counts are kept (per-voter answers of a non-anonymous poll never are).
    """

    __tablename__ = "polls"
    __table_args__ = (UniqueConstraint("chat_id", "message_id"),)

    chat_id: int = Field(sa_column=_big())
    message_id: int = Field(sa_column=_big())
    poll_id: str = Field(max_length=64, unique=True)
    question: str = Field(sa_column=Column(TelegramText(), nullable=False))
    options: str = Field(sa_column=Column(Text(), nullable=False))
    counts: str = Field(sa_column=Column(Text(), nullable=False))
    anonymous: bool = True
    theme_key: str | None = Field(default=None, max_length=64)
    session_day_id: int | None = Field(default=None, foreign_key="session_days.id")
    window_start: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    window_end: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    created_by: int | None = Field(default=None, sa_column=_big(nullable=True))
    created_at: datetime = Field(sa_column=_utc_column())
    closed_at: datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class ThemeNote(GroupRow, table=True):
    """Staff's note on a theme for a month's digest ("Nostot": what staff take forward)."""

    __tablename__ = "theme_notes"
    __table_args__ = (UniqueConstraint("group_id", "month", "theme_key"),)

    month: str = Field(max_length=7)  # "2026-12"
    theme_key: str = Field(max_length=64)
    text: str = Field(sa_column=Column(Text(), nullable=False))
    author: int = Field(sa_column=_big())  # the staff member's Telegram user id
    updated_at: datetime = Field(sa_column=_utc_column())

"""The plain rows the digest is built from: `digest.queries` returns them, the pure model
modules (aggregate, quoting, rows, session days) take them. No SQL here."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple


class GroupFacts(NamedTuple):
    """The group fields a digest needs."""

    id: int
    key: str
    audience: str
    language: str
    timezone: str
    title: str


class ContributionFact(NamedTuple):
    """A member contribution joined with its author's member row (None if no row)."""

    id: int
    member_id: int | None
    chat_id: int
    message_id: int
    session_day_id: int | None
    theme_key: str | None
    window_label: str | None
    window_start: datetime | None
    sent_at: datetime
    reply_to_message_id: int | None
    text: str | None
    media_kind: str | None
    late: bool
    hidden: bool
    highlighted: bool
    user_id: int | None
    consent: str | None
    municipality: str | None
    forgotten: bool | None
    subtopic_override: int | None = None
    sensitive: bool = False  # a safeguarding match: counted, never quoted or a keyword
    imported: bool = False  # read from a chat export: counted, never quoted
    private: bool = False  # written to the bot privately between session days
    quote_withdrawn: bool = False  # withdrawn by its author: counted, never quoted
    quote_pending: bool = False  # in its author's review at the digest's `now`: left out
    subtopic_scores: str | None = None  # stored by digest.stored_scores (encode_scores)


class SessionDayFact(NamedTuple):
    """A session day that was not skipped."""

    id: int
    day: date
    theme_key: str | None


class OpenedWindow(NamedTuple):
    """A window the bot opened (window_actions "open")."""

    session_day_id: int | None
    window_start: datetime
    window_end: datetime
    theme_key: str | None


class ExportFact(NamedTuple):
    """The columns of `export_chunks` rows, raw from the driver (see `digest.queries._raw`)."""

    id: int
    chat_id: int
    message_id: int
    session_day_id: int | None
    theme_key: str | None
    window_label: str | None
    window_start: str | datetime | None  # SQLite: UTC text; PostgreSQL: aware datetime
    sent_at: str | datetime
    text: str | None
    media_kind: str | None
    late: bool | int
    hidden: bool | int
    highlighted: bool | int
    member_id: int | None
    reply_to_message_id: int | None
    subtopic_override: int | None
    private: bool | int
    subtopic_scores: str | None
    reactions: int


class AuthorFact(NamedTuple):
    """A member (or None: no member row) with a contribution in the period."""

    member_id: int | None
    user_id: int | None
    consent: str | None
    forgotten: bool | None


class QuestionFact(NamedTuple):
    """A member's question to staff (no asker: the digest lists them anonymously)."""

    theme_key: str | None
    state: str
    text: str | None  # None after retention or /forget
    answer: str | None
    asked_at: datetime


class PollFact(NamedTuple):
    """A quick poll staff posted: its option texts and counts (never who voted)."""

    theme_key: str | None
    question: str
    options: str  # JSON list of texts
    counts: str  # JSON list of counts, in option order
    anonymous: bool
    closed_at: datetime | None
    created_at: datetime

"""This turn's schema in one revision (released together):

- contributions.sensitive (safeguarding mark) and consent_records.age_band.
  A contribution matching the safeguarding list is marked `sensitive`: counted, never quoted
  (staff can clear the mark). Each consent decision keeps the age band the person gave (youth
  groups), so the band is recorded with the consent itself. Existing rows: not sensitive, no band.
- outbox: Bot API calls queued in the update's transaction, sent by the sender task.
- web console: one-time sign-in links and sessions (both stored as sha256 hashes).
- duty_shifts (staff on duty per window) and custom_prompts (prompts edited from the chat).
  `duty_shifts`: who is on duty in which window of a session day, and whether the prompt may
  name them. `custom_prompts`: a session day's prompt written by staff with `/teksti`, with its
  author and time; used at opening instead of the catalog prompt.
- questions: members' questions to staff, answered back at the next window.
  States draft (a private question waiting for its group), open, answered, published. Only the
  asker's member id is kept (for the private answer); texts go with retention and /forget.
- help_requests, polls, and contributions.private.
  "Pyydä apua": a member's request that staff contact them (who and which group, no text).
  Quick polls: staff's Telegram polls tied to a theme, with the option counts only. A voice
  between session days: a private message to the bot stored as a contribution flagged `private`.
  Existing contributions: not private.
- digest voice: contributions.subtopic_override, theme_notes.
  Staff can move a contribution to another of its theme's questions in the digest
  (`contributions.subtopic_override`, the question index; NULL = placed by similarity) and keep a
  note per theme and month ("Nostot", `theme_notes`).
- contributions.imported: messages read from a chat export (`neuvo import telegram-export`).
  An imported message's author never consented through the bot: the digest counts and groups
  it, never quotes it. Existing rows were logged live: false.
- contributions.quote_state and quote_review_until: authors confirm their quotes.
  After a session day each consenting author is sent the day's quotable contributions; they are
  "pending" until `quote_review_until` (then quotable by silence) or "withdrawn" (counted, never
  quoted). Existing rows were never reviewed: NULL, quotable as before.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa

from storage.migrations import ddl

revision: str = "0005"
down_revision: str | None = "0004"


def upgrade() -> None:
    """Every step, in the order they were written."""
    _upgrade_sensitive_and_age_band()
    _upgrade_outbox()
    _upgrade_console()
    _upgrade_duty_prompts()
    _upgrade_questions()
    _upgrade_help_polls_private()
    _upgrade_subtopic_override()
    ddl.add_columns("contributions", ddl.flag_false("imported"))
    _upgrade_quote_review()


def downgrade() -> None:
    """Every step undone, last first."""
    ddl.drop_columns("contributions", "quote_review_until", "quote_state")
    ddl.drop_columns("contributions", "imported")
    ddl.drop_tables("theme_notes")
    ddl.drop_columns("contributions", "subtopic_override")
    ddl.drop_tables("polls", "help_requests")
    ddl.drop_columns("contributions", "private")
    ddl.drop_tables(
        "questions", "custom_prompts", "duty_shifts", "console_sessions", "console_links", "outbox"
    )
    ddl.drop_columns("consent_records", "age_band")
    ddl.drop_columns("contributions", "sensitive")


def _upgrade_sensitive_and_age_band() -> None:
    ddl.add_columns("contributions", ddl.flag_false("sensitive"))
    ddl.add_columns("consent_records", ddl.short("age_band", 16, nullable=True))


def _upgrade_outbox() -> None:
    ddl.create_table(
        "outbox",
        ddl.integer("id"),
        ddl.big("chat_id"),
        ddl.short("method", 64),
        ddl.telegram_text("params"),
        ddl.integer("delete_after", nullable=True),
        ddl.telegram_text("fallback", nullable=True),
        ddl.short("state", 8),
        ddl.integer("attempts"),
        ddl.telegram_text("last_error", nullable=True),
        ddl.utc("created_at"),
        ddl.utc("not_before"),
        ddl.utc("claimed_at", nullable=True),
        ddl.short("claimed_by", 64, nullable=True),
        ddl.utc("sent_at", nullable=True),
        indexes=["chat_id", ("ix_outbox_due", ["state", "not_before"])],
    )


def _upgrade_console() -> None:
    ddl.create_table(
        "console_links",
        ddl.short("token_hash", 64),
        ddl.big("user_id"),
        ddl.short("language", 2),
        ddl.utc("created_at"),
        ddl.utc("expires_at"),
        ddl.utc("used_at", nullable=True),
        key="token_hash",
        indexes=["user_id"],
    )
    ddl.create_table(
        "console_sessions",
        ddl.short("id_hash", 64),
        ddl.big("user_id"),
        ddl.short("csrf_token", 64),
        ddl.short("language", 2),
        ddl.utc("created_at"),
        ddl.utc("expires_at"),
        ddl.utc("ended_at", nullable=True),
        key="id_hash",
        indexes=["user_id"],
    )


def _upgrade_duty_prompts() -> None:
    ddl.create_group_table(
        "duty_shifts",
        ddl.day("day"),
        ddl.integer("window_index"),
        ddl.big("user_id"),
        ddl.short("first_name", 64),
        ddl.flag("show_name"),
        ddl.utc("taken_at"),
        unique=[["group_id", "day", "window_index"]],
    )
    ddl.create_group_table(
        "custom_prompts",
        ddl.day("day"),
        ddl.text("text"),
        ddl.big("author_user_id", nullable=True),
        ddl.utc("updated_at"),
        unique=[["group_id", "day"]],
    )


def _upgrade_questions() -> None:
    ddl.create_table(
        "questions",
        ddl.integer("id"),
        ddl.integer("group_id", nullable=True),
        ddl.integer("member_id", nullable=True),
        ddl.short("state", 16),
        ddl.short("theme_key", 64, nullable=True),
        ddl.telegram_text("text", nullable=True),
        ddl.telegram_text("answer", nullable=True),
        ddl.big("source_chat_id", nullable=True),
        ddl.big("source_message_id", nullable=True),
        ddl.utc("asked_at"),
        ddl.utc("answered_at", nullable=True),
        ddl.utc("published_at", nullable=True),
        refs={"group_id": "groups", "member_id": "members"},
        unique=[["source_chat_id", "source_message_id"]],
        indexes=["group_id", "member_id", "state"],
    )


def _upgrade_help_polls_private() -> None:
    ddl.add_columns("contributions", ddl.flag_false("private"))
    ddl.create_table(
        "help_requests",
        ddl.integer("id"),
        ddl.big("user_id", nullable=True),
        ddl.integer("group_id", nullable=True),
        ddl.short("language", 2),
        ddl.short("status", 16),
        ddl.utc("created_at"),
        ddl.utc("handled_at", nullable=True),
        ddl.big("handled_by", nullable=True),
        refs={"group_id": "groups"},
        indexes=["user_id", "group_id", "created_at"],
    )
    ddl.create_group_table(
        "polls",
        ddl.big("chat_id"),
        ddl.big("message_id"),
        ddl.short("poll_id", 64),
        ddl.text("question"),
        ddl.text("options"),
        ddl.text("counts"),
        ddl.flag("anonymous"),
        ddl.short("theme_key", 64, nullable=True),
        ddl.integer("session_day_id", nullable=True),
        ddl.utc("window_start", nullable=True),
        ddl.utc("window_end", nullable=True),
        ddl.big("created_by", nullable=True),
        ddl.utc("created_at"),
        ddl.utc("closed_at", nullable=True),
        refs={"session_day_id": "session_days"},
        unique=[["chat_id", "message_id"], ["poll_id"]],
    )


def _upgrade_subtopic_override() -> None:
    ddl.add_columns("contributions", ddl.integer("subtopic_override", nullable=True))
    ddl.create_group_table(
        "theme_notes",
        ddl.short("month", 7),
        ddl.short("theme_key", 64),
        ddl.text("text"),
        ddl.big("author"),
        ddl.utc("updated_at"),
        unique=[["group_id", "month", "theme_key"]],
    )


def _upgrade_quote_review() -> None:
    ddl.add_columns(
        "contributions",
        sa.Column("quote_state", sa.String(length=12), nullable=True),
        ddl.utc("quote_review_until", nullable=True),
    )

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

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types
from storage.types import UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Every step, in the order they were written."""
    _upgrade_sensitive_and_age_band()
    _upgrade_outbox()
    _upgrade_console()
    _upgrade_duty_prompts()
    _upgrade_questions()
    _upgrade_help_polls_private()
    _upgrade_subtopic_override()
    _upgrade_imported()
    _upgrade_quote_review()


def downgrade() -> None:
    """Every step undone, last first."""
    _downgrade_quote_review()
    _downgrade_imported()
    _downgrade_subtopic_override()
    _downgrade_help_polls_private()
    _downgrade_questions()
    _downgrade_duty_prompts()
    _downgrade_console()
    _downgrade_outbox()
    _downgrade_sensitive_and_age_band()


def _upgrade_sensitive_and_age_band() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sensitive", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("age_band", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True)
        )


def _downgrade_sensitive_and_age_band() -> None:
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        batch_op.drop_column("age_band")
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_column("sensitive")


def _upgrade_outbox() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("params", storage.types.TelegramText(), nullable=False),
        sa.Column("delete_after", sa.Integer(), nullable=True),
        sa.Column("fallback", storage.types.TelegramText(), nullable=True),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", storage.types.TelegramText(), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("not_before", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("sent_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_chat_id"), ["chat_id"], unique=False)
        batch_op.create_index("ix_outbox_due", ["state", "not_before"], unique=False)


def _downgrade_outbox() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_due")
        batch_op.drop_index(batch_op.f("ix_outbox_chat_id"))
    op.drop_table("outbox")


def _upgrade_console() -> None:
    op.create_table(
        "console_links",
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_console_links_user_id", "console_links", ["user_id"])
    op.create_table(
        "console_sessions",
        sa.Column("id_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("csrf_token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id_hash"),
    )
    op.create_index("ix_console_sessions_user_id", "console_sessions", ["user_id"])


def _downgrade_console() -> None:
    op.drop_index("ix_console_sessions_user_id", table_name="console_sessions")
    op.drop_table("console_sessions")
    op.drop_index("ix_console_links_user_id", table_name="console_links")
    op.drop_table("console_links")


def _upgrade_duty_prompts() -> None:
    op.create_table(
        "duty_shifts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("window_index", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("first_name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("show_name", sa.Boolean(), nullable=False),
        sa.Column("taken_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "day", "window_index"),
    )
    with op.batch_alter_table("duty_shifts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duty_shifts_group_id"), ["group_id"], unique=False)
    op.create_table(
        "custom_prompts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_user_id", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "day"),
    )
    with op.batch_alter_table("custom_prompts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_custom_prompts_group_id"), ["group_id"], unique=False)


def _downgrade_duty_prompts() -> None:
    with op.batch_alter_table("custom_prompts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_custom_prompts_group_id"))
    op.drop_table("custom_prompts")
    with op.batch_alter_table("duty_shifts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duty_shifts_group_id"))
    op.drop_table("duty_shifts")


def _upgrade_questions() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("theme_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("text", storage.types.TelegramText(), nullable=True),
        sa.Column("answer", storage.types.TelegramText(), nullable=True),
        sa.Column("source_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("source_message_id", sa.BigInteger(), nullable=True),
        sa.Column("asked_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("published_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_chat_id", "source_message_id"),
    )
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_questions_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_questions_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_questions_state"), ["state"], unique=False)


def _downgrade_questions() -> None:
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questions_state"))
        batch_op.drop_index(batch_op.f("ix_questions_member_id"))
        batch_op.drop_index(batch_op.f("ix_questions_group_id"))
    op.drop_table("questions")


def _upgrade_help_polls_private() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("private", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "help_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("handled_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("handled_by", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_help_requests_user_id", "help_requests", ["user_id"])
    op.create_index("ix_help_requests_group_id", "help_requests", ["group_id"])
    op.create_index("ix_help_requests_created_at", "help_requests", ["created_at"])
    op.create_table(
        "polls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("poll_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("theme_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("session_day_id", sa.Integer(), nullable=True),
        sa.Column("window_start", UTCDateTime(timezone=True), nullable=True),
        sa.Column("window_end", UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"]),
        sa.ForeignKeyConstraint(["session_day_id"], ["session_days.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "message_id"),
        sa.UniqueConstraint("poll_id"),
    )
    op.create_index("ix_polls_group_id", "polls", ["group_id"])


def _downgrade_help_polls_private() -> None:
    op.drop_index("ix_polls_group_id", table_name="polls")
    op.drop_table("polls")
    op.drop_index("ix_help_requests_created_at", table_name="help_requests")
    op.drop_index("ix_help_requests_group_id", table_name="help_requests")
    op.drop_index("ix_help_requests_user_id", table_name="help_requests")
    op.drop_table("help_requests")
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_column("private")


def _upgrade_subtopic_override() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subtopic_override", sa.Integer(), nullable=True))
    op.create_table(
        "theme_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("month", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("theme_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "month", "theme_key"),
    )
    with op.batch_alter_table("theme_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_theme_notes_group_id"), ["group_id"], unique=False)


def _downgrade_subtopic_override() -> None:
    with op.batch_alter_table("theme_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_theme_notes_group_id"))
    op.drop_table("theme_notes")
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_column("subtopic_override")


def _upgrade_imported() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("imported", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def _downgrade_imported() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_column("imported")


def _upgrade_quote_review() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quote_state", sa.String(length=12), nullable=True))
        batch_op.add_column(
            sa.Column("quote_review_until", UTCDateTime(timezone=True), nullable=True)
        )


def _downgrade_quote_review() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_column("quote_review_until")
        batch_op.drop_column("quote_state")

"""initial schema

Revision ID: 0001
Revises:
"""

from storage.migrations import ddl

revision: str = "0001"
down_revision: str | None = None


def upgrade() -> None:
    """Every table of the first release, referenced ones first."""
    _upgrade_unreferencing()
    _upgrade_group_tables()
    _upgrade_contributions()


def downgrade() -> None:
    """Every table dropped, referencing ones first."""
    ddl.drop_tables(
        "contribution_edits",
        "window_actions",
        "contributions",
        "consent_records",
        "session_days",
        "moderation_actions",
        "members",
        "forum_topics",
        "adhoc_windows",
        "staff",
        "reactions",
        "leases",
        "inbox_updates",
        "groups",
    )


def _upgrade_unreferencing() -> None:
    ddl.create_table(
        "groups",
        ddl.integer("id"),
        ddl.short("key", 32),
        ddl.big("chat_id", nullable=True),
        ddl.short("audience", 16),
        ddl.short("title", 255),
        ddl.short("language", 2),
        ddl.short("timezone", 64),
        ddl.flag("is_forum"),
        ddl.flag("lock_between_sessions"),
        ddl.utc("created_at"),
        unique=[["chat_id"], ["key"]],
    )
    ddl.create_table(
        "inbox_updates",
        ddl.big_key("update_id"),
        ddl.text("payload"),
        ddl.short("status", 16),
        ddl.integer("attempts"),
        ddl.text("error", nullable=True),
        ddl.utc("received_at"),
        ddl.utc("handled_at", nullable=True),
        key="update_id",
        indexes=["status"],
    )
    ddl.create_table(
        "leases",
        ddl.short("name", 64),
        ddl.short("holder", 64),
        ddl.utc("expires_at"),
        key="name",
    )
    ddl.create_table(
        "reactions",
        ddl.integer("id"),
        ddl.big("chat_id"),
        ddl.big("message_id"),
        ddl.big("user_id", nullable=True),
        ddl.short("emoji", 32),
        ddl.integer("count"),
        ddl.utc("updated_at"),
        unique=[["chat_id", "message_id", "user_id", "emoji"]],
    )
    ddl.create_table(
        "staff",
        ddl.big_key("user_id"),
        ddl.short("language", 2),
        ddl.flag("digest_subscribed"),
        ddl.flag("started_bot"),
        ddl.utc("created_at"),
        key="user_id",
    )


def _upgrade_group_tables() -> None:
    ddl.create_group_table(
        "adhoc_windows",
        ddl.short("theme_key", 64),
        ddl.utc("start"),
        ddl.utc("end"),
        ddl.big("opened_by", nullable=True),
    )
    ddl.create_group_table(
        "forum_topics",
        ddl.short("theme_key", 64),
        ddl.big("thread_id"),
        unique=[["group_id", "theme_key"]],
    )
    ddl.create_group_table(
        "members",
        ddl.big("user_id", nullable=True),
        ddl.short("language", 2),
        ddl.short("municipality", 64, nullable=True),
        ddl.short("age_band", 16, nullable=True),
        ddl.short("consent", 16),
        ddl.flag("is_staff"),
        ddl.flag("forgotten"),
        ddl.utc("joined_at"),
        unique=[["group_id", "user_id"]],
        indexes=["user_id"],
    )
    ddl.create_table(
        "moderation_actions",
        ddl.integer("id"),
        ddl.integer("group_id", nullable=True),
        ddl.big("actor_user_id", nullable=True),
        ddl.big("target_user_id", nullable=True),
        ddl.short("action", 32),
        ddl.short("reason", 500),
        ddl.big("message_id", nullable=True),
        ddl.short("outcome", 16),
        ddl.utc("created_at"),
        refs={"group_id": "groups"},
        indexes=["created_at", "group_id"],
    )
    ddl.create_group_table(
        "session_days",
        ddl.day("day"),
        ddl.short("theme_key", 64, nullable=True),
        ddl.short("source", 16),
        ddl.flag("skipped"),
        ddl.utc("updated_at"),
        unique=[["group_id", "day"]],
    )
    ddl.create_table(
        "consent_records",
        ddl.integer("id"),
        ddl.integer("member_id"),
        ddl.short("decision", 16),
        ddl.short("notice_version", 32),
        ddl.short("language", 2),
        ddl.utc("decided_at"),
        refs={"member_id": "members"},
        indexes=["member_id"],
    )


def _upgrade_contributions() -> None:
    ddl.create_table(
        "contributions",
        ddl.integer("id"),
        ddl.integer("group_id"),
        ddl.integer("member_id", nullable=True),
        ddl.big("chat_id"),
        ddl.big("message_id"),
        ddl.integer("session_day_id", nullable=True),
        ddl.short("theme_key", 64, nullable=True),
        ddl.short("window_label", 16, nullable=True),
        ddl.utc("window_start", nullable=True),
        ddl.utc("sent_at"),
        ddl.big("reply_to_message_id", nullable=True),
        ddl.big("thread_id", nullable=True),
        ddl.text("text", nullable=True),
        ddl.short("media_kind", 16, nullable=True),
        ddl.flag("is_staff"),
        ddl.flag("late"),
        ddl.flag("hidden"),
        ddl.flag("highlighted"),
        ddl.utc("edited_at", nullable=True),
        ddl.utc("stored_at"),
        refs={"group_id": "groups", "member_id": "members", "session_day_id": "session_days"},
        unique=[["chat_id", "message_id"]],
        indexes=[
            ("ix_contributions_group_sent", ["group_id", "sent_at"]),
            "member_id",
            "theme_key",
        ],
    )
    ddl.create_group_table(
        "window_actions",
        ddl.integer("session_day_id", nullable=True),
        ddl.utc("window_start"),
        ddl.utc("window_end"),
        ddl.short("action", 24),
        ddl.short("theme_key", 64, nullable=True),
        ddl.big("message_id", nullable=True),
        ddl.utc("done_at"),
        refs={"session_day_id": "session_days"},
        unique=[["group_id", "window_start", "action"]],
    )
    ddl.create_table(
        "contribution_edits",
        ddl.integer("id"),
        ddl.integer("contribution_id"),
        ddl.text("previous_text", nullable=True),
        ddl.utc("edited_at"),
        refs={"contribution_id": "contributions"},
        indexes=["contribution_id"],
    )

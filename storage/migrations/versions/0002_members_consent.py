"""members, consent, waiting list, warnings, reports, group notices

Revision ID: 0002
Revises: 0001

Adds the consent-flow tables and `members.entered_at` (when the bot saw the member join;
NULL for members who were there before the bot).
"""

from storage.migrations import ddl

revision: str = "0002"
down_revision: str | None = "0001"


def upgrade() -> None:
    """The consent-flow tables, then `members.entered_at`."""
    ddl.create_group_table(
        "group_notices",
        ddl.short("kind", 32),
        ddl.big("message_id", nullable=True),
        ddl.utc("posted_at"),
        unique=[["group_id", "kind"]],
    )
    ddl.create_group_table(
        "join_dialogues",
        ddl.big("user_id"),
        ddl.short("kind", 16),
        ddl.short("step", 16),
        ddl.short("language", 2),
        ddl.big("message_id", nullable=True),
        ddl.short("age_band", 16, nullable=True),
        ddl.short("notice_version", 32),
        ddl.utc("requested_at"),
        unique=[["group_id", "user_id"]],
        indexes=["requested_at"],
    )
    ddl.create_group_table(
        "reports",
        ddl.big("chat_id"),
        ddl.big("message_id"),
        ddl.big("reporter_user_id", nullable=True),
        ddl.big("author_user_id", nullable=True),
        ddl.short("reason", 500),
        ddl.short("status", 16),
        ddl.utc("created_at"),
        ddl.utc("decided_at", nullable=True),
        ddl.big("decided_by", nullable=True),
        unique=[["chat_id", "message_id", "reporter_user_id"]],
    )
    ddl.create_group_table(
        "waiting_list",
        ddl.big("user_id"),
        ddl.short("language", 2),
        ddl.utc("created_at"),
        ddl.utc("offered_at", nullable=True),
        ddl.utc("unreachable_at", nullable=True),
        unique=[["group_id", "user_id"]],
    )
    ddl.create_group_table(
        "warnings",
        ddl.integer("member_id"),
        ddl.short("reason", 500),
        ddl.big("given_by", nullable=True),
        ddl.flag("spent"),
        ddl.utc("created_at"),
        refs={"member_id": "members"},
        indexes=["member_id"],
    )
    ddl.add_columns("members", ddl.utc("entered_at", nullable=True))


def downgrade() -> None:
    """`members.entered_at` and the consent-flow tables dropped."""
    ddl.drop_columns("members", "entered_at")
    ddl.drop_tables("warnings", "waiting_list", "reports", "join_dialogues", "group_notices")

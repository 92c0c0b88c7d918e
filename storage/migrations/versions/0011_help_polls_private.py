"""help_requests, polls, and contributions.private

Revision ID: 0011_help_polls_private
Revises: 0005_sensitive_and_age_band

"Pyydä apua": a member's request that staff contact them (who and which group, no text).
Quick polls: staff's Telegram polls tied to a theme, with the option counts only. A voice
between session days: a private message to the bot stored as a contribution flagged `private`.
Existing contributions: not private.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from storage.types import UTCDateTime

revision: str = "0011_help_polls_private"
down_revision: str | None = "0010_questions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
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


def downgrade() -> None:
    op.drop_index("ix_polls_group_id", table_name="polls")
    op.drop_table("polls")
    op.drop_index("ix_help_requests_created_at", table_name="help_requests")
    op.drop_index("ix_help_requests_group_id", table_name="help_requests")
    op.drop_index("ix_help_requests_user_id", table_name="help_requests")
    op.drop_table("help_requests")
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_column("private")

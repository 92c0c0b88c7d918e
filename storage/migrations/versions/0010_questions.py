"""questions: members' questions to staff, answered back at the next window

Revision ID: 0010_questions
Revises: 0005_sensitive_and_age_band

States draft (a private question waiting for its group), open, answered, published. Only the
asker's member id is kept (for the private answer); texts go with retention and /forget.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "0010_questions"
down_revision: str | None = "0012_duty_prompts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
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


def downgrade() -> None:
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questions_state"))
        batch_op.drop_index(batch_op.f("ix_questions_member_id"))
        batch_op.drop_index(batch_op.f("ix_questions_group_id"))
    op.drop_table("questions")

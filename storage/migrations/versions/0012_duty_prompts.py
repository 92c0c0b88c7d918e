"""duty_shifts (staff on duty per window) and custom_prompts (prompts edited from the chat)

Revision ID: 0012_duty_prompts
Revises: 0005_sensitive_and_age_band

`duty_shifts`: who is on duty in which window of a session day, and whether the prompt may
name them. `custom_prompts`: a session day's prompt written by staff with `/teksti`, with its
author and time; used at opening instead of the catalog prompt.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "0012_duty_prompts"
down_revision: str | None = "0009_console"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
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


def downgrade() -> None:
    with op.batch_alter_table("custom_prompts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_custom_prompts_group_id"))
    op.drop_table("custom_prompts")
    with op.batch_alter_table("duty_shifts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duty_shifts_group_id"))
    op.drop_table("duty_shifts")

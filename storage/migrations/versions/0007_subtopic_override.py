"""digest voice: contributions.subtopic_override, theme_notes

Revision ID: 0007_subtopic_override
Revises: 0004

Staff can move a contribution to another of its theme's questions in the digest
(`contributions.subtopic_override`, the question index; NULL = placed by similarity) and keep a
note per theme and month ("Nostot", `theme_notes`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision: str = "0007_subtopic_override"
down_revision: str | None = "0011_help_polls_private"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
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


def downgrade() -> None:
    with op.batch_alter_table("theme_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_theme_notes_group_id"))
    op.drop_table("theme_notes")
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_column("subtopic_override")

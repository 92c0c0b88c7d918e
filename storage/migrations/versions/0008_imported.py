"""contributions.imported: messages read from a chat export (`neuvo import telegram-export`)

Revision ID: 0008_imported
Revises: 0004

An imported message's author never consented through the bot: the digest counts and groups
it, never quotes it. Existing rows were logged live: false.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_imported"
down_revision: str | None = "0007_subtopic_override"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("imported", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_column("imported")

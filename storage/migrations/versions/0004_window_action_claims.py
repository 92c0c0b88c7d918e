"""window action claims: state, holder, claimed_at; done_at only once done

Revision ID: 0004
Revises: 0003

A window action is first claimed (`state` "claimed", `holder`, `claimed_at`) and becomes
"done" with its message id only after the Telegram call succeeded, so a crash in between
leaves a claim the next instance takes over instead of a row that says done. Existing rows
were done: they get `state` "done" and `claimed_at` = `done_at`.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types
from storage.migrations import ddl

revision: str = "0004"
down_revision: str | None = "0003"


def upgrade() -> None:
    with op.batch_alter_table("window_actions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "state",
                sqlmodel.sql.sqltypes.AutoString(length=8),
                nullable=False,
                server_default="done",
            )
        )
        batch_op.add_column(ddl.short("holder", 64, nullable=True))
        batch_op.add_column(ddl.utc("claimed_at", nullable=True))
        batch_op.alter_column(
            "done_at", existing_type=storage.types.UTCDateTime(timezone=True), nullable=True
        )
    op.execute("UPDATE window_actions SET claimed_at = done_at")


def downgrade() -> None:
    # The old schema reads every row as done: drop claims in hand so they are done again.
    op.execute("DELETE FROM window_actions WHERE state <> 'done' OR done_at IS NULL")
    with op.batch_alter_table("window_actions", schema=None) as batch_op:
        batch_op.alter_column(
            "done_at", existing_type=storage.types.UTCDateTime(timezone=True), nullable=False
        )
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("holder")
        batch_op.drop_column("state")

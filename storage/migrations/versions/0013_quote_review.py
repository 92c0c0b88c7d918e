"""contributions.quote_state and quote_review_until: authors confirm their quotes

Revision ID: 0013_quote_review
Revises: 0008_imported

After a session day each consenting author is sent the day's quotable contributions; they are
"pending" until `quote_review_until` (then quotable by silence) or "withdrawn" (counted, never
quoted). Existing rows were never reviewed: NULL, quotable as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision: str = "0013_quote_review"
down_revision: str | None = "0008_imported"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quote_state", sa.String(length=12), nullable=True))
        batch_op.add_column(
            sa.Column("quote_review_until", UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_column("quote_review_until")
        batch_op.drop_column("quote_state")

"""contributions.subtopic_scores: a contribution's similarity to its theme's questions, kept.

Scoring a message against its theme's questions is most of the work of placing it under a
sub-topic; the scores are stored when the contribution is logged (and cleared when its text is
edited), so a digest or a long CSV export reads them instead of scoring every text again.
Stored as "fingerprint:score,score,…" (the fingerprint names the questions and language they
were scored against; a digest rescores a row whose questions changed since). Existing rows:
NULL, scored when a digest needs them.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"  # no branch labels, no other dependencies


def upgrade() -> None:
    """Add the nullable column."""
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subtopic_scores", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_column("subtopic_scores")

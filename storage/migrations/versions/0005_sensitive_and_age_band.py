"""contributions.sensitive (safeguarding mark) and consent_records.age_band

Revision ID: 0005_sensitive_and_age_band
Revises: 0004

A contribution matching the safeguarding list is marked `sensitive`: counted, never quoted
(staff can clear the mark). Each consent decision keeps the age band the person gave (youth
groups), so the band is recorded with the consent itself. Existing rows: not sensitive, no band.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005_sensitive_and_age_band"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sensitive", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("age_band", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        batch_op.drop_column("age_band")
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_column("sensitive")

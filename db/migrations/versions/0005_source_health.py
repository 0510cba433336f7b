"""sources.failing_since and sources.disabled_reason: disable a source after days of failure

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not a batch copy: a table copy on SQLite would break the
# views that read sources.


def upgrade() -> None:
    # start of the current run of failures; NULL once a fetch succeeds
    op.add_column("sources", sa.Column("failing_since", sa.DateTime(timezone=True)))
    # set when the source has failed for too long; NULL = fetched normally
    op.add_column("sources", sa.Column("disabled_reason", sa.Text()))


def downgrade() -> None:
    op.execute("ALTER TABLE sources DROP COLUMN disabled_reason")
    op.execute("ALTER TABLE sources DROP COLUMN failing_since")

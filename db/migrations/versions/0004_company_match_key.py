"""companies.match_key: identity of discovered companies across scripts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not a batch copy: SQLite (3.35+) adds and drops columns in
# place, and a table copy would break the views that read companies.


def upgrade() -> None:
    op.add_column("companies", sa.Column("match_key", sa.String(length=200), nullable=True))
    op.create_index("ix_companies_match_key", "companies", ["match_key"])


def downgrade() -> None:
    op.drop_index("ix_companies_match_key", table_name="companies")
    op.execute("ALTER TABLE companies DROP COLUMN match_key")

"""articles.simhash: dropped, the MinHash bands of 0003 replaced it

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ALTER TABLE (SQLite 3.35+): a batch copy would break the views on articles
    op.execute("ALTER TABLE articles DROP COLUMN simhash")


def downgrade() -> None:
    op.add_column("articles", sa.Column("simhash", sa.BigInteger(), nullable=True))

"""near-duplicate articles: MinHash signature and 16 indexed LSH band columns

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

`articles.minhash` holds the 64 MinHash values (256 bytes) that verify a
candidate; `minhash_b0` … `minhash_b15` hold one signed 32-bit hash per band
of 4 values, each indexed, so a lookup is 16 equality probes
(see pipeline/neardup.py and db/neardup_store.py).
"""

from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BANDS = 16  # extractors.neardup.BANDS, copied: a migration must not change when the code does


def upgrade() -> None:
    op.add_column("articles", sa.Column("minhash", sa.LargeBinary(), nullable=True))
    for band in range(BANDS):
        op.add_column("articles", sa.Column(f"minhash_b{band}", sa.Integer(), nullable=True))
        op.create_index(op.f(f"ix_articles_minhash_b{band}"), "articles", [f"minhash_b{band}"])


def downgrade() -> None:
    for band in range(BANDS):
        op.drop_index(op.f(f"ix_articles_minhash_b{band}"), table_name="articles")
        op.drop_column("articles", f"minhash_b{band}")
    op.drop_column("articles", "minhash")

"""phrase prefilter (SQLite): an FTS5 table of each article's four-character n-grams, and a backfill queue

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Contentless and detail=none: only which articles hold an n-gram, no positions and no copy of the text
# (storage.fts.document_grams). The rowid is the article id: small deltas, a small index. SQLite 3.40 has
# no contentless delete, so a deleted or re-indexed article leaves its old row behind; the prefilter only
# ever over-approximates (candidates are joined to search_doc and checked by article_fts), and
# storage.archive_index.rebuild clears the leftovers.
SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE article_grams USING fts5("
    "grams, content = '', detail = 'none', columnsize = 0, tokenize = 'ascii')"
)


def upgrade() -> None:
    op.create_table(
        "gram_queue",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], name=op.f("fk_gram_queue_article_id_article"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_gram_queue")),
    )
    if op.get_bind().dialect.name != "postgresql":
        op.execute(SQLITE_TABLE)
        # Articles already indexed get their n-gram row from the next index_pending; the search step skips
        # the prefilter until the queue is empty.
        op.execute("INSERT INTO gram_queue (article_id) SELECT article_id FROM search_doc")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE IF EXISTS article_grams")
    op.drop_table("gram_queue")

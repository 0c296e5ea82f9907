"""phrase prefilter: each article's four-character n-grams (an FTS5 table; a tsvector column), a backfill queue

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
# PostgreSQL: the n-grams as a position-free tsvector beside the document, in a GIN index of its own, so a
# phrase query's n-gram conjunction is answered exactly by the index and only its few articles are
# rechecked for positions (the document's GIN entries cannot say where lexemes stand).
POSTGRES = [
    "ALTER TABLE article_search ADD COLUMN grams tsvector",
    "CREATE INDEX ix_article_search_grams ON article_search USING gin (grams)",
]
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
    # Articles already indexed get their n-grams from the next index_pending; search skips the prefilter
    # until the queue is empty.
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES:
            op.execute(statement)
        op.execute("INSERT INTO gram_queue (article_id) SELECT article_id FROM article_search")
    else:
        op.execute(SQLITE_TABLE)
        op.execute("INSERT INTO gram_queue (article_id) SELECT article_id FROM search_doc")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_article_search_grams")
        op.execute("ALTER TABLE article_search DROP COLUMN IF EXISTS grams")
    else:
        op.execute("DROP TABLE IF EXISTS article_grams")
    op.drop_table("gram_queue")

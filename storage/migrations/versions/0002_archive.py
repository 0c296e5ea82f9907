"""archive: full-text search index (FTS5 / tsvector), indexing queue, story signatures and clusters

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The index holds tokens computed in Python (storage.fts: normalised text, CJK character bigrams), so the
# triggers only queue changed articles; storage.fts.index_pending drains the queue. Deletes need no Python
# and are applied by the triggers (SQLite) or by ON DELETE CASCADE (PostgreSQL) at once.
SQLITE = [
    # The `ascii` tokenizer splits on ASCII separators only: our tokens arrive space-separated, unchanged.
    "CREATE VIRTUAL TABLE article_fts USING fts5(title, body, tokenize = 'ascii')",
    """CREATE TRIGGER article_search_ai AFTER INSERT ON article BEGIN
         INSERT INTO search_queue (article_id, version) VALUES (new.id, 1)
         ON CONFLICT (article_id) DO UPDATE SET version = version + 1;
       END""",
    """CREATE TRIGGER article_search_au AFTER UPDATE OF title, text, published_at ON article BEGIN
         INSERT INTO search_queue (article_id, version) VALUES (new.id, 1)
         ON CONFLICT (article_id) DO UPDATE SET version = version + 1;
       END""",
    """CREATE TRIGGER article_search_ad AFTER DELETE ON article BEGIN
         DELETE FROM article_fts WHERE rowid IN (SELECT docid FROM search_doc WHERE article_id = old.id);
         DELETE FROM search_doc WHERE article_id = old.id;
       END""",
]
POSTGRES = [
    """CREATE TABLE article_search (
         article_id INTEGER PRIMARY KEY REFERENCES article (id) ON DELETE CASCADE,
         document tsvector NOT NULL)""",
    "CREATE INDEX ix_article_search_document ON article_search USING gin (document)",
    """CREATE FUNCTION gbawatch_queue_search() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         INSERT INTO search_queue (article_id, version) VALUES (NEW.id, 1)
         ON CONFLICT (article_id) DO UPDATE SET version = search_queue.version + 1;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER article_search_queue AFTER INSERT OR UPDATE OF title, text, published_at ON article
       FOR EACH ROW EXECUTE FUNCTION gbawatch_queue_search()""",
]


def upgrade() -> None:
    op.create_table(
        "search_queue",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], name=op.f("fk_search_queue_article_id_article"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_search_queue")),
    )
    op.create_table(
        "search_doc",
        sa.Column("article_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("docid", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_search_doc")),
    )
    op.create_table(
        "article_signature",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.Column("shingles", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"],
                                name=op.f("fk_article_signature_article_id_article"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_signature")),
    )
    op.create_table(
        "story_band",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], name=op.f("fk_story_band_article_id_article"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "band", name=op.f("pk_story_band")),
    )
    op.create_index("ix_story_band_band_bucket", "story_band", ["band", "bucket"], unique=False)
    op.create_table(
        "story_cluster",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_article_id", sa.Integer(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("first_published_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_published_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["lead_article_id"], ["article.id"],
                                name=op.f("fk_story_cluster_lead_article_id_article"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_cluster")),
    )
    op.create_table(
        "story_member",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], name=op.f("fk_story_member_article_id_article"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["cluster_id"], ["story_cluster.id"],
                                name=op.f("fk_story_member_cluster_id_story_cluster"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_story_member")),
    )
    op.create_index("ix_story_member_cluster", "story_member", ["cluster_id"], unique=False)
    # Trends and figure timelines read mentions and figures by entity.
    op.create_index("ix_figure_entity", "figure", ["entity_id"], unique=False)
    op.create_index("ix_article_id_published_source", "article", ["id", "published_at", "source_id"], unique=False)
    statements = POSTGRES if op.get_bind().dialect.name == "postgresql" else SQLITE
    for statement in statements:
        op.execute(statement)
    # Articles stored before this revision are indexed by the next index_pending.
    op.execute("INSERT INTO search_queue (article_id, version) SELECT id, 1 FROM article")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS article_search_queue ON article")
        op.execute("DROP FUNCTION IF EXISTS gbawatch_queue_search()")
        op.execute("DROP TABLE IF EXISTS article_search")
    else:
        for name in ("article_search_ai", "article_search_au", "article_search_ad"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS article_fts")
    op.drop_index("ix_figure_entity", table_name="figure")
    op.drop_index("ix_article_id_published_source", table_name="article")
    op.drop_index("ix_story_member_cluster", table_name="story_member")
    op.drop_table("story_member")
    op.drop_table("story_cluster")
    op.drop_index("ix_story_band_band_bucket", table_name="story_band")
    op.drop_table("story_band")
    op.drop_table("article_signature")
    op.drop_table("search_doc")
    op.drop_table("search_queue")

"""topic profiles: stored profiles, each article's relevance per profile, a watch rule's profile

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa

import storage.types
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "topic_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic_profile")),
        sa.UniqueConstraint("name", name=op.f("uq_topic_profile_name")),
    )
    op.create_table(
        "article_relevance",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("profile", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("why", sa.JSON(), nullable=False),
        sa.Column("model", sa.String(length=64), nullable=False),
        sa.Column("computed_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], name=op.f("fk_article_relevance_article_id_article"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "profile", name=op.f("pk_article_relevance")),
    )
    op.create_index("ix_article_relevance_profile_score", "article_relevance", ["profile", "score"])
    with op.batch_alter_table("watch_rule") as batch:
        batch.add_column(sa.Column("profile", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("min_profile_relevance", sa.Float(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("watch_rule") as batch:
        batch.drop_column("min_profile_relevance")
        batch.drop_column("profile")
    op.drop_index("ix_article_relevance_profile_score", table_name="article_relevance")
    op.drop_table("article_relevance")
    op.drop_table("topic_profile")

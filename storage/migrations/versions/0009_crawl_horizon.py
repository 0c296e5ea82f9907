"""crawl horizon: which crawls listed their sources through to the end (crawl_run.complete)

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_run") as batch:
        batch.add_column(sa.Column("complete", sa.Boolean(), nullable=False, server_default=sa.false()))
    # Runs before this revision were trusted to have finished their paging, as the old stop rule did;
    # marking them complete keeps an existing archive's next crawl incremental instead of a full walk.
    op.execute("UPDATE crawl_run SET complete = (status = 'finished')")


def downgrade() -> None:
    with op.batch_alter_table("crawl_run") as batch:
        batch.drop_column("complete")

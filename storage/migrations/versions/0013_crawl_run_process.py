"""crawl run process: the pid and host of the process recording a crawl run

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("crawl_run", sa.Column("pid", sa.Integer(), nullable=True))
    op.add_column("crawl_run", sa.Column("host", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("crawl_run") as batch:
        batch.drop_column("host")
        batch.drop_column("pid")

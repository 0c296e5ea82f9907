"""figure facts: a figure's direction, the high end of a range and its salience; a mention's language

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


# Plain ADD / DROP COLUMN (SQLite has both): a batch copy of `mention` would break the triggers that
# read it (the trend roll-up's).


def upgrade() -> None:
    op.add_column("figure", sa.Column("direction", sa.String(length=8), nullable=True))
    op.add_column("figure", sa.Column("upper", sa.Float(), nullable=True))
    op.add_column("figure", sa.Column("salient", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("mention", sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    op.drop_column("mention", "language")
    op.drop_column("figure", "salient")
    op.drop_column("figure", "upper")
    op.drop_column("figure", "direction")

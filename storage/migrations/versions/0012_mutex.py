"""mutex: named locks held by updating a row, the same on SQLite and PostgreSQL (storage.mutex)

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mutex",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("taken_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_mutex")),
    )


def downgrade() -> None:
    op.drop_table("mutex")

"""merge the archive (0002) and watching (0003) branches

Revision ID: 0004
Revises: 0002, 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

revision = "0004"
down_revision = ("0002", "0003")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # the two branches touch different tables; merging only joins the history


def downgrade() -> None:
    pass

"""A named lock held until the transaction ends, the same way on SQLite and PostgreSQL.

Story clustering reads the clusters, decides, then writes them; two crawls clustering at once would both
read "not clustered yet" and clash on the members' keys. Holding `hold(session, "clusters")` first makes
the second wait for the first to commit, then read what it wrote. The lock is an UPDATE of the name's row
in `mutex`: a row lock on PostgreSQL, the write lock on SQLite (which has one writer at a time).
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import Mutex
from storage.repository import insert_or_find
from storage.types import utcnow


def hold(session: Session, name: str) -> None:
    """Take the lock `name` for the rest of the caller's transaction (waiting while another holds it)."""
    taking = update(Mutex).where(Mutex.name == name).values(taken_at=utcnow()).execution_options(
        synchronize_session=False)
    if session.execute(taking).rowcount == 0:  # type: ignore[attr-defined]
        # The first use: create the row (or meet the one a concurrent first use created), then lock it.
        insert_or_find(session, Mutex(name=name, taken_at=utcnow()), select(Mutex).where(Mutex.name == name))
        session.execute(taking)

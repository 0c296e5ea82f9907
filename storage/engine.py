"""Engines and sessions: `make_engine(url)` and a session factory; nothing global at import."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.exc import DatabaseError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from storage.backends import backend_class
from storage.errors import DatabaseUnavailable, NoDatabase

DEFAULT_URL = "sqlite:///gbawatch.db"
T = TypeVar("T")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine set up by the database's back end (driver, pragmas, pool defaults); kwargs override."""
    kind = backend_class(url)
    engine = create_engine(kind.engine_url(url), **(kind.engine_options() | kwargs))
    kind.prepare_engine(engine)
    return engine


def require_database(url: str) -> None:
    """For reading: the database must be there already, and looking must not change it (its back end knows
    how: a SQLite file that does not exist is not created, one without our tables is probed read-only)."""
    backend_class(url).require_existing(url)


def require_schema(engine: Engine) -> None:
    """For reading: a database without our tables (another program's, or a blank file) is an error."""
    try:
        ours = inspect(engine).has_table("article")
    except DatabaseError as exc:
        raise DatabaseUnavailable(f"cannot read database {engine.url.render_as_string()}: {_reason(exc)}") from exc
    if not ours:
        raise NoDatabase(f"the database at {engine.url.render_as_string()} has no gba-watch tables: run "
                         "`gbawatch db upgrade` first")


def _reason(exc: DatabaseError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)


def check_connection(engine: Engine) -> None:
    """Raise DatabaseUnavailable with the driver's one-line reason if the database can't be reached or read
    (a file that is not a SQLite database fails here too)."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DatabaseError as exc:
        raise DatabaseUnavailable(f"cannot reach database {engine.url.render_as_string()}: {_reason(exc)}") from exc


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


# PostgreSQL SQLSTATEs of a transaction aborted only because of another one: deadlock, serialisation
# failure, lock not available. SQLite's counterpart is a lock wait that outlasted busy_timeout.
_TRANSIENT_STATES = frozenset({"40P01", "40001", "55P03"})


def transient(exc: BaseException) -> bool:
    """Whether the same transaction, run again, may well succeed (it lost a race, nothing is wrong)."""
    if not isinstance(exc, DBAPIError):
        return False
    state = getattr(exc.orig, "sqlstate", None)
    return state in _TRANSIENT_STATES or "database is locked" in str(exc.orig)


def in_transaction(sessions: sessionmaker[Session], work: Callable[[Session], T], *, attempts: int = 5) -> T:
    """Run `work` in one transaction, again (up to `attempts` times) when the database aborted it only
    because a concurrent transaction won a race; any other failure, or the last one, propagates."""
    for attempt in range(1, attempts + 1):
        try:
            with sessions.begin() as session:
                return work(session)
        except DBAPIError as exc:
            if attempt == attempts or not transient(exc):
                raise
    raise AssertionError("unreachable")  # the loop returns or raises

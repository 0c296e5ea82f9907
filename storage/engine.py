"""Engines and sessions: `make_engine(url)` and a session factory; nothing global at import."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from storage.backends import backend_class
from storage.errors import DatabaseUnavailable

DEFAULT_URL = "sqlite:///gbawatch.db"
T = TypeVar("T")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine set up by the database's back end (driver, pragmas, pool defaults); kwargs override."""
    kind = backend_class(url)
    engine = create_engine(kind.engine_url(url), **(kind.engine_options() | kwargs))
    kind.prepare_engine(engine)
    return engine


def check_connection(engine: Engine) -> None:
    """Raise DatabaseUnavailable with the driver's one-line reason if the database can't be reached."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseUnavailable(f"cannot reach database {engine.url.render_as_string()}: {reason}") from exc


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

"""Engines and sessions: `make_engine(url)` and a session factory; nothing global at import."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from storage.backends import backend_class
from storage.errors import DatabaseUnavailable, NoDatabase

DEFAULT_URL = "sqlite:///gbawatch.db"


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

"""Engines and sessions: `make_engine(url)` and a session factory; nothing global at import."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from storage.errors import DatabaseUnavailable, NoDatabase

DEFAULT_URL = "sqlite:///gbawatch.db"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the digest and search read while a crawl writes; foreign keys are off by default.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if url.startswith("sqlite"):
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("connect_args", {"connect_timeout": 5})
    return create_engine(url, **kwargs)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and in-memory SQLite)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def require_database(url: str) -> None:
    """For reading: a SQLite file that does not exist is an error, not a new empty database, and one without
    our tables is looked at read-only, so that connecting (which switches a file to WAL) never changes it."""
    path = sqlite_file(url)
    if path is None:
        return
    if not path.exists():
        raise NoDatabase(f"no database at {path}: run `gbawatch db upgrade` or a crawl first")
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            ours = probe.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'article'").fetchone()
        finally:
            probe.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnavailable(f"cannot read database {path}: {exc}") from exc
    if not ours:
        raise NoDatabase(f"the database at {path} has no gba-watch tables: run `gbawatch db upgrade` first")


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

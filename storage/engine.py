"""Engines and sessions: `make_engine(url)` and a session factory; nothing global at import."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from storage.backends import backend_class
from storage.errors import DatabaseUnavailable

DEFAULT_URL = "sqlite:///gbawatch.db"


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

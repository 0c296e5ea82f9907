"""Choose the database back end: once per engine, from the engine's dialect; the only place that asks.

    backend_for(session).insert_ignoring_conflicts(session, Alert, values)
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, make_url
from sqlalchemy.orm import Session

from storage.backends.base import SearchBackend
from storage.backends.postgres_tsvector import PostgresTsvector
from storage.backends.sqlite_fts5 import SQLiteFTS5
from storage.errors import StorageError

__all__ = ["SearchBackend", "UnsupportedDatabase", "backend_class", "backend_for"]

_BACKENDS: dict[str, type[SearchBackend]] = {kind.name: kind for kind in (SQLiteFTS5, PostgresTsvector)}
_CHOSEN: WeakKeyDictionary[Engine, SearchBackend] = WeakKeyDictionary()


class UnsupportedDatabase(StorageError):
    """Raised by backend_class / backend_for for a database gba-watch has no back end for."""


def _kind(name: str) -> type[SearchBackend]:
    try:
        return _BACKENDS[name]
    except KeyError:
        raise UnsupportedDatabase(
            f"gba-watch stores its archive in SQLite or PostgreSQL, not {name}"
        ) from None


def backend_class(url: str) -> type[SearchBackend]:
    """The back end for a database URL, before there is an engine (make_engine asks it how to make one)."""
    return _kind(make_url(url).get_backend_name())


def backend_for(bind: Session | Engine | Connection) -> SearchBackend:
    """The back end of the engine behind `bind`, made on first use and kept as long as the engine."""
    resolved = bind.get_bind() if isinstance(bind, Session) else bind
    engine = resolved.engine
    backend = _CHOSEN.get(engine)
    if backend is None:
        backend = _CHOSEN[engine] = _kind(engine.dialect.name)()
    return backend

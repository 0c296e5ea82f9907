"""One back end per database, chosen once per engine from its dialect."""

from __future__ import annotations

import pytest

from storage.backends import UnsupportedDatabase, backend_class, backend_for
from storage.backends.postgres_tsvector import PostgresTsvector
from storage.backends.sqlite_fts5 import SQLiteFTS5
from storage.engine import make_engine, session_factory


def test_each_database_gets_its_back_end_once_per_engine(migrated_db: str) -> None:
    expected = SQLiteFTS5 if migrated_db.startswith("sqlite") else PostgresTsvector
    engine, other = make_engine(migrated_db), make_engine(migrated_db)
    try:
        with session_factory(engine)() as session, engine.connect() as connection:
            backend = backend_for(session)
            assert type(backend) is expected
            assert backend_for(engine) is backend is backend_for(connection)
            assert backend_for(other) is not backend  # cached per engine, not shared across engines
    finally:
        engine.dispose()
        other.dispose()


def test_a_bare_postgresql_url_gets_the_driver_we_ship() -> None:
    assert backend_class("postgresql://u@127.0.0.1/db").engine_url("postgresql://u@127.0.0.1/db") == (
        "postgresql+psycopg://u@127.0.0.1/db"
    )


def test_a_database_without_a_back_end_is_refused_by_name() -> None:
    with pytest.raises(UnsupportedDatabase, match="not mysql"):
        make_engine("mysql://u@127.0.0.1/db")

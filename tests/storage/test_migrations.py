"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storage.engine import make_engine
from storage.schema import Base


def test_models_and_migrations_agree(migrated_db: str) -> None:
    engine = make_engine(migrated_db)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            differences = [
                d
                for d in compare_metadata(context, Base.metadata)
                # Search indexes (FTS5, tsvector) and APScheduler's job table are made in SQL, outside the models.
                if not _outside_models(d)
            ]
    finally:
        engine.dispose()
    assert differences == [], differences


def _outside_models(difference: object) -> bool:
    text = repr(difference)
    return any(name in text for name in ("_fts", "apscheduler_jobs", "fts_", "article_search", "article_grams"))

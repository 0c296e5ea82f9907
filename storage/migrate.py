"""Apply Alembic migrations programmatically (`gbawatch db upgrade`), with the URL passed in."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.exc import DatabaseError

from storage.engine import check_connection, make_engine
from storage.errors import MigrationError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    engine = make_engine(url)
    check_connection(engine)
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except DatabaseError as exc:  # OperationalError, and a file that is not a database
        raise MigrationError(f"migration failed: {str(exc.orig or exc).splitlines()[0]}") from exc
    finally:
        engine.dispose()


def current_tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()

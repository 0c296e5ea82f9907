"""Alembic migrations, applied programmatically with the URL passed in: `prepare_database` is the one place
every entry point that touches the database brings it to the current schema (the CLI once per command, a
bare `scrapy crawl` once per crawl); `gbawatch db upgrade` applies a chosen revision."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import DatabaseError

from storage.engine import check_connection, make_engine, require_database, require_schema
from storage.errors import MigrationError, SchemaTooNew

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate to `revision`; SchemaTooNew if a newer gba-watch migrated the database past what we know."""
    engine = make_engine(url)
    try:
        check_connection(engine)
        _upgrade(engine, url, revision)
    finally:
        engine.dispose()


def _upgrade(engine: Engine, url: str, revision: str) -> None:
    try:
        check_not_newer(engine, url)
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except DatabaseError as exc:  # OperationalError, and a file that is not a database
        raise MigrationError(f"migration failed: {str(exc.orig or exc).splitlines()[0]}") from exc


def check_not_newer(engine: Engine, url: str) -> None:
    """SchemaTooNew, in one line, when the database is at a revision this code does not know."""
    script = ScriptDirectory.from_config(alembic_config(url))
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    unknown = [revision for revision in current or () if not _known(script, revision)]
    if unknown:
        raise SchemaTooNew(f"the database is at schema revision {', '.join(unknown)}, newer than this gba-watch "
                           f"(it knows up to {script.get_current_head()}): upgrade gba-watch to use it")


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def prepare_database(url: str, *, existing: bool = False) -> None:
    """Reachable, not newer than the code, migrated to the head: what runs before a command touches the
    database (gbawatch.cli.open_sessions, and pipeline.database for a bare `scrapy crawl`).

    `existing` (a command that only reads or edits an archive): the database and our tables must be there
    already, and a missing SQLite file is never created (storage.engine.require_database, NoDatabase)."""
    if existing:
        require_database(url)
    engine = make_engine(url)
    try:
        check_connection(engine)
        if existing:
            require_schema(engine)
        _upgrade(engine, url, "head")
    finally:
        engine.dispose()


def current_tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()

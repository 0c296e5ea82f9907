"""Errors raised by the storage layer."""


class StorageError(Exception):
    """Base class for storage errors."""


class DatabaseUnavailable(StorageError):
    """Raised by make_engine/check_connection when the database cannot be reached."""


class MigrationError(StorageError):
    """Raised by storage.migrate when the schema cannot be brought up to date."""


class SchemaTooNew(MigrationError):
    """Raised by storage.migrate.upgrade when the database was migrated by a newer gba-watch."""


class NoDatabase(StorageError):
    """Raised by storage.engine.require_database/require_schema: no SQLite file there, or none of our tables."""


def one_line(exc: BaseException) -> str:
    """The driver's own first line for a database error (`server closed the connection unexpectedly`),
    else the exception's, for a message a person reads."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return (text.splitlines() or [type(exc).__name__])[0]

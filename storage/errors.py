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

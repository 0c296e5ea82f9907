"""Errors of the product layer; the CLI turns each into one line and an exit code."""


class GbaWatchError(Exception):
    """Base class: an expected failure the user can act on."""

    exit_code = 1


class ConfigError(GbaWatchError):
    """Raised by gbawatch.config for an unreadable or invalid settings or sources file."""

    exit_code = 2


class UnknownSource(GbaWatchError):
    """Raised by the CLI when a source name is not in the sources file."""

    exit_code = 2


class InputError(GbaWatchError):
    """Raised by extract/ingest for an unreadable file or a bad argument (date, URL)."""

    exit_code = 2


class CrawlFailed(GbaWatchError):
    """Raised by gbawatch.crawl when a crawl could not run or ended in failure."""

    exit_code = 3


class AlreadyRunning(GbaWatchError):
    """Raised by `gbawatch schedule run` when another scheduler holds the database."""

    exit_code = 5


class Spooled(GbaWatchError):
    """Raised by `gbawatch ingest` when the database refused articles it kept in the spool instead."""

    exit_code = 4


class NotDelivered(GbaWatchError):
    """Raised by `gbawatch digest --send` when mail was queued but could not be delivered now."""

    exit_code = 6

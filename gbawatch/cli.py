"""The `gbawatch` command line: the group, its context and error handling (commands: gbawatch/commands/)."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, NoReturn

import click
from sqlalchemy.orm import Session, sessionmaker

from gbawatch.config import Settings, SourceConfig, load_settings, load_sources
from gbawatch.errors import GbaWatchError, InputError, UnknownSource
from storage.engine import make_engine, session_factory
from storage.errors import StorageError
from storage.migrate import prepare_database
from watch.safe_text import terminal_text

logger = logging.getLogger("gbawatch")


@dataclass
class Context:
    settings: Settings
    verbose: bool
    sessions: sessionmaker[Session] | None = None  # set by open_sessions, once the database is prepared

    def sources(self) -> dict[str, SourceConfig]:
        return load_sources(self.settings.sources_file)

    def source(self, name: str) -> SourceConfig:
        sources = self.sources()
        if name not in sources:
            raise UnknownSource(f"unknown source {name!r} (known: {', '.join(sorted(sources))})")
        return sources[name]


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"gbawatch: error: {message}", err=True)
    sys.exit(code)


class TerminalSafeStream(io.TextIOBase):
    """stdout/stderr for the commands: article text passes through `terminal_text`, so a hostile title can
    not ring bells, move the cursor or rewrite the screen (ESC, BEL, C1 controls, bidi overrides)."""

    def __init__(self, inner: IO[str]) -> None:
        self.inner = inner

    def write(self, text: str) -> int:
        self.inner.write(terminal_text(text))
        return len(text)

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return self.inner.isatty()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.inner, "errors", None)


class GbaWatchGroup(click.Group):
    """Maps expected errors to one line and an exit code; a traceback only with --verbose."""

    def invoke(self, ctx: click.Context) -> Any:
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = TerminalSafeStream(saved[0]), TerminalSafeStream(saved[1])
        try:
            return self._invoke(ctx)
        finally:
            sys.stdout, sys.stderr = saved

    def _invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # a subcommand's bad option or argument: one line too
            where = exc.ctx.command_path if exc.ctx is not None else "gbawatch"
            _fail(f"{exc.format_message()} (see `{where} --help`)", exc.exit_code)
        except GbaWatchError as exc:
            if _verbose(ctx):
                raise
            _fail(str(exc), exc.exit_code)
        except StorageError as exc:
            if _verbose(ctx):
                raise
            _fail(str(exc), 4)


def _verbose(ctx: click.Context) -> bool:
    obj = ctx.obj
    return bool(obj.verbose) if isinstance(obj, Context) else "--verbose" in sys.argv or "-v" in sys.argv


# The days a date option accepts: every date the archive can hold, with room to add a time zone's offset
# or a day (0001-01-01 minus eight hours, 9999-12-31 plus a day, overflow Python's datetime).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"bad date {value!r}: expected YYYY-MM-DD") from exc
    check_day(day)
    return day


def check_day(day: date) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InputError(f"date {day.isoformat()} is out of range: use a day from {FIRST_DAY} to {LAST_DAY}")


@click.group(cls=GbaWatchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "database_url", metavar="URL", help="Database URL (default: $GBAWATCH_DATABASE_URL "
              "or sqlite:///gbawatch.db).")
@click.option("--sources", "sources_file", type=click.Path(path_type=Path), help="Sources file (TOML).")
@click.option("-v", "--verbose", is_flag=True, help="Log more and show tracebacks.")
@click.pass_context
def main(ctx: click.Context, database_url: str | None, sources_file: Path | None, verbose: bool) -> None:
    """gba-watch: Greater Bay Area science and technology policy monitor."""
    handler = logging.StreamHandler()
    handler.setLevel(logging.INFO if verbose else logging.WARNING)  # Scrapy lowers the root level
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler])
    ctx.obj = Context(load_settings(database_url=database_url, sources_file=sources_file), verbose)


def _register(module: str) -> None:
    """Subcommands live in their own modules; importing registers them on `main`."""
    __import__(module)


pass_context: Callable[..., Any] = click.make_pass_decorator(Context)



def open_sessions(ctx: Context, *, create: bool = False) -> sessionmaker[Session]:
    """The command's session factory on the configured database. Its first call is the one place a command
    prepares the database (storage.migrate.prepare_database): reachable, not newer than this code, migrated
    to the head; one line and exit 4 otherwise.

    Only a command that brings articles or rules in (`create`: crawl, ingest, demo, watch add …) may create
    the database; any other needs an existing archive: a SQLite path that does not exist stays so."""
    if ctx.sessions is None:
        prepare_database(ctx.settings.database_url, existing=not create)
        ctx.sessions = session_factory(make_engine(ctx.settings.database_url))
    return ctx.sessions


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


# Registered last: the command modules import the helpers above.
for _module in ("gbawatch.commands.db", "gbawatch.commands.crawl", "gbawatch.commands.pages",
                "gbawatch.commands.runs", "gbawatch.commands.archive", "gbawatch.commands.digest",
                "gbawatch.commands.watch", "gbawatch.commands.profile",
                "gbawatch.commands.relevance",
                "gbawatch.commands.demo"):
    _register(_module)

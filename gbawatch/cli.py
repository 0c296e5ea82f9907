"""The `gbawatch` command line: the group, its context and error handling (commands: gbawatch/commands/).

Start-up is kept light on purpose: this module imports only click and our error classes, and a command's
module (with Scrapy, Twisted, jieba, matplotlib, scikit-learn … behind it) is imported only when that command
runs, so `gbawatch --help` and `gbawatch search` do not pay for the crawler. Database and configuration modules
are imported inside the functions that need them for the same reason.
"""

from __future__ import annotations

import importlib
import io
import json
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

import click

from gbawatch.errors import GbaWatchError, InputError, UnknownSource
from storage.errors import StorageError
from watch.safe_text import terminal_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from gbawatch.config import Settings, SourceConfig

logger = logging.getLogger("gbawatch")


@dataclass
class Context:
    settings: Settings
    verbose: bool
    sessions: sessionmaker[Session] | None = None  # set by open_sessions, once the database is prepared

    def sources(self) -> dict[str, SourceConfig]:
        from gbawatch.config import load_sources

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


@dataclass(frozen=True)
class LazyCommand:
    """Where a top-level command lives and its one-line summary, so `--help` can list it without importing it."""

    module: str
    summary: str


# Every top-level command: its module is imported (registering it on `main`) the first time it is looked up.
# tests/gbawatch/test_startup.py checks each summary against the command's own help.
COMMANDS: dict[str, LazyCommand] = {
    "db": LazyCommand("gbawatch.commands.db", "Database schema management."),
    "sources": LazyCommand("gbawatch.commands.db", "List the configured sources."),
    "crawl": LazyCommand("gbawatch.commands.crawl", "Crawl SOURCE..."),
    "extract": LazyCommand("gbawatch.commands.pages", "Parse saved pages and run the NLP; store nothing."),
    "ingest": LazyCommand("gbawatch.commands.pages",
                          "Parse saved pages, run the NLP and store the articles (or replay a spool)."),
    "runs": LazyCommand("gbawatch.commands.runs", "The crawl history: per-source counts, drop reasons, failures."),
    "search": LazyCommand("gbawatch.commands.archive",
                          "Find articles matching QUERY (in Traditional or Simplified) and the filters."),
    "export": LazyCommand("gbawatch.commands.archive", "Write the archive, or the articles matching QUERY and the "
                          "filters, as JSON Lines or CSV."),
    "trends": LazyCommand("gbawatch.commands.archive", "How often ENTITY is mentioned per day/week/month (and when "
                          "first), or --rising: the movers."),
    "timeline": LazyCommand("gbawatch.commands.archive", "Every figure reported about ENTITY, per metric, over time, "
                            "with its sentence and article."),
    "stories": LazyCommand("gbawatch.commands.archive", "Group articles telling the same story (script twins, "
                           "reports of a release) and list the groups."),
    "watch": LazyCommand("gbawatch.commands.watch", "Watch rules: what to be alerted about, and where."),
    "feed": LazyCommand("gbawatch.commands.watch", "Write RULE's Atom feed of alerts."),
    "schedule": LazyCommand("gbawatch.commands.watch",
                            "The scheduler: crawls, alerts and the daily digest on their own."),
    "digest": LazyCommand("gbawatch.commands.digest", "The daily digest: stories, entities, officials, first "
                          "mentions, figures, rising entities."),
    "profile": LazyCommand("gbawatch.commands.profile", "Topic profiles: the entity categories, entities, queries, "
                           "sources and languages a reader follows."),
    "relevance": LazyCommand("gbawatch.commands.relevance",
                             "The relevance model: retrain it, score the archive with it."),
    "demo": LazyCommand("gbawatch.commands.demo", "Crawl the bundled offline snapshot with the real spiders into "
                        "the database, then report."),
}


class GbaWatchGroup(click.Group):
    """Maps expected errors to one line and an exit code; a traceback only with --verbose. Commands load lazily
    from `COMMANDS` (see the module docstring)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        lazy = COMMANDS.get(cmd_name)
        if cmd_name not in self.commands and lazy is not None:
            importlib.import_module(lazy.module)  # its decorators register the command on `main`
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of `--help`, from `COMMANDS` for commands not loaded yet (importing them all
        would cost the start-up this group exists to save)."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows: list[tuple[str, str]] = []
        for name in names:
            command = self.commands.get(name)
            if command is not None:
                if command.hidden:
                    continue
                rows.append((name, command.get_short_help_str(limit)))
            else:
                # A stand-in command shortens the summary exactly as click shortens a loaded command's help.
                rows.append((name, click.Command(name, help=COMMANDS[name].summary).get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

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


class OneLineFormatter(logging.Formatter):
    """Without --verbose a log record is one line: a library logging a traceback (Scrapy's robots.txt
    middleware, for a refused connection) shows its message and the exception's, not the stack."""

    def format(self, record: logging.LogRecord) -> str:
        if record.exc_info or record.exc_text or record.stack_info:
            error = record.exc_info[1] if record.exc_info else None
            record = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None,
                                            "stack_info": None})
            if error is not None:
                record.msg, record.args = f"{record.getMessage()} ({type(error).__name__}: {error})", None
        return " ".join(super().format(record).splitlines())


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
    handler.setFormatter((logging.Formatter if verbose else OneLineFormatter)(
        "%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler])
    from gbawatch.config import load_settings

    ctx.obj = Context(load_settings(database_url=database_url, sources_file=sources_file), verbose)


pass_context: Callable[..., Any] = click.make_pass_decorator(Context)



def open_sessions(ctx: Context, *, create: bool = False) -> sessionmaker[Session]:
    """The command's session factory on the configured database. Its first call is the one place a command
    prepares the database (storage.migrate.prepare_database): reachable, not newer than this code, migrated
    to the head; one line and exit 4 otherwise.

    Only a command that brings articles or rules in (`create`: crawl, ingest, demo, watch add …) may create
    the database; any other needs an existing archive: a SQLite path that does not exist stays so."""
    if ctx.sessions is None:
        from storage.engine import make_engine, session_factory
        from storage.migrate import prepare_database  # Alembic: loaded by the commands that use the database

        prepare_database(ctx.settings.database_url, existing=not create)
        engine = make_engine(ctx.settings.database_url)
        command = click.get_current_context(silent=True)
        if command is not None:
            # Closed with the command, whichever way it ends: no connection outlives it (PostgreSQL counts them).
            command.call_on_close(engine.dispose)
        ctx.sessions = session_factory(engine)
    return ctx.sessions


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")

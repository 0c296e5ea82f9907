"""`gbawatch db upgrade`, `gbawatch db reindex`, `gbawatch sources`."""

from __future__ import annotations

import click

from gbawatch.cli import Context, main, open_sessions, pass_context
from storage.archive_index import index_pending, pending_count, rebuild
from storage.migrate import upgrade


@main.group()
def db() -> None:
    """Database schema management."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@pass_context
def db_upgrade(ctx: Context, revision: str) -> None:
    """Apply the Alembic migrations to the database."""
    upgrade(ctx.settings.database_url, revision)
    click.echo(f"database at {ctx.settings.database_url} is at revision {revision}")


@db.command("reindex")
@click.option("--all", "everything", is_flag=True, help="Rebuild the whole search index, not only what is queued.")
@pass_context
def db_reindex(ctx: Context, everything: bool) -> None:
    """Bring the search index up to date (new, changed and pre-upgrade articles), or rebuild it.

    Searches do the first on their own; run it ahead of them after an upgrade of a large archive. Rebuild
    after changing the search key's data, or to drop the n-gram rows edited and deleted articles leave.
    """
    factory = open_sessions(ctx)
    try:
        with factory.begin() as session:
            if everything:
                done = rebuild(session)
            else:
                click.echo(f"{pending_count(session)} article(s) queued", err=True)
                done = index_pending(session)
    finally:
        factory.kw["bind"].dispose()
    click.echo(f"indexed {done} article(s)")


@main.command("sources")
@pass_context
def sources(ctx: Context) -> None:
    """List the configured sources."""
    for name, source in ctx.sources().items():
        state = "enabled" if source.enabled else "disabled"
        click.echo(f"{name:14} {source.spider:14} {state:8} every {source.schedule_minutes:>4} min  {source.base_url}")

"""`gbawatch db upgrade`, `gbawatch sources`."""

from __future__ import annotations

import click

from gbawatch.cli import Context, main, pass_context
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


@main.command("sources")
@pass_context
def sources(ctx: Context) -> None:
    """List the configured sources."""
    for name, source in ctx.sources().items():
        state = "enabled" if source.enabled else "disabled"
        click.echo(f"{name:14} {source.spider:14} {state:8} every {source.schedule_minutes:>4} min  {source.base_url}")

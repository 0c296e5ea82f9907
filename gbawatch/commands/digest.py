"""`gbawatch digest`: the daily digest."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import click

from gbawatch.cli import Context, main, open_sessions, parse_day, pass_context
from gbawatch.digest import build_digest, render_markdown, render_text


@main.command("digest")
@click.option("--date", "day", help="The day (YYYY-MM-DD, default today) in the configured time zone.")
@click.option("--format", "fmt", type=click.Choice(["md", "text"]), default="md", show_default=True)
@pass_context
def digest(ctx: Context, day: str | None, fmt: str) -> None:
    """The daily digest: announcements, officials with titles, projects, first mentions, figures."""
    when = parse_day(day) or datetime.now(ZoneInfo(ctx.settings.timezone)).date()
    with open_sessions(ctx)() as session:
        built = build_digest(session, when, ctx.settings.timezone)
    click.echo(render_markdown(built) if fmt == "md" else render_text(built), nl=False)

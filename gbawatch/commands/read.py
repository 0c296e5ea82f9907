"""`gbawatch search`, `gbawatch digest`, `gbawatch runs`: reading the archive."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import click

from gbawatch.cli import Context, echo_json, main, parse_day, pass_context
from gbawatch.digest import build_digest, render_markdown, render_text
from nlp.convert import to_simplified
from storage.engine import check_connection, make_engine, session_factory
from storage.runs import list_runs
from storage.search import search_articles


def _sessions(ctx: Context):  # type: ignore[no-untyped-def]
    engine = make_engine(ctx.settings.database_url)
    check_connection(engine)
    return session_factory(engine)


@main.command("search")
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@pass_context
def search(ctx: Context, query: str, limit: int, as_json: bool) -> None:
    """Find articles containing every word of QUERY, in Traditional or Simplified."""
    terms = [to_simplified(t) for t in query.split() if t]
    with _sessions(ctx)() as session:
        hits = search_articles(session, terms, limit=limit)
    for hit in hits:
        if as_json:
            echo_json({"url": hit.url, "source": hit.source, "title": hit.title,
                       "published_at": hit.published_at, "snippet": hit.snippet})
        else:
            when = hit.published_at.astimezone(ZoneInfo(ctx.settings.timezone)).strftime("%Y-%m-%d %H:%M")
            click.echo(f"{when}  {hit.source:13} {hit.title}\n    {hit.snippet}\n    {hit.url}")
    if not as_json:
        click.echo(f"{len(hits)} result(s)")


@main.command("digest")
@click.option("--date", "day", help="The day (YYYY-MM-DD, default today) in the configured time zone.")
@click.option("--format", "fmt", type=click.Choice(["md", "text"]), default="md", show_default=True)
@pass_context
def digest(ctx: Context, day: str | None, fmt: str) -> None:
    """The daily digest: announcements, officials with titles, projects, first mentions, figures."""
    when = parse_day(day) or datetime.now(ZoneInfo(ctx.settings.timezone)).date()
    with _sessions(ctx)() as session:
        built = build_digest(session, when, ctx.settings.timezone)
    click.echo(render_markdown(built) if fmt == "md" else render_text(built), nl=False)


@main.command("runs")
@click.option("--source", help="Only this source.")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@pass_context
def runs(ctx: Context, source: str | None, limit: int, as_json: bool) -> None:
    """The crawl history: per-source counts, drop reasons, failures."""
    with _sessions(ctx)() as session:
        history = list_runs(session, source=source, limit=limit)
    for run in history:
        dropped = {k.rsplit("/", 1)[-1]: v for k, v in run.stats.items()
                   if k.startswith("item_dropped_reasons_count/")}
        if as_json:
            echo_json({"id": run.id, "source": run.source, "started_at": run.started_at,
                       "finished_at": run.finished_at, "status": run.status, "drifting": run.drifting,
                       "stats": run.stats, "errors": run.errors})
            continue
        started = run.started_at.astimezone(ZoneInfo(ctx.settings.timezone)).strftime("%Y-%m-%d %H:%M:%S")
        flag = "  DRIFTING" if run.drifting else ""
        click.echo(f"#{run.id:<4} {started}  {run.source:13} {run.status:9} "
                   f"stored {run.stats.get('gbawatch/stored', 0):>4}  new {run.stats.get('gbawatch/created', 0):>4}"
                   f"  dropped {sum(dropped.values()):>3}{flag}")
        for reason, count in sorted(dropped.items()):
            click.echo(f"      dropped {reason}: {count}")
        for error in run.errors[:5]:
            click.echo(f"      error: {error}")

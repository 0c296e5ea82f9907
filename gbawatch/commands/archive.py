"""`gbawatch search` (and later export, trends): reading the archive."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import click

from gbawatch.cli import Context, echo_json, main, open_sessions, pass_context
from nlp.convert import to_simplified
from storage.search import search_articles


@main.command("search")
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@pass_context
def search(ctx: Context, query: str, limit: int, as_json: bool) -> None:
    """Find articles containing every word of QUERY, in Traditional or Simplified."""
    terms = [to_simplified(t) for t in query.split() if t]
    with open_sessions(ctx)() as session:
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

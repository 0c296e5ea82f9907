"""`gbawatch demo`: serve the bundled offline snapshot on 127.0.0.1, crawl it, show a digest and a search."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn
from sqlalchemy import func, select

from gbawatch.cli import Context, main, open_sessions, pass_context
from gbawatch.commands.crawl import summarise
from gbawatch.crawl import CrawlJob, run_crawls
from gbawatch.mirror import SNAPSHOT_ROOT, serving
from storage.models import Article
from storage.queries import article_count
from storage.search import search_articles
from watch.digest import build_digest, render_markdown

SAMPLE_QUERY = "河套"


@main.command("demo")
@click.option("--query", default=SAMPLE_QUERY, show_default=True, help="The sample search to show.")
@pass_context
def demo(ctx: Context, query: str) -> None:
    """Crawl the bundled offline snapshot with the real spiders into the database, then report."""
    console = Console()
    if not ctx.verbose:
        # The snapshot holds deliberately broken pages (404, 500, login walls): their outcome is counted
        # in the summary below, so the per-page warnings would only hide the progress display.
        for handler in logging.getLogger().handlers:
            handler.setLevel(logging.CRITICAL)
    sessions = open_sessions(ctx, create=True)  # the database prepared before the crawl starts
    sources = ctx.sources()
    with serving(SNAPSHOT_ROOT) as mirror:
        jobs = []
        for source in sources.values():
            host = urlsplit(source.base_url).hostname or ""
            if source.enabled and host in mirror.bases:
                jobs.append(CrawlJob(source, base_url=mirror.base(host)))
        console.print(f"[bold]gba-watch demo[/bold]: {len(jobs)} sources served from the offline snapshot "
                      f"({SNAPSHOT_ROOT}) on 127.0.0.1, database {ctx.settings.database_url}")
        with Progress(SpinnerColumn(), TextColumn("{task.description:14}"), BarColumn(),
                      TextColumn("{task.completed} articles  {task.fields[dropped]} dropped"),
                      console=console, transient=False) as progress:
            tasks = {job.source.name: progress.add_task(job.source.name, total=None, dropped=0) for job in jobs}

            def on_item(name: str, item: Any) -> None:
                progress.advance(tasks[name])

            def on_drop(name: str, exception: Any) -> None:
                task = tasks[name]
                progress.update(task, dropped=progress.tasks[task].fields["dropped"] + 1)

            results = run_crawls(jobs, database_url=ctx.settings.database_url, timezone=ctx.settings.timezone,
                                 on_item=on_item, on_drop=on_drop, log_level="ERROR")
            for task in tasks.values():
                progress.update(task, total=progress.tasks[task].completed)
    console.print(summarise(results), highlight=False)
    stories = sum(int(r.stats.get("gbawatch/linked", 0)) for r in results)
    console.print(f"{stories} pairs of articles linked into stories (script twins, reports of one release)")
    with sessions() as session:
        total = article_count(session)
        latest = session.scalar(select(func.max(Article.published_at)).where(Article.date_missing.is_(False)))
        console.rule(f"Digest ({total} articles in the archive)")
        if latest is not None:
            day = latest.astimezone(ZoneInfo(ctx.settings.timezone)).date()
            click.echo(render_markdown(build_digest(session, day, ctx.settings.timezone), limit=10))
        console.rule(f"Search: {query}")
        hits = search_articles(session, query.split(), limit=5)
        for hit in hits:
            click.echo(f"{hit.published_at.date()}  {hit.source:13} {hit.title}\n    {hit.snippet}")
        click.echo(f"{len(hits)} result(s) shown")

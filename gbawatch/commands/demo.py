"""`gbawatch demo`: serve the bundled offline snapshot on 127.0.0.1, crawl it, show a digest and a search."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn
from sqlalchemy import func, select

from gbawatch.cli import Context, main, pass_context
from gbawatch.commands.crawl import summarise
from gbawatch.crawl import CrawlJob, cluster_new_articles, run_crawls
from gbawatch.mirror import SNAPSHOT_ROOT, serving
from storage.archive_index import index_pending
from storage.engine import make_engine, session_factory
from storage.migrate import upgrade
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
    upgrade(ctx.settings.database_url)
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

            started = datetime.now(timezone.utc)
            results = run_crawls(jobs, database_url=ctx.settings.database_url, on_item=on_item,
                                 on_drop=on_drop, log_level="ERROR")
            for task in tasks.values():
                progress.update(task, total=progress.tasks[task].completed)
    console.print(summarise(results), highlight=False)
    stories = cluster_new_articles(ctx.settings.database_url, started)
    console.print(f"{stories} pairs of articles linked into stories (script twins, reports of one release)")
    engine = make_engine(ctx.settings.database_url)
    with session_factory(engine)() as session:
        total = article_count(session)
        latest = session.scalar(select(func.max(Article.published_at)).where(Article.date_missing.is_(False)))
        console.rule(f"Digest ({total} articles in the archive)")
        if latest is not None:
            day = latest.astimezone(ZoneInfo(ctx.settings.timezone)).date()
            click.echo(render_markdown(build_digest(session, day, ctx.settings.timezone), limit=10))
        console.rule(f"Search: {query}")
        index_pending(session)  # the search index catches up with the crawl
        session.commit()
        hits = search_articles(session, query.split(), limit=5)
        for hit in hits:
            click.echo(f"{hit.published_at.date()}  {hit.source:13} {hit.title}\n    {hit.snippet}")
        click.echo(f"{len(hits)} result(s) shown")
    engine.dispose()

"""`gbawatch extract` and `gbawatch ingest`: saved pages through the spider and the pipeline stages."""

from __future__ import annotations

from pathlib import Path

import click

from gbawatch.cli import Context, echo_json, main, open_sessions, pass_context
from gbawatch.commands.crawl import web_url
from gbawatch.errors import InputError, Spooled
from gbawatch.extract import extract_pages, relevance_json
from pipeline.dedupe import DedupeArticle
from pipeline.errors import UnreadableSpool
from pipeline.ingest import DEFAULT_BATCH, BatchResult, IngestService
from pipeline.spool import read_spool, spool_files
from storage.article_views import extract_json
from storage.records import ArticleRecord

_paths = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))


def _check_url(url: str | None) -> None:
    if url is not None and not web_url(url):
        raise InputError(f"--url must be the page's http(s) address, not {url!r}")


@main.command("extract")
@click.option("--source", "source_name", required=True, help="Source whose spider parses the pages.")
@click.option("--url", help="The page's original URL (default: from a mirror layout, else file:).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article (the documented keys).")
@_paths
@pass_context
def extract(ctx: Context, source_name: str, url: str | None, as_json: bool, paths: tuple[Path, ...]) -> None:
    """Parse saved pages and run the NLP; store nothing."""
    _check_url(url)
    source = ctx.source(source_name)
    failures = 0
    for outcome in extract_pages(source, list(paths), url=url):
        if outcome.article is None:
            failures += 1
            click.echo(f"{outcome.path}: rejected: {outcome.rejected}", err=True)
            continue
        data = {**extract_json(outcome.article), **relevance_json(outcome.article)}
        if as_json:
            echo_json(data)
        else:
            click.echo(f"{data['title']}\n  {data['url']}\n  {data['published_at']}  {data['author'] or ''}")
            for entity in data["entities"]:
                title = f" [{entity['title']}]" if entity["title"] else ""
                click.echo(f"  {entity['type']:12} {entity['canonical']}{title}")
            for figure in data["figures"]:
                click.echo(
                    f"  figure       {figure['text']} = {figure['value']:g} {figure['unit']} {figure['metric'] or ''}"
                )
    if failures:
        raise SystemExit(1)


@main.command("ingest")
@click.option("--source", "source_name", help="Source whose spider parses the pages.")
@click.option("--url", help="The page's original URL (default: from a mirror layout, else file:).")
@click.option(
    "--spool",
    "spool_dir",
    type=click.Path(path_type=Path),
    help="Store the batches a crawl kept on disk while the database was down.",
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@pass_context
def ingest(
    ctx: Context, source_name: str | None, url: str | None, spool_dir: Path | None, paths: tuple[Path, ...]
) -> None:
    """Parse saved pages, run the NLP and store the articles (or replay a spool).

    The same path as a crawl's articles: dedupe, store, index, stories, alerts (pipeline.ingest)."""
    _check_url(url)
    if spool_dir is not None:
        if not spool_dir.is_dir():
            raise InputError(f"no spool directory {spool_dir}")
    elif not source_name or not paths:
        raise InputError("ingest needs --source NAME and PATH..., or --spool DIR")
    else:
        ctx.source(source_name)  # an unknown source fails before the database is touched
    sessions = open_sessions(ctx, create=True)
    service = IngestService(sessions, tz=ctx.settings.timezone)
    if spool_dir is not None:
        replay_spool(service, spool_dir)
        return
    assert source_name is not None
    source = ctx.source(source_name)
    stored = rejected = spooled = 0
    pending: list[ArticleRecord] = []
    for outcome in extract_pages(source, list(paths), url=url, dedupe=DedupeArticle(sessions)):
        if outcome.article is None:
            rejected += 1
            click.echo(f"{outcome.path}: rejected: {outcome.rejected}", err=True)
            continue
        pending.append(outcome.article)
        if len(pending) >= DEFAULT_BATCH:
            stored, spooled = _report(service.ingest_or_spool(pending), pending, stored, spooled)
            pending = []
    stored, spooled = _report(service.ingest_or_spool(pending), pending, stored, spooled)
    click.echo(f"{stored} stored, {rejected} rejected")
    if spooled:
        raise Spooled(f"the database refused {spooled} article(s), kept in the spool: replay them with "
                      "`gbawatch ingest --spool spool` when it is back")
    if rejected and not stored:
        raise SystemExit(1)


def _report(result: BatchResult, batch: list[ArticleRecord], stored: int, spooled: int) -> tuple[int, int]:
    for outcome, record in zip(result.outcomes, batch, strict=False):
        click.echo(f"{'new' if outcome.created else 'updated'} #{outcome.article_id} {record.url}")
    if result.spool_file is not None:
        click.echo(f"{len(batch)} article(s) kept in {result.spool_file}: {result.failure}", err=True)
    return stored + len(result.outcomes), spooled + result.spooled


def replay_spool(service: IngestService, spool_dir: Path) -> None:
    """Each batch takes the ingest path and is removed once committed; a batch that cannot be read is kept
    and reported, and does not stop the batches after it."""
    unreadable = []
    for batch in spool_files(spool_dir):
        try:
            records = read_spool(batch)
        except UnreadableSpool as exc:
            unreadable.append(str(exc))
            continue
        result = service.ingest(records)
        batch.unlink()  # only after the batch is committed
        click.echo(f"{batch.name}: {len(result.outcomes)} stored")
    if unreadable:
        raise InputError(f"{len(unreadable)} spool batch(es) could not be read and were kept in {spool_dir}: "
                         + "; ".join(unreadable))

"""`gbawatch extract` and `gbawatch ingest`: saved pages through the spider and the pipeline stages."""

from __future__ import annotations

from pathlib import Path

import click

from gbawatch.cli import Context, echo_json, main, pass_context
from gbawatch.commands.crawl import web_url
from gbawatch.errors import InputError
from gbawatch.extract import extract_pages, relevance_json
from pipeline.database import Database
from pipeline.errors import UnreadableSpool
from pipeline.spool import read_spool, spool_files
from pipeline.store import store_records
from storage.article_views import extract_json
from storage.engine import check_connection, make_engine, session_factory
from storage.migrate import upgrade

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
    """Parse saved pages, run the NLP and store the articles (or replay a spool)."""
    _check_url(url)
    if spool_dir is not None:
        if not spool_dir.is_dir():
            raise InputError(f"no spool directory {spool_dir}")
    elif not source_name or not paths:
        raise InputError("ingest needs --source NAME and PATH..., or --spool DIR")
    else:
        ctx.source(source_name)  # an unknown source fails before the database is touched
    engine = make_engine(ctx.settings.database_url)
    check_connection(engine)
    upgrade(ctx.settings.database_url)
    database = Database(ctx.settings.database_url, engine, session_factory(engine))
    if spool_dir is not None:
        try:
            replay_spool(database, spool_dir)
        finally:
            engine.dispose()
        return
    assert source_name is not None
    source = ctx.source(source_name)
    stored = rejected = 0
    for outcome in extract_pages(source, list(paths), url=url):
        if outcome.article is None:
            rejected += 1
            click.echo(f"{outcome.path}: rejected: {outcome.rejected}", err=True)
            continue
        result = store_records(database, [outcome.article])[0]
        stored += 1
        click.echo(f"{'new' if result.created else 'updated'} #{result.article_id} {outcome.article.url}")
    engine.dispose()
    click.echo(f"{stored} stored, {rejected} rejected")
    if rejected and not stored:
        raise SystemExit(1)


def replay_spool(database: Database, spool_dir: Path) -> None:
    """Store each batch and remove it once committed; a batch that cannot be read is kept and reported, and
    does not stop the batches after it."""
    unreadable = []
    for batch in spool_files(spool_dir):
        try:
            records = read_spool(batch)
        except UnreadableSpool as exc:
            unreadable.append(str(exc))
            continue
        outcomes = store_records(database, records)
        batch.unlink()  # only after the batch is committed
        click.echo(f"{batch.name}: {len(outcomes)} stored")
    if unreadable:
        raise InputError(f"{len(unreadable)} spool batch(es) could not be read and were kept in {spool_dir}: "
                         + "; ".join(unreadable))

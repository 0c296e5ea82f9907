"""`gbawatch crawl`: run the spiders with Scrapy's engine into the database."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import click

from gbawatch.cli import Context, check_day, main, open_sessions, parse_day, pass_context
from gbawatch.crawl import CrawlJob, CrawlResult, run_crawls, setting_overrides
from gbawatch.errors import CrawlFailed, InputError
from spiders.dates import parse_date


def parse_base_urls(values: tuple[str, ...], names: list[str]) -> dict[str, str]:
    """`--base-url URL` for a single source, or `--base-url NAME=URL` per source."""
    mapping: dict[str, str] = {}
    for value in values:
        if "=" in value and not value.startswith("http"):
            name, url = value.split("=", 1)
            mapping[name] = url
        elif len(names) == 1:
            mapping[names[0]] = value
        else:
            raise InputError("with several sources, give --base-url as NAME=URL")
    for url in mapping.values():
        if not web_url(url):
            raise InputError(f"--base-url must be an http(s) URL with a host, not {url!r}")
    return mapping


def web_url(url: str) -> bool:
    """An http or https URL with a host: what --url and --base-url accept."""
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def summarise(results: list[CrawlResult]) -> str:
    lines = []
    for result in results:
        stats = result.stats
        dropped = {k.rsplit("/", 1)[-1]: v for k, v in stats.items() if k.startswith("item_dropped_reasons_count/")}
        prefix = f"gbawatch/{result.source}/error/"
        errors = {k[len(prefix):]: v for k, v in stats.items() if k.startswith(prefix) and k != f"{prefix}robots"}
        refused = stats.get(f"{prefix}robots") or stats.get("robotstxt/forbidden", 0)
        lines.append(f"{result.source:14} {result.reason:10} stored {stats.get('gbawatch/stored', 0):>4}  "
                     f"new {stats.get('gbawatch/created', 0):>4}  dropped {sum(dropped.values()):>3}"
                     + (f" ({', '.join(f'{k} {v}' for k, v in sorted(dropped.items()))})" if dropped else "")
                     + (f"  page errors: {', '.join(f'{k} {v}' for k, v in sorted(errors.items()))}"
                        if errors else "")
                     + (f"  robots.txt refused {refused} request(s)" if refused else "")
                     + (f"  spooled {stats['gbawatch/store_failed']}" if stats.get("gbawatch/store_failed") else "")
                     + (f"  NOT KEPT {stats['gbawatch/spool_failed']}" if stats.get("gbawatch/spool_failed") else ""))
    return "\n".join(lines)


@main.command("crawl")
@click.argument("source_names", nargs=-1, metavar="[SOURCE...]")
@click.option("--base-url", "base_urls", multiple=True, metavar="URL",
              help="Crawl a mirror with the real site's path layout (NAME=URL with several sources).")
@click.option("--max-pages", type=int, help="List pages per section at most.")
@click.option("--since", help="Skip articles published before this date (YYYY-MM-DD).")
@click.option("--no-nlp", is_flag=True, help="Store without entity and figure extraction.")
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE", help="A Scrapy setting.")
@pass_context
def crawl(ctx: Context, source_names: tuple[str, ...], base_urls: tuple[str, ...], max_pages: int | None,
          since: str | None, no_nlp: bool, overrides: tuple[str, ...]) -> None:
    """Crawl SOURCE... (all enabled sources by default) into the database."""
    sources = ctx.sources()
    names = list(source_names) or [n for n, s in sources.items() if s.enabled]
    for name in names:
        ctx.source(name)  # unknown names fail here, before anything runs
    since_at = None
    if since:
        since_at = parse_date(since)
        if since_at is None:
            parse_day(since[:10])  # says why: out of range, or not a date
            raise InputError(f"bad date {since!r}: expected YYYY-MM-DD")
        check_day(since_at.date())
    bases = parse_base_urls(base_urls, names)
    settings = setting_overrides(overrides)
    open_sessions(ctx, create=True)  # the database prepared before the crawl starts
    if no_nlp:
        settings["GBAWATCH_NLP_ENABLED"] = False
    jobs = [CrawlJob(sources[n], base_url=bases.get(n), max_pages=max_pages, since=since_at) for n in names]
    results = run_crawls(jobs, database_url=ctx.settings.database_url, timezone=ctx.settings.timezone,
                         overrides=settings, log_level="INFO" if ctx.verbose else "WARNING")
    click.echo(summarise(results))
    linked = sum(int(r.stats.get("gbawatch/linked", 0)) for r in results)
    alerts = sum(int(r.stats.get("gbawatch/alerts", 0)) for r in results)
    if linked or alerts:
        click.echo(f"{linked} pairs of articles linked into stories, {alerts} alert(s) raised")
    report_losses(results)
    failed = [problem for r in results if (problem := r.problem) is not None]
    if failed:
        raise CrawlFailed(f"crawl failed for: {'; '.join(failed)}")


def report_losses(results: list[CrawlResult]) -> None:
    """CrawlFailed naming what the database refused and where it is kept (the replay command with its
    directory), or what neither the database nor the disk would take."""
    unkept = [r for r in results if r.stats.get("gbawatch/spool_failed")]
    if unkept:
        raise CrawlFailed("; ".join(f"{r.source}: {r.stats['gbawatch/spool_failed']} articles neither stored nor "
                                    f"kept ({r.stats.get('gbawatch/spool_error')}), so the crawl stopped"
                                    for r in unkept)
                          + ". Make room (or set -s GBAWATCH_SPOOL_DIR=…) and crawl again: the next crawl "
                            "fetches them again")
    spooled = [r for r in results if r.stats.get("gbawatch/store_failed")]
    if spooled:
        directories = sorted({str(Path(r.stats["gbawatch/spool_file"]).parent) for r in spooled})
        raise CrawlFailed("the database refused some articles: "
                          + "; ".join(f"{r.source} {r.stats['gbawatch/store_failed']} kept in "
                                      f"{r.stats['gbawatch/spool_file']}" for r in spooled)
                          + " — replay them when it is back with "
                          + " and ".join(f"`gbawatch ingest --spool {d}`" for d in directories))

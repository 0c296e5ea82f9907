"""`gbawatch search`, `export`, `trends`, `timeline`, `stories`: reading the archive."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click
from sqlalchemy.orm import Session

from gbawatch.archive_output import (
    catch_up,
    chart_format,
    day_bounds,
    export_rows,
    make_filters,
    write_chart,
    write_csv,
    write_jsonl,
)
from gbawatch.cli import Context, echo_json, main, open_sessions, parse_day, pass_context
from gbawatch.errors import InputError
from gbawatch.output_file import check_writable, output_file
from storage.fts import QueryError
from storage.profiles import relevance_of
from storage.search import Order, SearchFilters, matching_query, resolve_entities
from storage.search import search as run_search
from storage.trends import Bucket, RisingEntity, TrendPoint, figure_timelines, first_mentions, mention_counts, rising
from watch.errors import ProfileError
from watch.profiles import get_profile

SEARCH_HELP = (
    'Words match in Traditional or Simplified; several words must all appear; "a phrase"; '
    "OR; NOT word or -word; parentheses."
)


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The filters shared by search and export."""
    for option in reversed(
        [
            click.option("--source", "sources", multiple=True, help="Only this source (repeatable)."),
            click.option("--since", help="From this day (YYYY-MM-DD, local time)."),
            click.option("--until", help="Up to and including this day (YYYY-MM-DD)."),
            click.option(
                "--entity",
                "entities",
                multiple=True,
                help="Mentions this entity: canonical name or alias, either script (repeatable: all).",
            ),
            click.option(
                "--type",
                "types",
                multiple=True,
                help="Mentions an entity of this type (person, project, organisation, place).",
            ),
            click.option("--section", "sections", multiple=True, help="Only this section (repeatable)."),
            click.option(
                "--profile",
                "profile_name",
                help="Only articles on this topic profile's topic (gbawatch profile list).",
            ),
            click.option(
                "--min-profile-relevance",
                type=click.FloatRange(0, 1),
                help="The profile relevance an article needs (default: the profile's threshold).",
            ),
        ]
    ):
        command = option(command)
    return command


def _filters(ctx: Context, options: dict[str, Any]) -> SearchFilters:
    if options["min_profile_relevance"] is not None and options["profile_name"] is None:
        raise InputError("--min-profile-relevance needs --profile NAME")
    return make_filters(
        sources=options["sources"],
        since=parse_day(options["since"]),
        until=parse_day(options["until"]),
        entities=options["entities"],
        types=options["types"],
        sections=options["sections"],
        tz=ctx.settings.timezone,
    )


def with_profile(session: Session, filters: SearchFilters, options: dict[str, Any]) -> SearchFilters:
    """The filters narrowed to articles whose stored relevance to `--profile` reaches the minimum (the
    profile's own threshold unless `--min-profile-relevance` says otherwise)."""
    name = options["profile_name"]
    if name is None:
        return filters
    try:
        profile = get_profile(session, name)
    except ProfileError as exc:
        raise InputError(str(exc)) from exc
    minimum = options["min_profile_relevance"]
    threshold = profile.threshold if minimum is None else minimum
    return replace(filters, profile=profile.name, min_profile_relevance=threshold)


@contextmanager
def archive_session(ctx: Context) -> Iterator[Session]:
    """A session after bringing the search index up to date; query errors become one-line input errors."""
    factory = open_sessions(ctx)
    try:
        with factory.begin() as session:
            catch_up(session, echo=lambda m: click.echo(m, err=True))
        with factory() as session:
            yield session
    except QueryError as exc:
        raise InputError(str(exc)) from exc
    finally:
        engine = factory.kw["bind"]
        engine.dispose()


@main.command("search", epilog=SEARCH_HELP)
@click.argument("query", default="")
@filter_options
@click.option("--order", type=click.Choice([o.value for o in Order]), default=Order.RELEVANCE.value, show_default=True)
@click.option("--collapse", is_flag=True, help="One line per story: fold same-story articles together.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10000))
@click.option("--json", "as_json", is_flag=True, help="JSON Lines (same as --format json).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True)
@pass_context
def search(
    ctx: Context, query: str, order: str, collapse: bool, limit: int, as_json: bool, fmt: str, **options: Any
) -> None:
    """Find articles matching QUERY (in Traditional or Simplified) and the filters."""
    filters = _filters(ctx, options)
    fmt = "json" if as_json else fmt
    with archive_session(ctx) as session:
        filters = with_profile(session, filters, options)
        hits = run_search(
            session,
            query,
            filters=filters,
            order=Order(order),
            limit=limit,
            collapse=collapse,
            mark=("\x1b[1m", "\x1b[0m") if fmt == "text" and sys.stdout.isatty() else ("«", "»"),
        )
        on_profile = (
            {i: r.score for i, r in relevance_of(session, [h.article_id for h in hits], filters.profile).items()}
            if filters.profile
            else {}
        )
    zone = ZoneInfo(ctx.settings.timezone)
    rows = [
        {
            "id": h.article_id,
            "url": h.url,
            "source": h.source,
            "title": h.title,
            "published_at": h.published_at.astimezone(zone).isoformat(),
            "section": h.section,
            "score": round(h.score, 4),
            "cluster_id": h.cluster_id,
            "also": list(h.also),
            "snippet": h.snippet,
            **({"profile_relevance": on_profile.get(h.article_id)} if filters.profile else {}),
        }
        for h in hits
    ]
    if fmt == "json":
        for row in rows:
            echo_json(row)
    elif fmt == "csv":
        write_csv(rows, sys.stdout, fields=list(rows[0]) if rows else ["id", "url", "source", "title"])
    else:
        for hit in hits:
            when = hit.published_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            also = f"  (+{len(hit.also)} same story)" if hit.also else ""
            on_topic = f"  [{filters.profile} {on_profile.get(hit.article_id, 0):.2f}]" if filters.profile else ""
            click.echo(f"{when}  {hit.source:13} {hit.title}{also}{on_topic}\n    {hit.snippet}\n    {hit.url}")
        click.echo(f"{len(hits)} result(s)")


@main.command("export")
@click.argument("query", default="")
@filter_options
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout).")
@pass_context
def export(ctx: Context, query: str, fmt: str, output: Path | None, **options: Any) -> None:
    """Write the archive, or the articles matching QUERY and the filters, as JSON Lines or CSV."""
    filters = _filters(ctx, options)
    if output:
        check_writable(output)
    everything = not query.strip() and filters == SearchFilters()  # (a --profile is added below)
    with archive_session(ctx) as session:
        filters = with_profile(session, filters, options)
        everything = everything and filters.profile is None
        ids = None
        if not everything:
            stmt, _ = matching_query(session, query, filters=filters, order=Order.RECENT)
            ids = [row[0] for row in session.execute(stmt)]
        rows = export_rows(session, ids, ctx.settings.timezone)
        with output_file(output) if output else nullcontext(sys.stdout) as out:
            count = write_jsonl(rows, out) if fmt == "jsonl" else write_csv(rows, out)
    if output:
        click.echo(f"wrote {count} article(s) to {output}", err=True)


@main.command("trends")
@click.argument("entity", required=False)
@click.option("--by", "bucket", type=click.Choice([b.value for b in Bucket]), default="month", show_default=True)
@click.option("--by-source", is_flag=True, help="One row (and chart line) per source.")
@click.option("--since", help="From this day (YYYY-MM-DD).")
@click.option("--until", help="Up to and including this day (YYYY-MM-DD); with --rising: the period's last day.")
@click.option("--chart", type=click.Path(dir_okay=False, path_type=Path), help="Write a chart: .png or .svg.")
@click.option("--rising", "show_rising", is_flag=True, help="List the entities rising most instead.")
@click.option("--days", default=7, show_default=True, type=click.IntRange(1, 3650), help="--rising: period length.")
@click.option(
    "--baseline-days",
    default=28,
    show_default=True,
    type=click.IntRange(1, 36500),
    help="--rising: the window before the period it is compared with.",
)
@click.option("--min-articles", default=3, show_default=True, type=click.IntRange(1))
@click.option("--type", "types", multiple=True, help="Only entities of this type.")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def trends(
    ctx: Context,
    entity: str | None,
    bucket: str,
    by_source: bool,
    since: str | None,
    until: str | None,
    chart: Path | None,
    show_rising: bool,
    days: int,
    baseline_days: int,
    min_articles: int,
    types: tuple[str, ...],
    as_json: bool,
) -> None:
    """How often ENTITY is mentioned per day/week/month (and when first), or --rising: the movers."""
    if chart is not None:
        chart_type = chart_format(chart)
        check_writable(chart)
    zone = ZoneInfo(ctx.settings.timezone)
    if show_rising:
        last = parse_day(until) or datetime.now(zone).date()
        with archive_session(ctx) as session:
            movers = rising(
                session,
                end=datetime.combine(last + timedelta(days=1), time(), zone),
                period=timedelta(days=days),
                baseline=timedelta(days=baseline_days),
                min_articles=min_articles,
                types=types,
            )
        heading = f"{last - timedelta(days=days - 1)} to {last} vs the {baseline_days} days before"
        _print_rising(movers, zone, as_json, heading=heading)
        return
    if not entity:
        raise InputError("trends needs an ENTITY (or --rising)")
    points = _show_trend(ctx, entity, bucket, by_source, since, until, types, as_json)
    if chart is not None:
        with output_file(chart, "wb") as image:
            write_chart(points, image, fmt=chart_type, title=f"{entity}: articles per {bucket}", bucket=bucket)
        click.echo(f"chart written to {chart}", err=True)


def _print_rising(movers: list[RisingEntity], zone: ZoneInfo, as_json: bool, *, heading: str) -> None:
    """The rising entities as a table under `heading` (the period and the baseline), or as JSON Lines."""
    if as_json:
        for m in movers:
            echo_json(m.__dict__)
        return
    click.echo(f"Rising entities, {heading} (score = log2((articles + 1) / (expected + 1)))")
    click.echo(f"{'score':>6} {'articles':>8} {'expected':>8}  {'first seen':10}  entity")
    for m in movers:
        seen = m.first_seen.astimezone(zone).date().isoformat() if m.first_seen else "-"
        click.echo(
            f"{m.score:6.2f} {m.current:8d} {m.expected:8.1f}  {seen:10}  {m.canonical} ({m.type})"
            + ("  NEW" if m.new else "")
        )


def _show_trend(
    ctx: Context,
    entity: str,
    bucket: str,
    by_source: bool,
    since: str | None,
    until: str | None,
    types: tuple[str, ...],
    as_json: bool,
) -> list[TrendPoint]:
    """ENTITY's articles and mentions per period (and source) with its first mention; returns the points."""
    tz = ctx.settings.timezone
    zone = ZoneInfo(tz)
    start, end = day_bounds(parse_day(since), parse_day(until), tz)
    with archive_session(ctx) as session:
        ids = resolve_entities(session, entity, types=types)
        points = mention_counts(session, ids, since=start, until=end, bucket=Bucket(bucket), by_source=by_source, tz=tz)
        first = min(first_mentions(session, ids).values(), default=None)
    if as_json:
        for p in points:
            echo_json(p.__dict__)
        return points
    click.echo(
        f"{entity}: first mentioned {first.astimezone(zone).date() if first else 'never'}; "
        f"{sum(p.articles for p in points)} article(s) in range"
    )
    click.echo(f"{bucket:10}  {'source':13} {'articles':>8} {'mentions':>8}")
    for p in points:
        click.echo(f"{p.period.isoformat():10}  {(p.source or 'all'):13} {p.articles:8d} {p.mentions:8d}")
    return points


@main.command("timeline")
@click.argument("entity")
@click.option("--metric", help="Only this metric (e.g. 項目), either script.")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def timeline(ctx: Context, entity: str, metric: str | None, as_json: bool) -> None:
    """Every figure reported about ENTITY, per metric, over time, with its sentence and article."""
    zone = ZoneInfo(ctx.settings.timezone)
    with archive_session(ctx) as session:
        ids = resolve_entities(session, entity)
        timelines = figure_timelines(session, ids, metric=metric)
    for line in timelines:
        if as_json:
            echo_json({"metric": line.metric, "figures": [f.__dict__ for f in line.figures]})
            continue
        click.echo(f"{entity} — {line.metric or '(no metric)'}")
        for f in line.figures:
            mark = "*" if f.changed else " "
            click.echo(
                f" {mark} {f.published_at.astimezone(zone).date()}  {f.text:>14}  {f.source:13} {f.title}\n"
                f"      {f.sentence}\n      {f.url}"
            )
    if not timelines and not as_json:
        click.echo(f"no figures reported about {entity}" + (f" for {metric}" if metric else ""))


@main.command("stories")
@click.option("--since", help="Cluster and list stories from this day (YYYY-MM-DD; default: 7 days ago).")
@click.option(
    "--window",
    default=3,
    show_default=True,
    type=click.IntRange(0, 60),
    help="Days either side in which articles can tell the same story.",
)
@click.option("--no-cluster", is_flag=True, help="List the stored clusters without clustering new articles.")
@click.option("--limit", default=30, show_default=True, type=click.IntRange(1, 10000))
@click.option("--json", "as_json", is_flag=True)
@pass_context
def stories(ctx: Context, since: str | None, window: int, no_cluster: bool, limit: int, as_json: bool) -> None:
    """Group articles telling the same story (script twins, reports of a release) and list the groups."""
    from storage.clusters import cluster_recent, stories_since  # numpy: not for the other archive commands

    zone = ZoneInfo(ctx.settings.timezone)
    day = parse_day(since) or (datetime.now(zone).date() - timedelta(days=7))
    start = datetime.combine(day, time(), zone)
    factory = open_sessions(ctx)
    try:
        if not no_cluster:
            with factory.begin() as session:
                report = cluster_recent(session, start, window=timedelta(days=window))
            click.echo(
                f"clustered {report.articles} article(s): {report.candidates} candidate pair(s), "
                f"{report.linked} linked, {report.clusters} cluster(s) updated",
                err=True,
            )
        with factory() as session:
            found = stories_since(session, start, limit=limit)
    finally:
        factory.kw["bind"].dispose()
    for story in found:
        if as_json:
            echo_json({"cluster_id": story.cluster_id, "articles": [a.__dict__ for a in story.articles]})
            continue
        click.echo(f"story {story.cluster_id} ({len(story.articles)} articles)")
        for a in story.articles:
            click.echo(f"  {a.published_at.astimezone(zone):%Y-%m-%d %H:%M}  {a.source:13} {a.title}  [{a.reason}]")
    if not as_json:
        click.echo(f"{len(found)} stor{'y' if len(found) == 1 else 'ies'}")

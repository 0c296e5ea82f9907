"""`gbawatch watch add|list|remove|test`, `gbawatch feed RULE`, `gbawatch schedule run|list`: watching."""

from __future__ import annotations

import logging
import signal
import threading
from contextlib import ExitStack
from datetime import datetime, time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import click

from gbawatch.cli import Context, echo_json, main, open_sessions, parse_day, pass_context
from gbawatch.commands.crawl import parse_base_urls
from gbawatch.config import Settings
from gbawatch.errors import AlreadyRunning, InputError
from gbawatch.output_file import check_writable, output_file
from schedules.errors import SchedulerBusy, SchedulerConfigError
from schedules.scheduler import ScheduleConfig, build_scheduler, catch_up_digest, stored_jobs
from storage.repository import read_record
from storage.watch import add_rule, alerts_for_rule, get_rule, list_rules, recent_articles, remove_rule
from watch.alerts import check_rule_name, parse_channel
from watch.delivery import SmtpConfig, webhook_refusal
from watch.errors import ProfileError, RuleError
from watch.feed import render_atom
from watch.matching import RuleSpec, match_article
from watch.outbox import Backoff, Channels
from watch.profiles import get_profile
from watch.safe_text import redact_channel, redact_url

logger = logging.getLogger(__name__)


def channels_from(settings: Settings) -> Channels:
    return Channels(
        smtp=SmtpConfig(
            host=settings.smtp_host,
            port=settings.smtp_port,
            user=settings.smtp_user,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
            implicit_tls=settings.smtp_tls,
            mail_from=settings.mail_from,
        ),
        webhook_secret=settings.webhook_secret,
        webhook_allowed_hosts=settings.webhook_allowed_hosts,
    )


def _spec(query: str, entities: tuple[str, ...], sources: tuple[str, ...], min_relevance: float) -> RuleSpec:
    try:
        return RuleSpec.build(query, entities, sources, min_relevance)
    except RuleError as exc:
        raise InputError(str(exc)) from exc


# --- watch --------------------------------------------------------------------------------------------------


@main.group("watch")
def watch() -> None:
    """Watch rules: what to be alerted about, and where."""


@watch.command("add")
@click.argument("name")
@click.option(
    "-q", "--query", default="", help='Search syntax, either script: words, "phrases", A OR B, -word.'
)
@click.option(
    "--entity", "entities", multiple=True, help="Only articles mentioning this entity (repeatable)."
)
@click.option("--source", "sources", multiple=True, help="Only this source (repeatable; default all).")
@click.option("--min-relevance", type=click.FloatRange(0, 1), default=0.0, show_default=True)
@click.option("--profile", "profile_name", help="Only articles relevant to this topic profile (gbawatch profile list).")
@click.option("--min-profile-relevance", type=click.FloatRange(0, 1),
              help="The profile relevance an article needs (default: the profile's threshold).")
@click.option("--email", "emails", multiple=True, metavar="ADDRESS", help="Mail alerts here (repeatable).")
@click.option("--webhook", "webhooks", multiple=True, metavar="URL", help="POST alerts here (repeatable).")
@click.option(
    "--feed/--no-feed", default=True, show_default=True, help="Keep an Atom feed (gbawatch feed NAME)."
)
@click.option(
    "--since", help="Also alert on articles first seen since this date (YYYY-MM-DD); default: from now."
)
@pass_context
def watch_add(
    ctx: Context,
    name: str,
    query: str,
    entities: tuple[str, ...],
    sources: tuple[str, ...],
    min_relevance: float,
    profile_name: str | None,
    min_profile_relevance: float | None,
    emails: tuple[str, ...],
    webhooks: tuple[str, ...],
    feed: bool,
    since: str | None,
) -> None:
    """Add the watch rule NAME."""
    try:
        check_rule_name(name)
    except RuleError as exc:
        raise InputError(str(exc)) from exc
    if min_profile_relevance is not None and profile_name is None:
        raise InputError("--min-profile-relevance needs --profile NAME")
    for source in sources:
        ctx.source(source)  # an unknown name fails here
    _spec(query, entities, sources, min_relevance)
    channels = (
        [f"email:{a}" for a in emails] + [f"webhook:{u}" for u in webhooks] + (["feed"] if feed else [])
    )
    if not channels:
        raise InputError("a rule needs a channel: --email, --webhook or --feed")
    for spec in channels:
        try:
            parse_channel(spec)
        except RuleError as exc:
            raise InputError(str(exc)) from exc
    for url in webhooks:
        refusal = webhook_refusal(url, ctx.settings.webhook_allowed_hosts)
        if refusal is not None:
            raise InputError(f"webhook {redact_url(url)} refused: {refusal}; an internal receiver needs its host "
                             "in GBAWATCH_WEBHOOK_ALLOWED_HOSTS")
    day = parse_day(since)
    watermark = datetime.combine(day, time.min, tzinfo=ZoneInfo(ctx.settings.timezone)) if day else None
    with open_sessions(ctx, create=True).begin() as session:
        if get_rule(session, name) is not None:
            raise InputError(f"a watch rule named {name!r} exists (remove it first)")
        if profile_name is not None:
            try:
                threshold = get_profile(session, profile_name).threshold
            except ProfileError as exc:
                raise InputError(str(exc)) from exc
            min_profile_relevance = threshold if min_profile_relevance is None else min_profile_relevance
        rule = add_rule(
            session,
            name=name,
            query=query,
            entities=entities,
            sources=sources,
            min_relevance=min_relevance,
            channels=channels,
            watermark_at=watermark,
            profile=profile_name,
            min_profile_relevance=min_profile_relevance or 0.0,
        )
        click.echo(f"added watch #{rule.id} {name}: {', '.join(channels)}")


@watch.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def watch_list(ctx: Context, as_json: bool) -> None:
    """The watch rules."""
    with open_sessions(ctx)() as session:
        for rule in list_rules(session):
            row = {
                "id": rule.id,
                "name": rule.name,
                "query": rule.query,
                "entities": rule.entities,
                "sources": rule.sources,
                "min_relevance": rule.min_relevance,
                "profile": rule.profile,
                "min_profile_relevance": rule.min_profile_relevance,
                "channels": [redact_channel(c) for c in rule.channels],
                "enabled": rule.enabled,
                "watermark_at": rule.watermark_at,
            }
            if as_json:
                echo_json(row)
                continue
            filters = [f"query {rule.query!r}"] if rule.query else []
            filters += [f"entity {e}" for e in rule.entities] + [f"source {s}" for s in rule.sources]
            if rule.min_relevance:
                filters.append(f"relevance ≥ {rule.min_relevance:g}")
            if rule.profile:
                filters.append(f"profile {rule.profile} ≥ {rule.min_profile_relevance:g}")
            channels = ", ".join(redact_channel(c) for c in rule.channels)
            click.echo(f"#{rule.id:<3} {rule.name:16} {'; '.join(filters)}  → {channels}")


@watch.command("remove")
@click.argument("rule")
@pass_context
def watch_remove(ctx: Context, rule: str) -> None:
    """Remove a watch rule (by name or id) with its alerts."""
    with open_sessions(ctx).begin() as session:
        found = get_rule(session, rule)
        if found is None:
            raise InputError(f"no watch rule {rule!r}")
        remove_rule(session, found)
    click.echo(f"removed watch {rule}")


@watch.command("test")
@click.argument("rule", required=False)
@click.option("-q", "--query", default="", help="Test a query instead of a stored rule.")
@click.option("--entity", "entities", multiple=True)
@click.option("--source", "sources", multiple=True)
@click.option("--min-relevance", type=click.FloatRange(0, 1), default=0.0)
@click.option("--limit", default=20, show_default=True, help="Show this many matches at most.")
@click.option("--scan", default=1000, show_default=True, help="Try the newest SCAN articles.")
@pass_context
def watch_test(
    ctx: Context,
    rule: str | None,
    query: str,
    entities: tuple[str, ...],
    sources: tuple[str, ...],
    min_relevance: float,
    limit: int,
    scan: int,
) -> None:
    """Which archived articles would RULE (or --query …) alert on? Records nothing."""
    with open_sessions(ctx)() as session:
        if rule:
            found = get_rule(session, rule)
            if found is None:
                raise InputError(f"no watch rule {rule!r}")
            spec = _spec(found.query, tuple(found.entities), tuple(found.sources), found.min_relevance)
        else:
            spec = _spec(query, entities, sources, min_relevance)
        shown = 0
        for article in recent_articles(session, limit=scan, sources=spec.sources):
            match = match_article(spec, read_record(article))
            if match is None:
                continue
            shown += 1
            when = article.published_at.astimezone(ZoneInfo(ctx.settings.timezone)).strftime("%Y-%m-%d %H:%M")
            click.echo(f"{match.relevance:4.2f}  {when}  {article.source.name:13} {article.title}")
            click.echo(f"      {', '.join(match.entities[:5])}  {article.url}")
            if shown >= limit:
                break
    click.echo(f"{shown} match(es)")


@main.command("feed")
@click.argument("rule")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default stdout).")
@click.option("--limit", default=50, show_default=True)
@click.option("--self-url", help="The URL the feed will be served at.")
@pass_context
def feed(ctx: Context, rule: str, out: Path | None, limit: int, self_url: str | None) -> None:
    """Write RULE's Atom feed of alerts."""
    if out is not None:
        check_writable(out)
    with open_sessions(ctx)() as session:
        found = get_rule(session, rule)
        if found is None:
            raise InputError(f"no watch rule {rule!r}")
        data = render_atom(
            rule_name=found.name,
            rule_id=found.id,
            alerts=alerts_for_rule(session, found.id, limit=limit),
            tz=ctx.settings.timezone,
            self_url=self_url,
        )
    if out is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        with output_file(out, "wb") as handle:
            handle.write(data)
        click.echo(f"wrote {out}")


# --- schedule -----------------------------------------------------------------------------------------------


@main.group("schedule")
def schedule() -> None:
    """The scheduler: crawls, alerts and the daily digest on their own."""


@schedule.command("run")
@click.option("--source", "only", multiple=True, help="Schedule only this source (repeatable).")
@click.option(
    "--mirror", is_flag=True, help="Serve the bundled offline snapshot and crawl it instead of the sites."
)
@click.option("--base-url", "base_urls", multiple=True, metavar="NAME=URL", help="Crawl a mirror for NAME.")
@click.option("--run-now", is_flag=True, help="Crawl every source once at start, then on schedule.")
@click.option(
    "--crawl-timeout", type=float, default=1800, show_default=True, help="Seconds before a crawl is killed."
)
@click.option(
    "--deliver-every", type=float, default=60, show_default=True, help="Seconds between outbox runs."
)
@click.option(
    "--retry-after",
    type=float,
    default=60,
    show_default=True,
    help="First retry delay of a failed delivery, in seconds (doubling, at most an hour).",
)
@click.option(
    "--ops-mail/--no-ops-mail",
    default=True,
    show_default=True,
    help="Mail silence and drift alerts to the digest recipients.",
)
@pass_context
def schedule_run(
    ctx: Context,
    only: tuple[str, ...],
    mirror: bool,
    base_urls: tuple[str, ...],
    run_now: bool,
    crawl_timeout: float,
    deliver_every: float,
    retry_after: float,
    ops_mail: bool,
) -> None:
    """Run the scheduler until interrupted (SIGINT/SIGTERM finish running jobs, then stop)."""
    sources = {n: s for n, s in ctx.sources().items() if s.enabled and (not only or n in only)}
    for name in only:
        ctx.source(name)
    open_sessions(ctx, create=True)  # the database prepared before anything runs
    with ExitStack() as stack:
        bases = parse_base_urls(base_urls, list(sources))
        if mirror:
            from gbawatch.mirror import SNAPSHOT_ROOT, serving

            served = stack.enter_context(serving(SNAPSHOT_ROOT))
            for name, source in sources.items():
                host = urlsplit(source.base_url).hostname or ""
                if host in served.bases:
                    bases.setdefault(name, served.base(host))
            sources = {n: s for n, s in sources.items() if n in bases}
            click.echo(f"serving the offline snapshot for {', '.join(sorted(sources)) or 'no source'}")
        settings = ctx.settings
        config = ScheduleConfig(
            database_url=settings.database_url,
            sources={n: s.schedule_minutes for n, s in sources.items()},
            tz=settings.timezone,
            digest_time=settings.digest_time,
            digest_recipients=settings.digest_recipients,
            channels=channels_from(settings),
            ops_channels=tuple(f"email:{r}" for r in settings.digest_recipients) if ops_mail else (),
            backoff=Backoff(base_seconds=retry_after),
            deliver_every_seconds=deliver_every,
            crawl_timeout_seconds=crawl_timeout,
            base_urls=bases,
            sources_file=str(settings.sources_file),
            crawl_verbose=ctx.verbose,
        )
        try:
            built = build_scheduler(config)
        except SchedulerConfigError as exc:
            raise InputError(str(exc)) from exc
        except SchedulerBusy as exc:
            raise AlreadyRunning(str(exc)) from exc
        stack.callback(built.shutdown)
        catch_up_digest(built)
        if run_now:
            built.run_now([f"crawl:{n}" for n in sorted(sources)])
        built.start()
        click.echo(
            f"scheduler running: {len(sources)} source(s), digest at {settings.digest_time} "
            f"{settings.timezone} (kept {len(built.kept)} job(s), (re)scheduled {len(built.replaced)})"
        )
        _wait_for_signal()
        click.echo("stopping: waiting for running jobs")


def _wait_for_signal() -> None:
    stop = threading.Event()

    def handler(signum: int, _frame: Any) -> None:
        stop.set()
        signal.signal(signum, signal.SIG_DFL)  # a second signal stops at once

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, handler)
    stop.wait()


@schedule.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def schedule_list(ctx: Context, as_json: bool) -> None:
    """The scheduled jobs in the job store, with their next run times."""
    open_sessions(ctx, create=True)  # the database prepared before anything runs
    jobs = stored_jobs(ctx.settings.database_url, ctx.settings.timezone)
    if not jobs:
        click.echo("no jobs scheduled (start the scheduler with `gbawatch schedule run`)")
    tz = ZoneInfo(ctx.settings.timezone)
    for job in jobs:
        if as_json:
            echo_json(job)
            continue
        when = (
            job["next_run_time"].astimezone(tz).strftime("%Y-%m-%d %H:%M:%S %Z")
            if job["next_run_time"]
            else "paused"
        )
        click.echo(f"{job['id']:22} next {when:26} {job['trigger']}")

"""Job functions: a crawl in a subprocess with a timeout, the digest, housekeeping. Plain arguments only;
schedules.scheduler wires them to APScheduler."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import CrawlRun
from storage.runs import finish_run, start_run
from storage.types import utcnow
from storage.watch import abandon_stale_runs, claim_digest_day
from storage.watch_outbox import enqueue, prune_sent
from watch.digest import build_digest
from watch.digest_html import digest_email

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CrawlOutcome:
    source: str
    ok: bool
    returncode: int | None
    error: str | None = None
    run_id: int | None = None


def crawl_command(
    source: str,
    *,
    python: str = sys.executable,
    sources_file: str | None = None,
    base_url: str | None = None,
    verbose: bool = False,
) -> list[str]:
    """`python -m gbawatch crawl SOURCE`: the crawl runs in its own process, so Twisted's reactor starts
    fresh every time and a hung crawl can be killed without touching the scheduler.

    The database URL is not on the command line (anyone can read argv in `ps`): `crawl_source` passes it in
    the child's environment. Group options (`-v`) go before the subcommand, where the CLI reads them.
    """
    argv = [python, "-m", "gbawatch"]
    if verbose:
        argv.append("--verbose")
    if sources_file:
        argv += ["--sources", sources_file]
    argv += ["crawl", source]
    if base_url:
        argv += ["--base-url", base_url]
    return argv


def crawl_environment(database_url: str) -> dict[str, str]:
    """The child's environment: ours plus the database URL (which may hold a password)."""
    return {**os.environ, "GBAWATCH_DATABASE_URL": database_url}


def _die_with_parent(argv: list[str]) -> list[str]:
    # If the scheduler is killed outright, its crawls die with it instead of running on unsupervised.
    # setpriv (util-linux) sets PR_SET_PDEATHSIG before exec; preexec_fn would not be thread-safe here.
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "KILL", "--", *argv] if setpriv and sys.platform == "linux" else argv


def _tail(text: str, lines: int = 3) -> str:
    kept = [line for line in text.strip().splitlines() if line.strip()][-lines:]
    return " | ".join(kept)[-500:]


def crawl_source(
    sessions: sessionmaker[Session],
    source: str,
    argv: Sequence[str],
    *,
    timeout: float,
    env: Mapping[str, str] | None = None,
) -> CrawlOutcome:
    """Run one crawl subprocess. On a crash, timeout or kill, the crawl history gets a failed run with
    the reason: the child's own 'running' row if it got that far, else a new row (the child can't)."""
    started = utcnow()
    process = subprocess.Popen(
        _die_with_parent(list(argv)),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        env=dict(env) if env is not None else None,
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
        error = None
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
        error = f"killed after {timeout:g}s timeout"
    code = process.returncode
    if error is None and code == 0:
        return CrawlOutcome(source, True, code)
    if error is None:
        reason = f"killed by signal {signal.Signals(-code).name}" if code < 0 else f"exited with code {code}"
        error = f"{reason}: {_tail(stderr)}" if _tail(stderr) else reason
    with sessions.begin() as session:
        runs = list(
            session.scalars(
                select(CrawlRun)
                .where(CrawlRun.source == source, CrawlRun.started_at >= started)
                .order_by(CrawlRun.id)
            )
        )
        running = [r for r in runs if r.status == "running"]
        if running:
            for run in running:
                finish_run(
                    session,
                    run.id,
                    status="failed",
                    stats=run.stats or {},
                    errors=[*(run.errors or []), error],
                    drifting=run.drifting,
                )
            run_id = running[-1].id
        elif runs:
            run_id = runs[-1].id  # the child recorded its own failure (e.g. the spider closed early)
            if error not in (runs[-1].errors or []):
                runs[-1].errors = [*(runs[-1].errors or []), error]
        else:
            run_id = start_run(session, source).id
            finish_run(session, run_id, status="failed", stats={"finish_reason": "crashed"}, errors=[error])
    logger.warning("crawl of %s failed: %s", source, error)
    return CrawlOutcome(source, False, code, error, run_id)


def parse_digest_time(value: str) -> time:
    try:
        hours, minutes = value.split(":")
        return time(int(hours), int(minutes))
    except ValueError as exc:
        raise ValueError(f"bad digest time {value!r}: expected HH:MM") from exc


def last_due_day(now: datetime, tz: str, at: time) -> date:
    """The day whose digest was due most recently: yesterday once today's digest time has passed."""
    local = now.astimezone(ZoneInfo(tz))
    return local.date() - timedelta(days=1 if local.time() >= at else 2)


def send_digest(sessions: sessionmaker[Session], day: date, *, tz: str, recipients: Sequence[str]) -> bool:
    """Queue `day`'s digest for every recipient, once: False if that day's digest was queued before."""
    with sessions.begin() as session:
        digest = build_digest(session, day, tz)
        if not claim_digest_day(
            session, day=day, timezone=tz, recipients=recipients, articles=len(digest.articles)
        ):
            return False
        payload = digest_email(digest)
        for recipient in recipients:
            enqueue(
                session,
                dedup_key=f"digest:{day.isoformat()}:{recipient}",
                channel="email",
                target=recipient,
                payload=payload,
            )
    logger.info("digest for %s queued for %d recipient(s)", day, len(recipients))
    return True


@dataclass(frozen=True)
class HousekeepingReport:
    pruned: int
    abandoned: int


def housekeeping(
    sessions: sessionmaker[Session],
    *,
    keep_sent: timedelta = timedelta(days=30),
    stale_after: timedelta = timedelta(hours=6),
    now: datetime | None = None,
) -> HousekeepingReport:
    """Drop long-sent outbox rows; close crawl runs whose process died without recording an end."""
    now = now or utcnow()
    with sessions.begin() as session:
        pruned = prune_sent(session, before=now - keep_sent)
        abandoned = abandon_stale_runs(
            session, started_before=now - stale_after, error=f"abandoned: still running after {stale_after}"
        )
    return HousekeepingReport(pruned, abandoned)

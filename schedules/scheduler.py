"""The scheduler: a crawl job per source, alerts after each crawl, the daily digest, outbox delivery and
housekeeping, in a persistent SQLAlchemy job store in the project's database (APScheduler 3.x)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_PAUSED, STATE_STOPPED
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from schedules.errors import SchedulerBusy, SchedulerConfigError
from schedules.jobs import (
    crawl_command,
    crawl_environment,
    crawl_source,
    housekeeping,
    last_due_day,
    parse_digest_time,
    send_digest,
)
from storage.engine import make_engine, session_factory
from storage.lease import Holder, acquire, pid_alive, release, renew
from storage.runs import close_orphaned_runs
from storage.types import utcnow
from storage.watch_outbox import release_claims
from watch.alerts import DEFAULT_LOOKBACK, run_alerts
from watch.outbox import Backoff, Channels, deliver_outbox
from watch.source_health import check_sources

logger = logging.getLogger(__name__)

FIXED_JOBS = ("digest", "deliver", "housekeeping")
# Interval grids are anchored here, so a restart keeps a source on the same 15-minute marks.
ANCHOR = datetime(2025, 1, 1)


@dataclass(frozen=True)
class ScheduleConfig:
    """Everything the jobs need, in plain values; lives in the scheduler process, never in the job store
    (the store keeps only job ids and source names, so no password is ever pickled into the database)."""

    database_url: str
    sources: Mapping[str, int]  # source name -> minutes between crawls
    tz: str = "Asia/Hong_Kong"
    digest_time: str = "08:00"
    digest_recipients: tuple[str, ...] = ()
    channels: Channels = field(default_factory=Channels)
    ops_channels: tuple[str, ...] = ()
    backoff: Backoff = field(default_factory=Backoff)
    deliver_every_seconds: float = 60.0
    crawl_timeout_seconds: float = 1800.0
    base_urls: Mapping[str, str] = field(default_factory=dict)  # a mirror per source
    sources_file: str | None = None
    python: str | None = None
    crawl_verbose: bool = False  # the crawl children log at INFO and show tracebacks
    lookback: timedelta = DEFAULT_LOOKBACK
    misfire_grace_seconds: int = 3600
    lease_ttl_seconds: float = 90.0  # a scheduler silent this long has died: another may take over


@dataclass
class _Runtime:
    config: ScheduleConfig
    engine: Engine
    sessions: sessionmaker[Session]
    alert_lock: threading.Lock = field(default_factory=threading.Lock)


# The scheduler process's wiring, set by `build_scheduler`: persisted jobs name a function and a source,
# and find their configuration here when they run. One per process, like the scheduler itself.
_runtime: _Runtime | None = None


def _current() -> _Runtime:
    if _runtime is None:
        raise SchedulerConfigError("no scheduler configured in this process (build_scheduler was not called)")
    return _runtime


# --- what the persisted jobs call ---------------------------------------------------------------------------


def crawl_job(source: str) -> None:
    """Crawl one source in a subprocess (its articles take the ingest path, alerts included), then catch up
    on alerts, check the sources' health and deliver."""
    runtime = _current()
    config = runtime.config
    argv = crawl_command(
        source,
        python=config.python or _python(),
        sources_file=config.sources_file,
        base_url=config.base_urls.get(source),
        verbose=config.crawl_verbose,
    )
    crawl_source(runtime.sessions, source, argv, timeout=config.crawl_timeout_seconds,
                 env=crawl_environment(config.database_url))
    alerts_job()


def alerts_job() -> None:
    """The alerts catch-up (rules added with --since, anything stored while no rule saw it), the sources'
    health; then delivery. New articles alert as they are stored (pipeline.ingest)."""
    runtime = _current()
    config = runtime.config
    with runtime.alert_lock:  # crawls finish on several threads; one matcher at a time is plenty
        report = run_alerts(runtime.sessions, tz=config.tz, lookback=config.lookback)
        ops = check_sources(runtime.sessions, list(config.sources), channels=config.ops_channels, tz=config.tz)
    logger.info("alerts: %d new (%d messages), %d operational", report.alerts, report.messages, ops.alerts)
    for error in report.errors:
        logger.error("alerts: %s", error)
    deliver_job()


def deliver_job() -> None:
    runtime = _current()
    report = deliver_outbox(runtime.sessions, runtime.config.channels, backoff=runtime.config.backoff)
    if report.sent or report.failed:
        logger.info("outbox: %d sent, %d failed", report.sent, report.failed)


def digest_job() -> None:
    """Queue the most recently due digest (once per day, whenever this runs) and deliver it."""
    runtime = _current()
    config = runtime.config
    day = last_due_day(utcnow(), config.tz, parse_digest_time(config.digest_time))
    if send_digest(runtime.sessions, day, tz=config.tz, recipients=config.digest_recipients):
        deliver_job()


def housekeeping_job() -> None:
    report = housekeeping(_current().sessions)
    logger.info("housekeeping: %d sent messages pruned, %d abandoned runs closed", report.pruned, report.abandoned)


def _python() -> str:
    import sys

    return sys.executable


# --- building -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JobSpec:
    id: str
    func: Callable[..., None]
    trigger: Any
    kwargs: dict[str, Any]
    misfire_grace_time: int


def job_specs(config: ScheduleConfig) -> list[JobSpec]:
    tz = ZoneInfo(config.tz)
    try:
        at: time = parse_digest_time(config.digest_time)
    except ValueError as exc:
        raise SchedulerConfigError(str(exc)) from exc
    anchor = ANCHOR.replace(tzinfo=tz)
    specs = []
    for source, minutes in sorted(config.sources.items()):
        if minutes <= 0:
            raise SchedulerConfigError(f"source {source}: schedule_minutes must be positive, not {minutes}")
        # A missed crawl still runs on start-up within one interval; coalesced, so once.
        specs.append(
            JobSpec(
                f"crawl:{source}",
                crawl_job,
                IntervalTrigger(minutes=minutes, start_date=anchor, timezone=tz),
                {"source": source},
                max(60, minutes * 60),
            )
        )
    specs.append(
        JobSpec(
            "digest",
            digest_job,
            CronTrigger(hour=at.hour, minute=at.minute, timezone=tz),
            {},
            config.misfire_grace_seconds,
        )
    )
    specs.append(
        JobSpec(
            "deliver",
            deliver_job,
            IntervalTrigger(seconds=config.deliver_every_seconds, start_date=anchor, timezone=tz),
            {},
            3600,
        )
    )
    specs.append(JobSpec("housekeeping", housekeeping_job, CronTrigger(hour=3, minute=30, timezone=tz), {}, 6 * 3600))
    return specs


def _same(job: Any, spec: JobSpec) -> bool:
    return (
        job.func is spec.func
        and repr(job.trigger) == repr(spec.trigger)
        and dict(job.kwargs) == spec.kwargs
        and job.misfire_grace_time == spec.misfire_grace_time
    )


LEASE = "scheduler"


class LeaseKeeper:
    """Holds the database's scheduler lease for this process: renews it every third of its ttl; if it
    was lost (the database unreachable for longer than the ttl, and another scheduler took over) the
    scheduler is paused, so two never crawl and alert side by side, and resumes if the lease comes back."""

    def __init__(self, sessions: sessionmaker[Session], ttl: float) -> None:
        self.sessions = sessions
        self.ttl = timedelta(seconds=ttl)
        self.holder = Holder.this_process()
        self.scheduler: BackgroundScheduler | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def take(self) -> None:
        with self.sessions.begin() as session:
            other = acquire(session, LEASE, self.holder, self.ttl)
        if other is not None:
            raise SchedulerBusy(
                f"another scheduler runs on this database (pid {other.pid} on {other.host}, since "
                f"{other.acquired_at:%Y-%m-%d %H:%M} UTC, alive {other.renewed_at:%H:%M:%S} UTC); stop it first "
                f"(a dead one's lease lapses after {int(self.ttl.total_seconds())} s)"
            )

    def start(self, scheduler: BackgroundScheduler) -> None:
        self.scheduler = scheduler
        self._thread = threading.Thread(target=self._keep, name="scheduler-lease", daemon=True)
        self._thread.start()

    def _keep(self) -> None:
        interval = self.ttl.total_seconds() / 3
        while not self._stop.wait(interval):
            try:
                with self.sessions.begin() as session:
                    held = renew(session, LEASE, self.holder) or acquire(session, LEASE, self.holder, self.ttl) is None
            except Exception as exc:  # the database is down: keep running jobs, they report their own errors
                logger.warning("could not renew the scheduler lease: %s", exc)
                continue
            if self.scheduler is None:
                continue
            if not held and self.scheduler.state != STATE_PAUSED:
                logger.error("the scheduler lease was taken by another scheduler: pausing this one")
                self.scheduler.pause()
            elif held and self.scheduler.state == STATE_PAUSED:
                logger.warning("the scheduler lease is back: resuming")
                self.scheduler.resume()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        try:
            with self.sessions.begin() as session:
                release(session, LEASE, self.holder)
        except Exception as exc:  # the lease then lapses after its ttl
            logger.warning("could not release the scheduler lease: %s", exc)


@dataclass
class Scheduler:
    """The APScheduler instance and what `build_scheduler` found in its store."""

    scheduler: BackgroundScheduler
    engine: Engine
    store_engine: Engine
    had_digest_job: bool
    kept: list[str]
    replaced: list[str]
    removed: list[str]
    lease: LeaseKeeper | None = None

    def run_now(self, job_ids: Sequence[str]) -> None:
        now = datetime.now(ZoneInfo(str(self.scheduler.timezone)))
        for job_id in job_ids:
            self.scheduler.modify_job(job_id, next_run_time=now)

    def start(self) -> None:
        self.scheduler.resume()
        if self.lease is not None:
            self.lease.start(self.scheduler)

    def shutdown(self, wait: bool = True) -> None:
        global _runtime
        _shutdown(self.scheduler, self.store_engine, wait=wait)
        if self.lease is not None:
            self.lease.stop()
        self.engine.dispose()
        _runtime = None


def _shutdown(scheduler: BackgroundScheduler, store_engine: Engine, *, wait: bool) -> None:
    if scheduler.running:
        scheduler.shutdown(wait=wait)
    store_engine.dispose()


class _BackgroundScheduler(BackgroundScheduler):
    """APScheduler 3.11's main loop, woken by shutdown(), processes jobs once more with the scheduler
    already stopped: it would advance due jobs' next run times in the store without running them (a
    digest due at that moment would be lost) and reopen the store's disposed engine. Not while stopped."""

    def _process_jobs(self) -> float | None:
        if self.state == STATE_STOPPED:
            return None
        return super()._process_jobs()  # type: ignore[no-any-return]


def build_scheduler(config: ScheduleConfig) -> Scheduler:
    """Start APScheduler paused on the persistent store and bring its jobs in line with `config`:
    a job whose trigger and arguments are unchanged is kept as stored (its next run time too), a changed
    one is replaced under the same id, one for a source no longer configured is removed. Call `start()`.

    Takes the database's scheduler lease first: raises SchedulerBusy while another live scheduler holds it."""
    specs = job_specs(config)
    engine = make_engine(config.database_url)
    sessions = session_factory(engine)
    lease = LeaseKeeper(sessions, config.lease_ttl_seconds)
    try:
        lease.take()
    except BaseException:
        engine.dispose()
        raise
    try:
        return _build(config, specs, engine, sessions, lease)
    except BaseException:
        lease.stop()
        engine.dispose()
        raise


def _build(
    config: ScheduleConfig,
    specs: list[JobSpec],
    engine: Engine,
    sessions: sessionmaker[Session],
    lease: LeaseKeeper,
) -> Scheduler:
    global _runtime
    _runtime = _Runtime(config, engine, sessions)
    with _runtime.sessions.begin() as session:
        released = release_claims(session)
        # This scheduler holds the lease now: crawls of a scheduler killed before it died with it.
        orphaned = close_orphaned_runs(session, alive=pid_alive)
    if released:
        logger.warning("%d message(s) claimed by a delivery that died are pending again", released)
    for run in orphaned:
        logger.warning("crawl run #%d of %s closed as failed: its process (pid %s) is gone", run.id, run.source,
                       run.pid)
    store_engine = make_engine(config.database_url)
    store = SQLAlchemyJobStore(engine=store_engine)
    scheduler = _BackgroundScheduler(
        jobstores={"default": store},
        executors={"default": ThreadPoolExecutor(max(4, len(config.sources) + 2))},
        job_defaults={"coalesce": True, "max_instances": 1},
        timezone=ZoneInfo(config.tz),
    )
    scheduler.start(paused=True)
    stored = {job.id: job for job in scheduler.get_jobs()}
    kept, replaced = [], []
    for spec in specs:
        existing = stored.get(spec.id)
        if existing is not None and _same(existing, spec):
            kept.append(spec.id)
            continue
        scheduler.add_job(
            spec.func,
            spec.trigger,
            id=spec.id,
            name=spec.id,
            kwargs=spec.kwargs,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=spec.misfire_grace_time,
        )
        replaced.append(spec.id)
    wanted = {spec.id for spec in specs}
    removed = [
        job_id for job_id in stored if job_id not in wanted and (job_id.startswith("crawl:") or job_id in FIXED_JOBS)
    ]
    for job_id in removed:
        scheduler.remove_job(job_id)
    return Scheduler(scheduler, engine, store_engine, "digest" in stored, kept, replaced, removed, lease)


def catch_up_digest(built: Scheduler) -> None:
    """A scheduler that ran before may have been down at digest time: send the missed digest once now
    (send_digest's unique day makes a second send impossible, whoever runs it)."""
    if built.had_digest_job:
        built.scheduler.add_job(
            digest_job,
            id="digest-catchup",
            name="digest-catchup",
            replace_existing=True,
            misfire_grace_time=None,
            jobstore="default",
        )


def stored_jobs(database_url: str, tz: str = "Asia/Hong_Kong") -> list[dict[str, Any]]:
    """The jobs in the persistent store with their next run times (for `gbawatch schedule list`)."""
    store_engine = make_engine(database_url)
    scheduler = _BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=store_engine)}, timezone=ZoneInfo(tz)
    )
    scheduler.start(paused=True)
    try:
        return [
            {"id": job.id, "next_run_time": job.next_run_time, "trigger": str(job.trigger)}
            for job in sorted(scheduler.get_jobs(), key=lambda j: j.id)
        ]
    finally:
        _shutdown(scheduler, store_engine, wait=False)

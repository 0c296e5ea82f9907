"""The scheduler on its real job store (SQLite and PostgreSQL): ids, restarts that neither lose nor
double a job, the missed digest, jobs run directly on a paused scheduler."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from apscheduler.schedulers.base import STATE_PAUSED
from sqlalchemy import func, select

from schedules import scheduler as sched
from schedules.errors import SchedulerConfigError
from schedules.scheduler import ScheduleConfig, build_scheduler, catch_up_digest, stored_jobs
from storage.migrate import current_tables
from storage.watch import add_rule
from storage.watch_models import Alert, DigestLog
from tests.schedules.helpers import add_article

SOURCES = {"infogov": 15, "takungpao_hk": 60}


@contextmanager
def built(config: ScheduleConfig) -> Iterator[sched.Scheduler]:
    scheduler = build_scheduler(config)
    try:
        yield scheduler
    finally:
        scheduler.shutdown(wait=False)


def _jobs(url: str) -> dict[str, datetime]:
    return {job["id"]: job["next_run_time"] for job in stored_jobs(url)}


def test_jobs_have_ids_and_a_persistent_store(migrated_db: str) -> None:
    config = ScheduleConfig(database_url=migrated_db, sources=SOURCES)
    with built(config) as first:
        jobs = {job.id: job for job in first.scheduler.get_jobs()}
        assert sorted(jobs) == ["crawl:infogov", "crawl:takungpao_hk", "deliver", "digest", "housekeeping"]
        crawl = jobs["crawl:infogov"]
        assert crawl.coalesce and crawl.max_instances == 1 and crawl.misfire_grace_time == 15 * 60
        assert crawl.kwargs == {"source": "infogov"}  # configuration and secrets stay out of the store
        assert str(jobs["digest"].trigger) == "cron[hour='8', minute='0']"
        assert (first.kept, first.had_digest_job) == ([], False)
    assert "apscheduler_jobs" in current_tables(migrated_db)
    before = _jobs(migrated_db)
    # A restart with the same configuration keeps every job as stored, next run times included.
    with built(config) as second:
        assert sorted(second.kept) == sorted(before) and second.replaced == [] and second.had_digest_job
    assert _jobs(migrated_db) == before


def test_a_restart_applies_a_changed_configuration(migrated_db: str) -> None:
    config = ScheduleConfig(database_url=migrated_db, sources=SOURCES)
    with built(config):
        pass
    changed = replace(config, sources={"infogov": 30, "szgov": 60}, digest_time="07:30")
    with built(changed) as again:
        assert sorted(again.replaced) == ["crawl:infogov", "crawl:szgov", "digest"]
        assert again.removed == ["crawl:takungpao_hk"]
    jobs = _jobs(migrated_db)
    assert sorted(jobs) == ["crawl:infogov", "crawl:szgov", "deliver", "digest", "housekeeping"]
    # The interval grid is anchored, so the next crawl falls on a half-hour mark.
    assert jobs["crawl:infogov"].minute in (0, 30) and jobs["crawl:infogov"].second == 0
    assert (jobs["digest"].hour, jobs["digest"].minute) == (7, 30)


def test_bad_configuration_is_refused(migrated_db: str) -> None:
    with pytest.raises(SchedulerConfigError, match="digest time"):
        build_scheduler(ScheduleConfig(database_url=migrated_db, sources=SOURCES, digest_time="8 am"))
    with pytest.raises(SchedulerConfigError, match="positive"):
        build_scheduler(ScheduleConfig(database_url=migrated_db, sources={"infogov": 0}))


def test_run_now_and_the_missed_digest_catch_up(migrated_db: str) -> None:
    config = ScheduleConfig(database_url=migrated_db, sources=SOURCES)
    with built(config) as first:
        catch_up_digest(first)  # never ran before: nothing was missed
        assert first.scheduler.get_job("digest-catchup") is None
    with built(config) as second:
        second.run_now(["crawl:infogov"])
        catch_up_digest(second)
        job = second.scheduler.get_job("crawl:infogov")
        assert job.next_run_time <= datetime.now(job.next_run_time.tzinfo) + timedelta(seconds=1)
        assert second.scheduler.get_job("digest-catchup") is not None


def test_job_functions_run_directly_on_a_paused_scheduler(migrated_db: str) -> None:
    config = ScheduleConfig(database_url=migrated_db, sources={"takungpao_hk": 60})
    with built(config) as scheduler:
        sessions = sched._current().sessions
        with sessions.begin() as session:
            add_rule(
                session,
                name="hetao",
                query="河套",
                channels=["feed"],
                watermark_at=datetime.now().astimezone() - timedelta(minutes=1),
            )
            add_article(session, 1)
        sched.alerts_job()
        sched.alerts_job()  # again: nothing new
        sched.digest_job()
        sched.digest_job()  # the day's digest is logged once
        with sessions() as session:
            assert session.scalar(select(func.count(Alert.id)).where(Alert.kind == "match")) == 1
            assert session.scalar(select(func.count(DigestLog.id))) == 1
        assert scheduler.scheduler.state == STATE_PAUSED  # it never ran a job on its own here

"""One scheduler per database: the lease (SQLite and PostgreSQL)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from apscheduler.schedulers.base import STATE_PAUSED, STATE_RUNNING
from click.testing import CliRunner
from sqlalchemy import update

from gbawatch.cli import main
from schedules.errors import SchedulerBusy
from schedules.scheduler import LEASE, ScheduleConfig, build_scheduler
from storage.lease import Holder, LeaseInfo, acquire
from storage.types import utcnow
from storage.watch_models import SchedulerLease

SOURCES = {"infogov": 15}
TTL = timedelta(seconds=90)


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def wait_for(condition: Callable[[], bool], what: str, limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


def test_a_second_scheduler_is_refused_until_the_first_stops(migrated_db: str) -> None:
    config = ScheduleConfig(database_url=migrated_db, sources=SOURCES)
    first = build_scheduler(config)
    try:
        with pytest.raises(SchedulerBusy, match=r"another scheduler runs on this database \(pid \d+"):
            build_scheduler(config)
    finally:
        first.shutdown(wait=False)
    second = build_scheduler(config)  # released on shutdown: free at once
    second.shutdown(wait=False)


def test_who_may_take_a_lease(sessions: Any) -> None:
    me = Holder.this_process()
    elsewhere = Holder("other-token", "another-host", 4242)
    with sessions.begin() as session:
        assert acquire(session, LEASE, elsewhere, TTL) is None
    with sessions.begin() as session:
        held = acquire(session, LEASE, me, TTL)
        assert isinstance(held, LeaseInfo) and (held.host, held.pid) == ("another-host", 4242)  # alive, renewed
    with sessions.begin() as session:  # not renewed for longer than the ttl: lapsed
        session.execute(update(SchedulerLease).values(renewed_at=utcnow() - TTL - timedelta(seconds=1)))
    with sessions.begin() as session:
        assert acquire(session, LEASE, me, TTL) is None
        assert acquire(session, LEASE, me, TTL) is None  # the holder keeps it
    with sessions.begin() as session:  # a dead process of this host: free at once, however fresh
        ghost = Holder("ghost-token", me.host, dead_pid())
        session.execute(update(SchedulerLease).values(token=ghost.token, pid=ghost.pid, renewed_at=utcnow()))
    with sessions.begin() as session:
        assert acquire(session, LEASE, elsewhere, TTL) is not None  # another host cannot know: must wait
        assert acquire(session, LEASE, me, TTL) is None


def test_a_scheduler_that_loses_its_lease_pauses_and_resumes_when_it_is_back(migrated_db: str, sessions: Any) -> None:
    # A ttl of a few seconds: renewals every second, so a loaded machine cannot make our own lease lapse
    # before the usurper appears (0.6 s did, on a machine shared by many processes).
    built = build_scheduler(ScheduleConfig(database_url=migrated_db, sources=SOURCES, lease_ttl_seconds=3.0))
    try:
        assert built.lease is not None
        built.start()
        assert built.scheduler.state == STATE_RUNNING
        mine = built.lease.holder.token
        with sessions.begin() as session:  # another scheduler took over (as after a long database outage)
            # …and keeps renewing: dated ahead, so a lease thread slowed by a loaded machine cannot see it lapse.
            session.execute(update(SchedulerLease).values(token="usurper", host="another-host",
                                                          renewed_at=utcnow() + timedelta(minutes=1)))
        wait_for(lambda: built.scheduler.state == STATE_PAUSED, "the scheduler to pause")
        with sessions.begin() as session:  # the usurper went away long ago
            session.execute(update(SchedulerLease).values(renewed_at=utcnow() - timedelta(minutes=5)))
        wait_for(lambda: built.scheduler.state == STATE_RUNNING, "the scheduler to resume")
        with sessions() as session:
            assert session.get(SchedulerLease, LEASE).token == mine  # type: ignore[union-attr]
    finally:
        built.shutdown(wait=False)


def test_the_command_says_another_scheduler_runs(migrated_db: str, sessions: Any, tmp_path: Any) -> None:
    with sessions.begin() as session:
        acquire(session, LEASE, Holder("t", "scheduler-host", 777), TTL)
    result = CliRunner().invoke(main, ["--db", migrated_db, "schedule", "run", "--source", "infogov"])
    assert result.exit_code == 5, result.output
    assert "another scheduler runs on this database (pid 777 on scheduler-host" in result.output
    assert "Traceback" not in result.output


def test_a_killed_but_unreaped_process_counts_as_dead() -> None:
    from storage.lease import pid_alive

    process = subprocess.Popen(["sleep", "30"])
    try:
        assert pid_alive(process.pid)
        process.kill()
        wait_for(lambda: not pid_alive(process.pid), "the zombie to be seen as dead")  # not yet reaped
    finally:
        process.wait()
    assert not pid_alive(process.pid)

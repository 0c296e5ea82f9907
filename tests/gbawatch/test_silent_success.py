"""No silent success: a crawl that fetched nothing, mail that did not go out and runs whose process died all
say so (exit code, message, crawl history) instead of passing for done."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from gbawatch.cli import main
from schedules.scheduler import ScheduleConfig, build_scheduler
from storage.engine import make_engine, session_factory
from storage.migrate import upgrade
from storage.models import CrawlRun
from storage.runs import start_run
from tests.schedules.helpers import add_article, smtp_server

REPO = Path(__file__).resolve().parents[2]


def closed_port() -> int:
    """A loopback port nothing listens on: bound, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.slow
def test_a_crawl_whose_every_request_is_refused_fails_with_a_message(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    done = subprocess.run(
        [sys.executable, "-m", "gbawatch", "--db", db, "crawl", "takungpao_hk", "--base-url",
         f"http://127.0.0.1:{closed_port()}", "-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_DELAY=0",
         "-s", "AUTOTHROTTLE_ENABLED=false"],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 3, done.stderr[-2000:]
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("gbawatch: error: crawl failed for: takungpao_hk (no page could be fetched"), last
    assert "Traceback" not in done.stderr  # Scrapy's logged tracebacks are one line each without -v
    runs = [json.loads(line) for line in subprocess.run(
        [sys.executable, "-m", "gbawatch", "--db", db, "runs", "--json"], cwd=REPO, capture_output=True,
        text=True, timeout=120, check=True).stdout.splitlines()]
    assert [r["status"] for r in runs] == ["failed"]
    assert any("no page could be fetched" in e for e in runs[0]["errors"])


@pytest.fixture
def archive(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    upgrade(url)
    engine = make_engine(url)
    with session_factory(engine).begin() as session:
        add_article(session, 1)
    engine.dispose()
    return url


def test_digest_send_with_smtp_down_says_not_delivered_and_a_later_send_delivers_it(archive: str) -> None:
    def send(port: int) -> object:
        return CliRunner().invoke(main, ["--db", archive, "digest", "--date", "2025-10-10", "--send"],
                                  env={"GBAWATCH_DIGEST_TO": "desk@example.org", "GBAWATCH_SMTP_PORT": str(port),
                                       "GBAWATCH_DATABASE_URL": ""})

    down = send(closed_port())
    assert down.exit_code == 6, down.output  # type: ignore[attr-defined]
    assert "0 of 1 mail(s) sent" in down.stdout  # type: ignore[attr-defined]
    error = down.stderr.strip().splitlines()[-1]  # type: ignore[attr-defined]
    assert "1 mail(s) not delivered" in error and "Connection refused" in error and "send` again" in error
    with smtp_server() as (sink, port):
        again = send(port)
        assert again.exit_code == 0, again.output  # type: ignore[attr-defined]
        assert "1 of 1 mail(s) sent (queued before)" in again.stdout  # type: ignore[attr-defined]
        assert len(sink.messages) == 1
        third = send(port)
    assert third.exit_code == 2 and "was sent before" in third.stderr  # type: ignore[attr-defined]
    assert len(sink.messages) == 1  # sent once, never twice


def test_the_scheduler_closes_runs_whose_process_is_gone_as_it_starts(archive: str) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    dead_pid = int(gone.stdout)
    engine = make_engine(archive)
    sessions = session_factory(engine)
    with sessions.begin() as session:
        killed = start_run(session, "takungpao_hk")
        killed.pid = dead_pid  # a crawl of a scheduler killed with kill -9
        alive = start_run(session, "infogov")  # this process: a crawl still running
        elsewhere = start_run(session, "newsgov")
        elsewhere.host, elsewhere.pid = "another-host.example", dead_pid  # not ours to judge
        ids = killed.id, alive.id, elsewhere.id
    scheduler = build_scheduler(ScheduleConfig(database_url=archive, sources={"takungpao_hk": 60}))
    try:
        with sessions() as session:
            runs = {run.id: run for run in session.scalars(select(CrawlRun))}
    finally:
        scheduler.shutdown(wait=False)
        engine.dispose()
    assert runs[ids[0]].status == "failed" and f"pid {dead_pid}" in runs[ids[0]].errors[-1]
    assert runs[ids[0]].finished_at is not None
    assert runs[ids[1]].status == "running" and runs[ids[2]].status == "running"

"""Kill the scheduler mid-run and restart it: no alert lost, none doubled. The real `gbawatch schedule run`
crawls the mirror in a subprocess, the SMTP server first refuses, then accepts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.engine import make_engine, session_factory
from storage.migrate import upgrade
from storage.models import CrawlRun
from storage.types import utcnow
from storage.watch import add_rule
from storage.watch_models import Alert, OutboxMessage
from tests.schedules.helpers import smtp_server

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _wait(
    condition: Callable[[], bool], what: str, process: subprocess.Popen[bytes], log: Path, limit: float = 180
) -> None:
    """Poll (bounded) for a state the scheduler reaches on its own; fail with its log if it died."""
    deadline = time.monotonic() + limit
    while not condition():
        if process.poll() is not None:
            pytest.fail(
                f"the scheduler exited ({process.returncode}) before {what}:\n{log.read_text()[-3000:]}"
            )
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)  # polling interval of the bounded wait, not a timing assumption


def test_kill_and_restart_loses_and_doubles_nothing(db_url: str, tmp_path: Path) -> None:
    url = db_url
    upgrade(url)
    engine = make_engine(url)
    sessions = session_factory(engine)
    with sessions.begin() as session:
        add_rule(
            session,
            name="innovation",
            query="河套 OR Hetao OR 產學研 OR RAISe",
            channels=["email:watcher@example.org", "feed"],
            watermark_at=utcnow() - timedelta(minutes=1),
        )

    def scalar(query):  # type: ignore[no-untyped-def]
        with sessions() as session:
            return session.scalar(query)

    try:
        with smtp_server() as (sink, port):
            env = {
                **os.environ,
                "GBAWATCH_SMTP_HOST": "127.0.0.1",
                "GBAWATCH_SMTP_PORT": str(port),
                "GBAWATCH_DIGEST_TO": "",
            }
            argv = [
                sys.executable,
                "-m",
                "gbawatch",
                "--db",
                url,
                "schedule",
                "run",
                "--source",
                "infogov",
                "--mirror",
                "--run-now",
                "--deliver-every",
                "0.5",
                "--retry-after",
                "0.5",
                "--no-ops-mail",
            ]

            def start(log: Path) -> subprocess.Popen[bytes]:
                with log.open("wb") as out:
                    return subprocess.Popen(
                        argv, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
                    )

            sink.refusing = True
            first_log = tmp_path / "first.log"
            first = start(first_log)
            try:
                # Alerts raised after the crawl, their mails refused at least once: kill it there.
                _wait(
                    lambda: (
                        bool(scalar(select(func.count(OutboxMessage.id))))
                        and scalar(select(func.min(OutboxMessage.attempts))) >= 1
                    ),
                    "a refused alert mail",
                    first,
                    first_log,
                )
            finally:
                os.killpg(first.pid, signal.SIGKILL)
                first.wait(timeout=60)
            alerts = scalar(select(func.count(Alert.id)).where(Alert.kind == "match"))
            assert alerts >= 2 and sink.messages == []
            assert scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "sent")) == 0

            sink.refusing = False
            second_log = tmp_path / "second.log"
            second = start(second_log)
            try:
                # It delivers what the first left pending, and crawls the mirror again (nothing new).
                _wait(
                    lambda: (
                        len(sink.messages) >= alerts
                        and scalar(select(func.count(CrawlRun.id)).where(CrawlRun.status == "finished")) >= 2
                    ),
                    "the pending alerts delivered and a second crawl",
                    second,
                    second_log,
                )
            finally:
                second.send_signal(signal.SIGTERM)  # graceful: running jobs (the alerts) finish first
                code = second.wait(timeout=120)
            assert code == 0, second_log.read_text()[-3000:]
            assert len(sink.messages) == alerts
    finally:
        engine.dispose()
    assert scalar(select(func.count(Alert.id)).where(Alert.kind == "match")) == alerts
    with sessions() as session:
        messages = list(session.scalars(select(OutboxMessage)))
    assert len(messages) == alerts and {m.status for m in messages} == {"sent"}
    assert all(m.attempts >= 2 for m in messages)  # refused at least once, then accepted once
    assert len({m["Message-ID"] for m in sink.messages}) == alerts
    engine.dispose()

"""Job functions: crawls in a subprocess (crash, hang, kill), the digest once per day, housekeeping."""

from __future__ import annotations

import sys
import textwrap
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gbawatch.mirror import Mirror
from schedules.jobs import crawl_command, crawl_environment, crawl_source, housekeeping, last_due_day, send_digest
from storage.models import Article, CrawlRun
from storage.runs import start_run
from storage.types import utcnow
from storage.watch_models import DigestLog, OutboxMessage
from tests.schedules.helpers import HKT, add_article, smtp_server
from watch.delivery import SmtpConfig
from watch.outbox import Channels, deliver_outbox

REPO = Path(__file__).resolve().parents[2]


def _runs(sessions) -> list[CrawlRun]:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return list(session.scalars(select(CrawlRun).order_by(CrawlRun.id)))


def test_a_crashing_crawl_is_recorded_as_failed(sessions) -> None:  # type: ignore[no-untyped-def]
    argv = [sys.executable, "-c", "import sys; print('spider exploded', file=sys.stderr); sys.exit(3)"]
    outcome = crawl_source(sessions, "infogov", argv, timeout=60)
    assert not outcome.ok and outcome.returncode == 3
    [run] = _runs(sessions)
    assert run.source == "infogov" and run.status == "failed" and run.finished_at is not None
    assert run.errors == ["exited with code 3: spider exploded"]


def test_a_hung_crawl_is_killed_after_its_timeout(sessions) -> None:  # type: ignore[no-untyped-def]
    outcome = crawl_source(
        sessions, "szgov", [sys.executable, "-c", "import signal; signal.pause()"], timeout=0.5
    )
    assert not outcome.ok and outcome.returncode == -9 and outcome.error == "killed after 0.5s timeout"
    [run] = _runs(sessions)
    assert run.id == outcome.run_id and run.status == "failed" and run.errors == ["killed after 0.5s timeout"]


def test_a_killed_crawl_gets_its_own_running_row_closed(sessions, migrated_db: str) -> None:  # type: ignore[no-untyped-def]
    # The child records a running crawl (as the real crawl's extension does), then dies by SIGKILL.
    child = textwrap.dedent(f"""
        import os, signal
        from storage.engine import make_engine, session_factory
        from storage.runs import start_run
        engine = make_engine({migrated_db!r})
        with session_factory(engine).begin() as session:
            start_run(session, "szgov")
        engine.dispose()
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    outcome = crawl_source(sessions, "szgov", [sys.executable, "-c", child], timeout=120)
    assert not outcome.ok and outcome.error == "killed by signal SIGKILL"
    [run] = _runs(sessions)
    assert run.id == outcome.run_id and run.status == "failed" and run.errors == ["killed by signal SIGKILL"]


@pytest.mark.slow
@pytest.mark.parametrize("verbose", [False, True], ids=["quiet", "verbose"])
def test_a_real_crawl_of_the_mirror(sessions, migrated_db: str, mirror: Mirror, verbose: bool) -> None:  # type: ignore[no-untyped-def]
    # `gbawatch -v schedule run` once made every crawl child fail on a misplaced --verbose.
    argv = crawl_command("infogov", base_url=mirror.base("www.info.gov.hk"), verbose=verbose)
    assert not any(migrated_db in arg for arg in argv), "the database URL (and its password) must stay out of argv"
    outcome = crawl_source(sessions, "infogov", argv, timeout=240, env=crawl_environment(migrated_db))
    assert outcome.ok, outcome.error
    [run] = _runs(sessions)
    assert run.status == "finished" and run.stats.get("gbawatch/created", 0) > 0
    with sessions() as session:
        assert session.scalar(select(func.count(Article.id))) == run.stats["gbawatch/created"]


def test_the_digest_goes_out_once_per_day_with_its_chart(sessions) -> None:  # type: ignore[no-untyped-def]
    day = date(2025, 10, 10)
    with sessions.begin() as session:
        for n in range(3):
            add_article(session, n, published_at=datetime(2025, 10, 10, 9 + n, tzinfo=HKT))
        add_article(session, 9, published_at=datetime(2025, 10, 3, 9, tzinfo=HKT))
    recipients = ["a@example.org", "b@example.org"]
    assert send_digest(sessions, day, tz="Asia/Hong_Kong", recipients=recipients)
    assert not send_digest(sessions, day, tz="Asia/Hong_Kong", recipients=recipients)
    with sessions() as session:
        assert session.scalar(select(func.count(DigestLog.id))) == 1
        assert session.scalar(select(func.count(OutboxMessage.id))) == 2
    with smtp_server() as (sink, port):
        report = deliver_outbox(sessions, Channels(smtp=SmtpConfig(port=port, timeout=10)))
        assert report.sent == 2
        mails = sink.wait_for(2)
    assert sorted(m["To"] for m in mails) == recipients
    mail = mails[0]
    html = mail.get_body(("html",))
    assert html is not None and "cid:rising-chart@gba-watch" in html.get_content()
    images = [part for part in mail.walk() if part.get_content_type() == "image/png"]
    assert len(images) == 1 and images[0]["Content-ID"] == "<rising-chart@gba-watch>"
    assert images[0].get_content().startswith(b"\x89PNG")
    text = mail.get_body(("plain",)).get_content()
    assert "河套合作區新進展" in text and "河套深港科技創新合作區" in text


@pytest.mark.parametrize(
    ("now", "due"),
    [
        (datetime(2025, 10, 10, 8, 0, tzinfo=HKT), date(2025, 10, 9)),
        (datetime(2025, 10, 10, 7, 59, tzinfo=HKT), date(2025, 10, 8)),
        (datetime(2025, 10, 10, 0, 30, tzinfo=UTC), date(2025, 10, 9)),  # 08:30 on the 10th in HK
        (datetime(2025, 10, 9, 23, 30, tzinfo=UTC), date(2025, 10, 8)),  # 07:30 on the 10th in HK
    ],
)
def test_the_last_due_digest_day(now: datetime, due: date) -> None:
    from datetime import time

    assert last_due_day(now, "Asia/Hong_Kong", time(8, 0)) == due


def test_housekeeping_closes_abandoned_runs(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        run = start_run(session, "infogov")
        run.started_at = utcnow() - timedelta(hours=7)
        start_run(session, "szgov")  # recent: a crawl may still be at work
    report = housekeeping(sessions)
    assert report.abandoned == 1
    runs = _runs(sessions)
    assert [r.status for r in runs] == ["failed", "running"]
    assert runs[0].errors and "abandoned" in runs[0].errors[0]

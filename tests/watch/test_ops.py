"""Operational alerts: a source gone silent beyond its rhythm, a source whose extraction drifts; once each."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from storage.runs import finish_run, start_run
from storage.watch_models import Alert, OutboxMessage
from tests.schedules.helpers import HKT, add_article
from watch.source_health import check_sources, usual_gap


def test_the_usual_gap_is_a_high_percentile_of_recent_gaps() -> None:
    base = datetime(2025, 10, 1, tzinfo=HKT)
    times = [base + timedelta(hours=h) for h in (0, 2, 4, 6, 8, 10)]
    gap = usual_gap(times)
    assert gap is not None and timedelta(hours=1.9) <= gap <= timedelta(hours=2.1)
    assert usual_gap(times[:2]) is None


def test_silence_alerts_once_per_silent_stretch(sessions) -> None:  # type: ignore[no-untyped-def]
    base = datetime(2025, 10, 1, 9, tzinfo=HKT)
    with sessions.begin() as session:
        for n in range(6):
            add_article(session, n, published_at=base + timedelta(hours=4 * n))
    last = base + timedelta(hours=20)
    quiet = check_sources(
        sessions,
        ["takungpao_hk", "infogov"],
        channels=["email:ops@example.org"],
        now=last + timedelta(hours=12),
    )
    assert quiet.alerts == 0  # 12 hours: within the floor of a day
    silent = check_sources(
        sessions,
        ["takungpao_hk", "infogov"],
        channels=["email:ops@example.org"],
        now=last + timedelta(days=2),
    )
    again = check_sources(
        sessions, ["takungpao_hk"], channels=["email:ops@example.org"], now=last + timedelta(days=3)
    )
    assert (silent.alerts, silent.messages, again.alerts) == (1, 1, 0)
    with sessions() as session:
        alert = session.scalar(select(Alert))
        assert alert is not None and alert.kind == "silence" and alert.source == "takungpao_hk"
        assert "published nothing for 2.0 days" in alert.title
        message = session.scalar(select(OutboxMessage))
        assert message is not None and message.target == "ops@example.org"
    with sessions.begin() as session:  # it publishes again, then falls silent again: a new alert
        add_article(session, 99, published_at=last + timedelta(days=3))
    assert check_sources(sessions, ["takungpao_hk"], now=last + timedelta(days=30)).alerts == 1


def test_drift_alerts_at_the_start_of_a_drifting_streak(sessions) -> None:  # type: ignore[no-untyped-def]
    def run(drifting: bool) -> None:
        with sessions.begin() as session:
            run_id = start_run(session, "szgov").id
            finish_run(
                session, run_id, status="finished", stats={"gbawatch/szgov/fetched": 10}, drifting=drifting
            )

    run(False)
    assert check_sources(sessions, ["szgov"]).alerts == 0
    run(True)
    assert check_sources(sessions, ["szgov"]).alerts == 1
    run(True)
    assert check_sources(sessions, ["szgov"]).alerts == 0  # the same streak
    run(False)
    run(True)
    assert check_sources(sessions, ["szgov"]).alerts == 1
    with sessions() as session:
        kinds = [a.kind for a in session.scalars(select(Alert))]
    assert kinds == ["drift", "drift"]

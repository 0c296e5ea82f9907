"""Watching tables on SQLite and PostgreSQL: once-only alerts, an idempotent outbox, exclusive claims."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from storage.migrate import current_tables
from storage.types import utcnow
from storage.watch import (
    add_rule,
    candidate_articles,
    claim_digest_day,
    get_rule,
    list_rules,
    record_alert,
    remove_rule,
)
from storage.watch_models import Alert, OutboxMessage
from storage.watch_outbox import claim_message, due_message_ids, enqueue, mark_retry, mark_sent, outbox_counts
from tests.schedules.helpers import add_article


def test_migration_creates_the_watching_tables(migrated_db: str) -> None:
    assert {"watch_rule", "alert", "outbox_message", "digest_log"} <= current_tables(migrated_db)


def test_an_article_alerts_once_per_rule_and_per_story(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        a, b = add_article(session, 1), add_article(session, 2)
        rule = add_rule(session, name="hetao", query="河套", channels=["feed"])
        other = add_rule(session, name="other", query="河套")
    with sessions.begin() as session:
        first = record_alert(
            session,
            kind="match",
            dedup_key=f"match:{rule.id}:{a}",
            rule_id=rule.id,
            article_id=a,
            cluster_key=f"a{a}",
            title="t",
            summary={},
        )
        same = record_alert(
            session,
            kind="match",
            dedup_key=f"m2:{rule.id}:{a}",
            rule_id=rule.id,
            article_id=a,
            cluster_key=None,
            title="t",
            summary={},
        )
        same_story = record_alert(
            session,
            kind="match",
            dedup_key=f"match:{rule.id}:{b}",
            rule_id=rule.id,
            article_id=b,
            cluster_key=f"a{a}",
            title="t",
            summary={},
        )
        other_rule = record_alert(
            session,
            kind="match",
            dedup_key=f"match:{other.id}:{a}",
            rule_id=other.id,
            article_id=a,
            cluster_key=f"a{a}",
            title="t",
            summary={},
        )
        ops = [
            record_alert(session, kind="silence", dedup_key="silence:x:1", title="quiet", summary={})
            for _ in range(2)
        ]
    assert first is not None and other_rule is not None
    assert same is None and same_story is None
    assert ops[0] is not None and ops[1] is None
    with sessions() as session:
        assert session.scalar(select(func.count(Alert.id))) == 3


def test_candidates_start_at_the_watermark_and_skip_alerted(sessions) -> None:  # type: ignore[no-untyped-def]
    old = datetime(2025, 1, 1, tzinfo=UTC)
    with sessions.begin() as session:
        add_article(session, 1, first_seen_at=old)
        fresh = add_article(session, 2, first_seen_at=utcnow())
        done = add_article(session, 3, first_seen_at=utcnow())
        rule = add_rule(session, name="r", query="河套", watermark_at=utcnow() - timedelta(minutes=5))
        record_alert(
            session, kind="match", dedup_key="k", rule_id=rule.id, article_id=done, title="", summary={}
        )
    with sessions() as session:
        rule = get_rule(session, "r")
        assert rule is not None and get_rule(session, rule.id) is rule
        ids = [a.id for a in candidate_articles(session, rule, lookback=timedelta(minutes=1))]
        assert ids == [fresh]
        rule.sources = ["infogov"]
        assert candidate_articles(session, rule, lookback=timedelta(minutes=1)) == []


def test_outbox_enqueue_is_idempotent_and_a_claim_is_exclusive(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        first = enqueue(
            session, dedup_key="alert:1:email:a@x", channel="email", target="a@x", payload={"s": 1}
        )
        again = enqueue(
            session, dedup_key="alert:1:email:a@x", channel="email", target="a@x", payload={"s": 2}
        )
    assert first is not None and again is None
    with sessions.begin() as session:
        assert due_message_ids(session) == [first]
        claimed = claim_message(session, first, lease=timedelta(minutes=5))
        assert claimed is not None and claimed.attempts == 1 and claimed.status == "sending"
        assert claim_message(session, first, lease=timedelta(minutes=5)) is None
    with sessions.begin() as session:
        assert due_message_ids(session) == []
        # A deliverer that died with the claim: after the lease it is due again.
        later = utcnow() + timedelta(minutes=6)
        assert due_message_ids(session, now=later) == [first]
        mark_retry(session, first, error="451 try later", next_attempt_at=utcnow() + timedelta(minutes=1))
    with sessions.begin() as session:
        message = session.get(OutboxMessage, first)
        assert message is not None and message.status == "pending" and message.last_error == "451 try later"
        assert due_message_ids(session) == []
        assert claim_message(session, first, lease=timedelta(minutes=5), now=utcnow() + timedelta(minutes=2))
        mark_sent(session, first)
    with sessions() as session:
        assert outbox_counts(session) == {"sent": 1}
        assert due_message_ids(session, now=utcnow() + timedelta(days=1)) == []


def test_a_digest_day_is_claimed_once(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        assert claim_digest_day(
            session, day=date(2025, 10, 10), timezone="Asia/Hong_Kong", recipients=["a@x"], articles=3
        )
    with sessions.begin() as session:
        assert not claim_digest_day(
            session, day=date(2025, 10, 10), timezone="Asia/Hong_Kong", recipients=[], articles=0
        )


def test_removing_a_rule_removes_its_alerts_and_messages(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        article = add_article(session, 1)
        rule = add_rule(session, name="r", query="河套", channels=["email:a@x"])
        alert = record_alert(
            session, kind="match", dedup_key="k", rule_id=rule.id, article_id=article, title="", summary={}
        )
        enqueue(session, dedup_key="m", channel="email", target="a@x", payload={}, alert_id=alert)
    with sessions.begin() as session:
        rule = get_rule(session, "r")
        assert rule is not None
        remove_rule(session, rule)
    with sessions() as session:
        assert list_rules(session) == []
        assert session.scalar(select(func.count(Alert.id))) == 0
        assert session.scalar(select(func.count(OutboxMessage.id))) == 0

"""Alerts through the outbox to a real SMTP server and a real webhook receiver: once, and only once."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from xml.etree import ElementTree as ET

from sqlalchemy import func, select

from storage.types import utcnow
from storage.watch import add_rule, alerts_for_rule, get_rule
from storage.watch_models import Alert, OutboxMessage
from storage.watch_outbox import outbox_counts
from tests.schedules.helpers import add_article, smtp_server, webhook_server
from watch.alerts import run_alerts
from watch.delivery import DELIVERY_HEADER, SIGNATURE_HEADER, SmtpConfig
from watch.feed import ATOM, render_atom
from watch.outbox import Backoff, Channels, deliver_outbox


def _channels(port: int, secret: str | None = None) -> Channels:
    return Channels(
        smtp=SmtpConfig(host="127.0.0.1", port=port, mail_from="watch@example.org", timeout=10),
        webhook_secret=secret,
        webhook_timeout=10,
        webhook_allowed_hosts=("127.0.0.1",),  # the test receiver runs on loopback: explicitly allowed
    )


def test_an_alert_mail_says_what_matched(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        add_rule(
            session,
            name="hetao",
            query="河套",
            channels=["email:policy@example.org"],
            watermark_at=utcnow() - timedelta(minutes=1),
        )
        add_article(session, 1)
        add_article(session, 2, title="前海新聞", text="前海今日舉行發佈會。")  # does not match
    report = run_alerts(sessions)
    assert (report.alerts, report.messages) == (1, 1)
    with smtp_server() as (sink, port):
        delivered = deliver_outbox(sessions, _channels(port))
        assert (delivered.sent, delivered.failed) == (1, 0)
        [mail] = sink.wait_for(1)
    assert (
        mail["To"] == "policy@example.org"
        and "hetao" in mail["Subject"]
        and "河套合作區新進展" in mail["Subject"]
    )
    assert mail["Message-ID"].startswith("<outbox-")
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    for expected in (
        "河套合作區新進展",
        "takungpao_hk",
        "2025-10-10 09:30 HKT",
        "河套深港科技創新合作區",
        "150個 = 150 個 (項目)",
        "第1號公告",
        "https://www.takungpao.com.hk/news/232109/2025/1010/1130001.html",
    ):
        assert expected in text
    assert "<a style=" in html and "河套深港科技創新合作區" in html and "150個" in html


def test_smtp_refusing_then_accepting_delivers_exactly_once(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        add_rule(
            session,
            name="hetao",
            query="河套",
            channels=["email:a@example.org"],
            watermark_at=utcnow() - timedelta(minutes=1),
        )
        add_article(session, 1)
    run_alerts(sessions)
    backoff = Backoff(base_seconds=60, cap_seconds=600)
    with smtp_server() as (sink, port):
        sink.refusing = True
        now = utcnow()
        first = deliver_outbox(sessions, _channels(port), backoff=backoff, now=now)
        assert (first.sent, first.failed) == (1 - 1, 1) and "451" in first.errors[0]
        # Not due again before its backoff is over.
        assert (
            deliver_outbox(sessions, _channels(port), backoff=backoff, now=now + timedelta(seconds=30)).failed
            == 0
        )
        second = deliver_outbox(sessions, _channels(port), backoff=backoff, now=now + timedelta(seconds=61))
        assert second.failed == 1
        with sessions() as session:
            message = session.scalar(select(OutboxMessage))
            assert message is not None and message.status == "pending" and message.attempts == 2
            assert message.next_attempt_at >= now + timedelta(seconds=61 + 119)  # doubled
        sink.refusing = False
        third = deliver_outbox(sessions, _channels(port), backoff=backoff, now=now + timedelta(seconds=200))
        assert third.sent == 1
        # Everything is sent: later runs, and a re-run of the alerts, send nothing more.
        assert deliver_outbox(sessions, _channels(port), now=now + timedelta(days=1)).sent == 0
        assert run_alerts(sessions).alerts == 0
        assert deliver_outbox(sessions, _channels(port), now=now + timedelta(days=1)).sent == 0
        assert len(sink.messages) == 1 and sink.attempts == 3
    with sessions() as session:
        assert outbox_counts(session) == {"sent": 1}


def test_webhook_is_signed_and_retried_until_accepted(sessions) -> None:  # type: ignore[no-untyped-def]
    secret = "s3cret"
    with webhook_server() as (sink, url):
        with sessions.begin() as session:
            add_rule(
                session,
                name="hetao",
                query="河套",
                channels=[f"webhook:{url}", "feed"],
                watermark_at=utcnow() - timedelta(minutes=1),
            )
            add_article(session, 1)
        assert run_alerts(sessions).messages == 1
        sink.status = 503
        now = utcnow()
        failed = deliver_outbox(sessions, _channels(1, secret), now=now)
        assert failed.failed == 1 and "HTTP 503" in failed.errors[0]
        sink.status = 200
        assert deliver_outbox(sessions, _channels(1, secret), now=now + timedelta(hours=1)).sent == 1
        assert deliver_outbox(sessions, _channels(1, secret), now=now + timedelta(days=1)).sent == 0
        [(headers, body)] = sink.requests
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers[SIGNATURE_HEADER.lower()] == expected
    assert headers[DELIVERY_HEADER.lower()].startswith("alert:")
    [payload] = sink.bodies()
    assert payload["schema"] == 1 and payload["rule"] == "hetao" and payload["title"] == "河套合作區新進展"
    assert payload["entities"][0] == "河套深港科技創新合作區" and payload["figures"][0]["value"] == 150


def test_the_atom_feed_lists_the_rules_alerts(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        add_rule(
            session,
            name="hetao",
            query="河套",
            channels=["feed"],
            watermark_at=utcnow() - timedelta(minutes=1),
        )
        add_article(session, 1)
        add_article(session, 2, title="河套再有新項目")
    assert run_alerts(sessions).alerts == 2
    with sessions() as session:
        rule = get_rule(session, "hetao")
        assert rule is not None
        feed = render_atom(
            rule_name=rule.name,
            rule_id=rule.id,
            alerts=alerts_for_rule(session, rule.id),
            tz="Asia/Hong_Kong",
        )
        assert session.scalar(select(func.count(Alert.id))) == 2
        assert outbox_counts(session) == {}  # the feed channel needs no delivery
    root = ET.fromstring(feed)
    entries = root.findall(f"{{{ATOM}}}entry")
    assert root.tag == f"{{{ATOM}}}feed" and len(entries) == 2
    titles = {e.findtext(f"{{{ATOM}}}title") for e in entries}
    assert titles == {"河套合作區新進展", "河套再有新項目"}
    link = entries[0].find(f"{{{ATOM}}}link")
    assert link is not None and link.get("href", "").startswith("https://www.takungpao.com.hk/")

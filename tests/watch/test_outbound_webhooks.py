"""Webhooks never reach an internal address unless the operator allows it, and never follow a redirect."""

from __future__ import annotations

import socket
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from gbawatch.cli import main
from storage.migrate import upgrade
from storage.types import utcnow
from storage.watch import add_rule
from storage.watch_models import OutboxMessage
from tests.schedules.helpers import add_article, webhook_server
from watch.alerts import run_alerts
from watch.delivery import webhook_refusal
from watch.outbox import Channels, deliver_outbox


@pytest.mark.parametrize(("url", "allowed", "expected"), [
    ("https://hooks.example.org/gba", (), None),
    ("http://127.0.0.1:8080/hook", (), "loopback address 127.0.0.1"),
    ("http://localhost/hook", (), "loopback address localhost"),
    ("http://2130706433/hook", (), "loopback address 2130706433"),
    ("http://[::1]/hook", (), "loopback address ::1"),
    ("http://169.254.169.254/latest/meta-data/", (), "link_local address 169.254.169.254"),
    ("http://10.0.0.5/hook", (), "private address 10.0.0.5"),
    ("http://10.0.0.5/hook", ("10.0.0.5",), None),
    ("http://LOCALHOST./hook", ("localhost",), None),
    ("file:///etc/passwd", (), "not an http(s) URL with a host"),
    ("http://[::1/hook", (), "not a URL"),
])
def test_webhook_targets(url: str, allowed: tuple[str, ...], expected: str | None) -> None:
    assert webhook_refusal(url, allowed) == expected


def test_a_name_resolving_to_an_internal_address_is_refused_at_delivery() -> None:
    # This machine's own name resolves to one of its (usually internal) addresses: no DNS outside needed.
    name = socket.gethostname()
    try:
        resolved = {info[4][0] for info in socket.getaddrinfo(name, 80, type=socket.SOCK_STREAM)}
    except OSError:
        pytest.skip(f"{name} does not resolve here")
    refusal = webhook_refusal(f"http://{name}/hook", resolve=True)
    if all(webhook_refusal(f"http://[{a}]/" if ":" in a else f"http://{a}/") is None for a in resolved):
        pytest.skip(f"{name} resolves to public addresses only: {resolved}")
    assert refusal is not None and f"{name.lower()} resolves to" in refusal
    assert webhook_refusal(f"http://{name}/hook", (name,), resolve=True) is None


def _rule_with_webhook(sessions, url: str, article_id: int) -> int:  # type: ignore[no-untyped-def]
    """A new rule and a new matching article; the number of messages queued (it matches older ones too)."""
    with sessions.begin() as session:
        add_rule(session, name=f"hook{article_id}", query="河套", channels=[f"webhook:{url}"],
                 watermark_at=utcnow() - timedelta(minutes=1))
        add_article(session, article_id)
    return run_alerts(sessions).messages


def test_an_internal_webhook_is_marked_failed_unless_allowed(sessions) -> None:  # type: ignore[no-untyped-def]
    with webhook_server() as (sink, url):
        assert _rule_with_webhook(sessions, url, 1) == 1
        refused = deliver_outbox(sessions, Channels(webhook_timeout=10))
        assert (refused.sent, refused.failed) == (0, 1) and "loopback address 127.0.0.1" in refused.errors[0]
        assert sink.requests == []  # nothing was sent
        with sessions() as session:
            message = session.scalar(select(OutboxMessage))
            assert message is not None and message.status == "failed" and "GBAWATCH_WEBHOOK_ALLOWED_HOSTS" in (
                message.last_error or "")
        queued = _rule_with_webhook(sessions, url, 2)
        allowed = deliver_outbox(sessions, Channels(webhook_timeout=10, webhook_allowed_hosts=("127.0.0.1",)))
        assert queued >= 1 and (allowed.sent, allowed.failed) == (queued, 0) and len(sink.requests) == queued


def test_a_webhook_redirect_is_not_followed(sessions) -> None:  # type: ignore[no-untyped-def]
    channels = Channels(webhook_timeout=10, webhook_allowed_hosts=("127.0.0.1",))
    with webhook_server() as (target, target_url), webhook_server() as (hook, hook_url):
        hook.redirect_to = target_url  # e.g. an internal service behind the receiver
        assert _rule_with_webhook(sessions, hook_url, 1) == 1
        report = deliver_outbox(sessions, channels)
        assert report.failed == 1 and "HTTP 302" in report.errors[0] and "not followed" in report.errors[0]
        assert target.requests == [] and hook.requests == []
        with sessions() as session:
            message = session.scalar(select(OutboxMessage))
            assert message is not None and message.status == "pending"  # retried: the receiver may be fixed


def test_watch_add_refuses_an_internal_webhook_without_the_setting(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    upgrade(db)
    args = ["--db", db, "watch", "add", "internal", "--query", "河套", "--webhook", "http://10.0.0.5/hook"]
    refused = CliRunner().invoke(main, args, env={"GBAWATCH_WEBHOOK_ALLOWED_HOSTS": ""})
    assert refused.exit_code == 2
    assert "private address 10.0.0.5" in refused.stderr and "GBAWATCH_WEBHOOK_ALLOWED_HOSTS" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    allowed = CliRunner().invoke(main, args, env={"GBAWATCH_WEBHOOK_ALLOWED_HOSTS": "10.0.0.5"})
    assert allowed.exit_code == 0, allowed.output

"""Hostile page text cannot break what we send or show: Atom feeds, alert mails, CSV, Markdown, terminals.

Titles come from pages anyone can write; each test stores such a title the way a crawl would and checks
the output is well-formed, inert and still delivered.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from gbawatch.archive_output import write_csv
from gbawatch.cli import main
from pipeline.normalise import clean_text
from storage.types import utcnow
from storage.watch import add_rule, alerts_for_rule, get_rule
from storage.watch_models import OutboxMessage
from storage.watch_outbox import enqueue
from tests.schedules.helpers import add_article, smtp_server
from watch.alerts import parse_channel, run_alerts
from watch.delivery import SmtpConfig
from watch.digest import build_digest, render_markdown, render_text
from watch.errors import RuleError
from watch.feed import ATOM, render_atom
from watch.outbox import Channels, deliver_outbox
from watch.safe_text import csv_cell, header_value, markdown_text, redact_url, terminal_text, xml_text

HOSTILE_TITLES = [
    "河套\x00合作區\x08新進展\x1b[2J",  # NUL, backspace, an escape sequence
    "河套合作區\u2028新進展\u2029第二行",  # Unicode line and paragraph separators
    "河套合作區\x0b新進展\x0c\x85\r\nBcc: victim@example.org",  # vertical tab, form feed, NEL, header injection
    "河套合作區 <script>alert(1)</script> [x](javascript:alert(1)) **bold**",
    "=HYPERLINK(\"http://evil.example\",\"河套\")",
    "河套\ud800合作區\ufffe",  # a lone surrogate and a non-character
]


def _channels(port: int) -> Channels:
    return Channels(smtp=SmtpConfig(host="127.0.0.1", port=port, mail_from="watch@example.org", timeout=10))


def _store_hostile(sessions, channels: list[str]) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        add_rule(session, name="hetao", query="河套", channels=channels, watermark_at=utcnow() - timedelta(minutes=1))
        for n, title in enumerate(HOSTILE_TITLES, start=1):
            # As the crawl stores it: normalised (a database cannot hold NUL or a lone surrogate).
            stored = clean_text(title.replace("\ud800", ""))
            add_article(session, n, title=stored, text=f"第{n}號：河套合作區已落地150個項目。\n{stored}")


def test_every_alert_mail_is_built_and_delivered_with_one_line_headers(sessions) -> None:  # type: ignore[no-untyped-def]
    _store_hostile(sessions, ["email:policy@example.org"])
    report = run_alerts(sessions)
    assert report.alerts == len(HOSTILE_TITLES)
    with smtp_server() as (sink, port):
        delivered = deliver_outbox(sessions, _channels(port))
        mails = sink.wait_for(len(HOSTILE_TITLES))
    assert (delivered.sent, delivered.failed) == (len(HOSTILE_TITLES), 0), delivered.errors
    for mail in mails:
        assert mail["To"] == "policy@example.org" and mail["Bcc"] is None
        subject = str(mail["Subject"])
        assert "河套" in subject and not any(c in subject for c in "\r\n\x0b\x0c\x85\u2028\u2029\x00\x1b")


def test_a_message_that_cannot_be_addressed_fails_once_with_its_reason(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        enqueue(session, dedup_key="bad-address", channel="email", target="a@example.org\r\nBcc: b@example.org",
                payload={"subject": "x", "text": "y"})
    with smtp_server() as (sink, port):
        first = deliver_outbox(sessions, _channels(port))
        again = deliver_outbox(sessions, _channels(port), now=utcnow() + timedelta(days=1))
        assert sink.messages == []
    assert (first.sent, first.failed) == (0, 1) and (again.sent, again.failed) == (0, 0)
    with sessions() as session:
        message = session.scalar(select(OutboxMessage))
        assert message is not None and message.status == "failed" and "not a mail address" in message.last_error


@pytest.mark.parametrize("spec", ["email:a@example.org\r\nBcc: b@example.org", "email:a@example.org, b@example.org",
                                  "email:Eve <e@example.org>", "email:@example.org", "webhook:http://x\r\n.example",
                                  "webhook:javascript:alert(1)", "webhook:http:///nohost"])
def test_channels_with_line_breaks_or_odd_targets_are_refused(spec: str) -> None:
    with pytest.raises(RuleError):
        parse_channel(spec)


def test_the_atom_feed_stays_well_formed_xml(sessions) -> None:  # type: ignore[no-untyped-def]
    _store_hostile(sessions, ["feed"])
    run_alerts(sessions)
    with sessions() as session:
        rule = get_rule(session, "hetao")
        assert rule is not None
        feed = render_atom(rule_name=rule.name, rule_id=rule.id, alerts=alerts_for_rule(session, rule.id),
                           tz="Asia/Hong_Kong")
    root = ET.fromstring(feed)  # raises on ill-formed XML
    titles = [e.findtext(f"{{{ATOM}}}title") or "" for e in root.findall(f"{{{ATOM}}}entry")]
    assert len(titles) == len(HOSTILE_TITLES) and all("河套" in t for t in titles)


def test_csv_cells_never_start_a_formula() -> None:
    out = io.StringIO()
    rows = [{"id": 1, "title": t, "entities": ["=cmd|' /C calc'!A0", "河套"], "source": "@SUM(1+1)"}
            for t in ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "河套"]]
    write_csv(rows, out, fields=["id", "title", "entities", "source"])
    for row in list(csv.DictReader(io.StringIO(out.getvalue())))[:-1]:
        assert row["title"].startswith("'") and row["source"].startswith("'") and row["entities"].startswith("'")
    assert out.getvalue().splitlines()[-1].split(",")[1] == "河套"


def test_the_markdown_digest_escapes_html_and_links(sessions) -> None:  # type: ignore[no-untyped-def]
    _store_hostile(sessions, ["feed"])
    with sessions() as session:
        digest = build_digest(session, date(2025, 10, 10), "Asia/Hong_Kong")
    markdown = render_markdown(digest)
    assert "<script>" not in markdown and not re.search(r"(?<!\\)\]\(javascript:", markdown)
    assert r"\<script\>" in markdown
    text = render_text(digest)
    assert "<script>alert(1)</script>" in text  # the plain-text version shows the title as written


def test_the_terminal_never_gets_control_characters(tmp_path) -> None:  # type: ignore[no-untyped-def]
    @main.command("_hostile_echo", hidden=True)
    def _echo() -> None:
        import click

        for title in HOSTILE_TITLES:
            click.echo(title.replace("\ud800", ""))

    try:
        result = CliRunner().invoke(main, ["--db", f"sqlite:///{tmp_path}/x.db", "_hostile_echo"])
    finally:
        main.commands.pop("_hostile_echo", None)
    assert result.exit_code == 0, result.output
    assert not any(c in result.output for c in "\x00\x07\x08\x1b\x0b\x0c\x85\u2028\u2029\u202e")
    assert result.output.count("河套") == len(HOSTILE_TITLES)


def test_the_sanitisers() -> None:
    assert xml_text("a\x00b\x1fc\ufffed\ud800e") == "abcde"
    assert header_value("a\r\nb\u2028c\x0bd") == "a b c d"
    assert csv_cell("=1") == "'=1" and csv_cell("河套=1") == "河套=1"
    assert markdown_text("<b>[x](y)</b> *z*") == r"\<b\>\[x\](y)\</b\> \*z\*"
    assert terminal_text("ok\x1b[31m\x07\u202eevil\n") == "ok[31mevil\n"
    hook = "https://user:secret@hooks.example.org/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX?token=abc&x=1"
    assert redact_url(hook) == "https://user:***@hooks.example.org/services/T000/B000/***?token=***&x=***"

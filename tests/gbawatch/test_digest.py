"""The daily digest: stories, entities, officials, first mentions, figures, rising entities, per-source
counts, in Markdown, plain text and HTML; `gbawatch digest --format html --out` and `--send`."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from gbawatch.cli import main
from storage.engine import make_engine, session_factory
from storage.migrate import upgrade
from tests.schedules.helpers import HKT, add_article, smtp_server
from watch.digest import build_digest, render_markdown, render_text
from watch.digest_html import digest_email, render_html_file

DAY = date(2025, 10, 10)
LEE = ("李家超", "行政長官")


def fill(url: str) -> None:
    engine = make_engine(url)
    with session_factory(engine).begin() as session:
        add_article(
            session,
            1,
            published_at=datetime(2025, 10, 10, 9, tzinfo=HKT),
            text="行政長官李家超表示，河套合作區已落地150個項目。\n第二段。",
            people=[LEE],
            twin="https://www.takungpao.com/news/1.html",
        )
        add_article(
            session,
            2,
            title="河套合作区新进展",
            source="takungpao_cn",
            url="https://www.takungpao.com/news/1.html",
            published_at=datetime(2025, 10, 10, 9, 5, tzinfo=HKT),
        )
        add_article(session, 3, title="河套再有新項目", published_at=datetime(2025, 10, 10, 15, tzinfo=HKT))
        add_article(session, 4, title="前一周的消息", published_at=datetime(2025, 10, 2, 10, tzinfo=HKT))
        add_article(session, 6, title="大埔游泳池暫停開放", source="infogov", mentions=False,
                    text="康樂及文化事務署宣布，大埔游泳池因維修工程暫停開放兩星期。",
                    published_at=datetime(2025, 10, 10, 11, tzinfo=HKT))
        add_article(session, 5, title="翌日消息", published_at=datetime(2025, 10, 11, 10, tzinfo=HKT))
    engine.dispose()


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'digest.db'}"
    upgrade(url)
    fill(url)
    return url


def test_the_digest_has_every_section(db: str) -> None:
    engine = make_engine(db)
    try:
        with session_factory(engine)() as session:
            digest = build_digest(session, DAY, "Asia/Hong_Kong")
    finally:
        engine.dispose()
    assert len(digest.articles) == 4 and digest.per_source == {"infogov": 1, "takungpao_cn": 1, "takungpao_hk": 2}
    assert len(digest.stories) == 3 and sorted(len(s.articles) for s in digest.stories) == [1, 1, 2]  # twins: one
    assert [s.title for s in digest.top] == ["河套合作區新進展", "河套再有新項目"]  # the twins lead: two sources
    assert digest.others == {"infogov": 1} and "游泳池" not in digest.top[0].why
    assert digest.officials == {"李家超": {"行政長官"}}
    assert ("person", "李家超") in digest.new_entities
    assert [r.name for r in digest.rising] == ["河套深港科技創新合作區"] and digest.rising[0].today == 3
    markdown = render_markdown(digest)
    for heading in (
        "## What matters today",
        "## Officials quoted",
        "## First mentions",
        "## Figures reported",
        "## Rising entities",
        "## Everything else",
    ):
        assert heading in markdown
    assert markdown.index("## What matters today") < markdown.index("## Everything else")
    assert "- infogov: 1 other article(s)" in markdown and "大埔游泳池" not in markdown
    assert "- 李家超 (行政長官)" in markdown and "**150 個** — 項目" in markdown
    assert "· [takungpao_cn](https://www.takungpao.com/news/1.html)" in markdown
    assert "Why: 河套深港科技創新合作區 · 李家超（行政長官） · 150個" in markdown
    text = render_text(digest)
    assert "](" not in text and "**" not in text and "https://www.takungpao.com/news/1.html" in text


def test_html_is_inline_styled_with_the_chart_embedded(db: str) -> None:
    engine = make_engine(db)
    try:
        with session_factory(engine)() as session:
            digest = build_digest(session, DAY, "Asia/Hong_Kong")
    finally:
        engine.dispose()
    page = render_html_file(digest)
    assert "<style" not in page and 'style="' in page  # mail clients drop <style>: everything inline
    assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]{200,}"', page)
    payload = digest_email(digest)
    assert 'src="cid:rising-chart@gba-watch"' in payload["html"] and payload["images"][0]["cid"]


def test_digest_command_writes_html_and_sends_once(db: str, tmp_path: Path) -> None:
    out = tmp_path / "digest.html"
    runner = CliRunner()
    result = runner.invoke(
        main, ["--db", db, "digest", "--date", "2025-10-10", "--format", "html", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "河套合作區新進展" in out.read_text("utf-8")
    with smtp_server() as (sink, port):
        env = {"GBAWATCH_SMTP_PORT": str(port), "GBAWATCH_DIGEST_TO": "a@example.org, b@example.org"}
        sent = runner.invoke(main, ["--db", db, "digest", "--date", "2025-10-10", "--send"], env=env)
        assert sent.exit_code == 0 and "2 of 2 mail(s) sent" in sent.stdout, sent.output
        again = runner.invoke(main, ["--db", db, "digest", "--date", "2025-10-10", "--send"], env=env)
        assert again.exit_code == 2 and "sent before" in again.stderr
        mails = sink.wait_for(2)
    assert len(mails) == 2 and {m["To"] for m in mails} == {"a@example.org", "b@example.org"}
    assert "GBA science & technology digest — 2025-10-10" in mails[0]["Subject"]


def test_digest_json_and_profile(db: str) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["--db", db, "digest", "--date", "2025-10-10", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["date"] == "2025-10-10" and data["profile"] == "gba-sti"
    assert [t["title"] for t in data["top"]] == ["河套合作區新進展", "河套再有新項目"]
    assert data["top"][0]["importance"] >= data["top"][1]["importance"] and data["top"][0]["why"]
    assert data["others"] == {"infogov": 1} and isinstance(data["sections"], dict)
    runner.invoke(main, ["--db", db, "profile", "add", "pools", "--query", "游泳池"])
    pools = json.loads(runner.invoke(main, ["--db", db, "digest", "--date", "2025-10-10", "--format", "json",
                                            "--profile", "pools"]).stdout)
    assert [t["title"] for t in pools["top"]] == ["大埔游泳池暫停開放"]
    assert runner.invoke(main, ["--db", db, "digest", "--profile", "nothing"]).exit_code == 2

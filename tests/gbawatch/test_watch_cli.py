"""`gbawatch watch|feed|schedule` on a real database: rules, the feed, the job list."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from gbawatch.cli import main
from schedules.scheduler import ScheduleConfig, build_scheduler
from storage.engine import make_engine, session_factory
from storage.migrate import upgrade
from tests.schedules.helpers import add_article
from watch.alerts import run_alerts
from watch.feed import ATOM


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'watch.db'}"
    upgrade(url)
    engine = make_engine(url)
    with session_factory(engine).begin() as session:
        add_article(session, 1)
        add_article(session, 2, title="前海新聞", text="前海今日舉行發佈會。")
    engine.dispose()
    return url


def gbawatch(db: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", db, *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_add_list_test_and_remove_a_rule(db: str) -> None:
    code, out, _ = gbawatch(
        db,
        "watch",
        "add",
        "hetao",
        "--query",
        "河套 OR 前海",
        "--entity",
        "河套合作区",
        "--email",
        "a@example.org",
        "--webhook",
        "https://hooks.example.org/hook",
    )
    assert (
        code == 0
        and "added watch #1 hetao: email:a@example.org, webhook:https://hooks.example.org/hook, feed" in out
    )
    code, out, _ = gbawatch(db, "watch", "list", "--json")
    rule = json.loads(out)
    assert rule["name"] == "hetao" and rule["entities"] == ["河套合作区"] and len(rule["channels"]) == 3
    code, out, _ = gbawatch(db, "watch", "test", "hetao")
    assert code == 0 and "河套合作區新進展" in out and "前海新聞" not in out and "1 match(es)" in out
    code, out, _ = gbawatch(db, "watch", "test", "--query", "前海")
    assert "前海新聞" in out and "1 match(es)" in out
    code, out, _ = gbawatch(db, "watch", "remove", "hetao")
    assert code == 0
    assert gbawatch(db, "watch", "list")[1] == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--query", "-河套", "--feed"), "cannot only exclude"),
        (("--query", "河套", "--no-feed"), "a rule needs a channel"),
        (("--query", "河套", "--email", "not-an-address"), "bad channel"),
        (("--query", "河套", "--source", "nosuchsource"), "unknown source 'nosuchsource'"),
    ],
)
def test_bad_rules_are_refused_in_one_line(db: str, args: tuple[str, ...], message: str) -> None:
    code, _, err = gbawatch(db, "watch", "add", "bad", *args)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_a_duplicate_name_is_refused(db: str) -> None:
    assert gbawatch(db, "watch", "add", "r", "--query", "河套")[0] == 0
    code, _, err = gbawatch(db, "watch", "add", "r", "--query", "前海")
    assert code == 2 and "exists" in err


def test_the_feed_command_writes_atom(db: str, tmp_path: Path) -> None:
    assert gbawatch(db, "watch", "add", "hetao", "--query", "河套", "--since", "2020-01-01")[0] == 0
    engine = make_engine(db)
    try:
        assert run_alerts(session_factory(engine), lookback=timedelta(0)).alerts == 1
    finally:
        engine.dispose()
    out = tmp_path / "hetao.xml"
    code, _, _ = gbawatch(
        db, "feed", "hetao", "--out", str(out), "--self-url", "http://example.org/feeds/hetao"
    )
    root = ET.parse(out).getroot()
    assert code == 0 and [e.findtext(f"{{{ATOM}}}title") for e in root.iter(f"{{{ATOM}}}entry")] == [
        "河套合作區新進展"
    ]
    assert gbawatch(db, "feed", "nosuchrule")[0] == 2


def test_schedule_list_shows_the_stored_jobs(db: str) -> None:
    assert "no jobs scheduled" in gbawatch(db, "schedule", "list")[1]
    built = build_scheduler(ScheduleConfig(database_url=db, sources={"infogov": 15}))
    built.shutdown(wait=False)
    code, out, _ = gbawatch(db, "schedule", "list")
    lines = out.splitlines()
    assert code == 0 and [line.split()[0] for line in lines] == [
        "crawl:infogov",
        "deliver",
        "digest",
        "housekeeping",
    ]
    assert "HKT" in lines[0] and "interval[0:15:00]" in lines[0]

"""The archive commands end to end on SQLite and PostgreSQL: search, export, trends, timeline."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from gbawatch.cli import main
from storage.repository import upsert_article
from tests.storage.archive_data import ARTICLES, article, day, load


def run(db: str, *args: str) -> Any:
    return CliRunner().invoke(main, ["--db", db, *args], catch_exceptions=False)


def test_search_with_filters_json_and_csv(migrated_db: str, sessions: Any) -> None:
    with sessions.begin() as session:  # stored but not yet indexed: the command catches up first
        for record in ARTICLES:
            upsert_article(session, record)
    result = run(migrated_db, "search", "量子科學中心")
    assert result.exit_code == 0, result.output
    assert "2 result(s)" in result.output and "«量子科學中心»" in result.output
    result = run(migrated_db, "search", "河套", "--source", "szgov", "--since", "2025-06-01", "--json")
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["source"] for r in rows] == ["szgov"] and rows[0]["published_at"].startswith("2025-06-20T10:00")
    result = run(migrated_db, "search", "", "--entity", "孙东", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["source"] for r in table] == ["newsgov"]
    result = run(migrated_db, "search", "量子", "--type", "organisation", "--order", "recent", "--json")
    assert [json.loads(line)["source"] for line in result.output.splitlines()] == [
        "takungpao_cn",
        "takungpao_hk",
    ]


def test_bad_queries_and_unknown_entities_are_one_line(migrated_db: str) -> None:
    for args in (
        ("search", "-河套"),
        ("search", "河套", "--entity", "不存在"),
        ("search", "河套", "--since", "2025-13-01"),
        ("trends", "不存在"),
        ("trends",),
    ):
        result = CliRunner().invoke(main, ["--db", migrated_db, *args])
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
    result = run(migrated_db, "search", "'; DROP TABLE article; --")
    assert result.exit_code == 0 and "0 result(s)" in result.output


def test_export_the_archive_and_a_search(migrated_db: str, sessions: Any, tmp_path: Path) -> None:
    load(sessions)
    out = tmp_path / "all.jsonl"
    result = run(migrated_db, "export", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(ARTICLES) and rows[0]["text"] and "entities" in rows[0]
    (release,) = [r for r in rows if r["url"] == "https://www.news.gov.hk/a/2.html"]
    assert release["officials"] == ["孫東"]
    assert [(f["value"], f["metric"], f["text"]) for f in release["figures"]] == [(150, "項目", "150個項目")]
    result = run(migrated_db, "export", "量子", "--source", "takungpao_hk", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["url"] for r in table] == ["https://www.takungpao.com.hk/a/1.html"]
    assert table[0]["entities"] == "河套深港科技創新合作區;粵港澳大灣區量子科學中心"


def test_trends_table_chart_rising_and_timeline(migrated_db: str, sessions: Any, tmp_path: Path) -> None:
    load(sessions)
    chart = tmp_path / "hetao.svg"
    result = run(migrated_db, "trends", "河套", "--by", "week", "--chart", str(chart))
    assert result.exit_code == 0, result.output
    assert "first mentioned 2025-03-03" in result.output and "2025-03-03  all" in result.output
    assert chart.read_text(encoding="utf-8").startswith("<?xml")
    png = tmp_path / "hetao.png"
    assert run(migrated_db, "trends", "河套合作区", "--by-source", "--chart", str(png)).exit_code == 0
    assert png.read_bytes()[:4] == b"\x89PNG"
    result = run(migrated_db, "trends", "--rising", "--until", "2025-03-09", "--min-articles", "2")
    assert result.exit_code == 0 and "河套深港科技創新合作區" in result.output
    result = run(migrated_db, "timeline", "河套", "--metric", "项目")
    assert result.exit_code == 0, result.output
    assert "150個項目" in result.output and "200个项目" in result.output


def test_stories_cluster_and_collapse(migrated_db: str, sessions: Any) -> None:
    load(sessions)
    result = run(migrated_db, "stories", "--since", "2025-03-01", "--json")
    assert result.exit_code == 0, result.output
    (story,) = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert {a["source"] for a in story["articles"]} == {"takungpao_hk", "takungpao_cn"}
    listed = run(migrated_db, "stories", "--since", "2025-03-01", "--no-cluster")
    assert "1 story" in listed.output and "[near_duplicate]" in listed.output
    folded = run(migrated_db, "search", "量子科學中心", "--collapse")
    assert "1 result(s)" in folded.output and "(+1 same story)" in folded.output


def test_reindex_catches_up_and_rebuilds(migrated_db: str, sessions: Any) -> None:
    with sessions.begin() as session:
        for record in ARTICLES:
            upsert_article(session, record)
    result = run(migrated_db, "db", "reindex")
    assert result.exit_code == 0 and f"indexed {len(ARTICLES)} article(s)" in result.output
    assert "indexed 0 article(s)" in run(migrated_db, "db", "reindex").output
    result = run(migrated_db, "db", "reindex", "--all")
    assert result.exit_code == 0 and f"indexed {len(ARTICLES)} article(s)" in result.output
    assert "2 result(s)" in run(migrated_db, "search", '"量子科學中心"').output


def test_search_and_export_by_profile(migrated_db: str, sessions: Any) -> None:
    """`--profile` keeps the articles whose stored relevance reaches the profile's threshold (or the minimum
    given); adding a profile scores the archive for it."""
    off_topic = article(
        "https://www.info.gov.hk/a/7.html",
        "infogov",
        "西貢游泳池暫時關閉",
        "康樂及文化事務署宣布，西貢游泳池因進行維修工程暫時關閉，市民可使用附近的將軍澳游泳池。",
        day(9, hour=15),
        section="新聞公報",
    )
    load(sessions, [*ARTICLES, off_topic])
    assert run(migrated_db, "profile", "add", "quantum", "--query", "量子 OR quantum").exit_code == 0
    result = run(migrated_db, "search", "", "--profile", "quantum", "--json", "--limit", "50")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    quantum = {a.url for a in ARTICLES if "量子" in a.title + a.text or "quantum" in (a.title + a.text).lower()}
    assert {r["url"] for r in rows} == quantum
    assert all(r["profile_relevance"] >= 0.5 for r in rows)
    everything = run(migrated_db, "search", "", "--profile", "quantum", "--min-profile-relevance", "0", "--json",
                     "--limit", "50")
    assert len(everything.output.splitlines()) == len(ARTICLES) + 1
    result = run(migrated_db, "export", "河套", "--profile", "quantum", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(result.output)))
    assert {r["url"] for r in table} == {a.url for a in ARTICLES if a.url in quantum and "河套" in a.text}
    for args in (("--min-profile-relevance", "0.3"), ("--profile", "nothing")):
        result = CliRunner().invoke(main, ["--db", migrated_db, "search", "河套", *args])
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output

"""The whole flow with real parts: Scrapy's engine → the mirror over HTTP → pipeline → SQLite."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from gbawatch.mirror import Mirror

REPO = Path(__file__).resolve().parents[2]
HOST = "www.info.gov.hk"  # a source whose mirror has feeds, index pages and articles


def gbawatch(db: str, *args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gbawatch", "--db", db, *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, check=False)


def fast(*extra: str) -> list[str]:
    return ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", *extra]


@pytest.mark.slow
def test_crawl_stores_then_recrawl_fetches_nothing_new(mirror: Mirror, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'archive.db'}"
    first = gbawatch(db, "crawl", "infogov", "--base-url", mirror.base(HOST), *fast())
    assert first.returncode == 0, first.stderr
    with sqlite3.connect(tmp_path / "archive.db") as connection:
        stored = connection.execute("SELECT count(*) FROM article").fetchone()[0]
        urls = [row[0] for row in connection.execute("SELECT url FROM article")]
        mentions = connection.execute("SELECT count(*) FROM mention").fetchone()[0]
    assert stored >= 5 and mentions > 0
    assert all(url.startswith("https://www.info.gov.hk/") for url in urls), "stored URLs are the real site's"
    second = gbawatch(db, "crawl", "infogov", "--base-url", mirror.base(HOST), *fast())
    assert second.returncode == 0, second.stderr
    runs = gbawatch(db, "runs", "--json")
    history = [json.loads(line) for line in runs.stdout.splitlines()]
    assert [run["status"] for run in history] == ["finished", "finished"]
    assert history[0]["stats"].get("gbawatch/created", 0) == 0  # newest first: the re-run created nothing
    assert history[1]["stats"]["gbawatch/created"] == stored
    with sqlite3.connect(tmp_path / "archive.db") as connection:
        assert connection.execute("SELECT count(*) FROM article").fetchone()[0] == stored


@pytest.mark.slow
def test_a_refusing_database_loses_nothing(mirror: Mirror, tmp_path: Path) -> None:
    db_file = tmp_path / "archive.db"
    db = f"sqlite:///{db_file}"
    assert gbawatch(db, "db", "upgrade").returncode == 0
    with sqlite3.connect(db_file) as connection:  # the database refuses every new article
        connection.execute("CREATE TRIGGER refuse BEFORE INSERT ON article "
                           "BEGIN SELECT RAISE(ABORT, 'disk quota exceeded'); END")
    crawl = gbawatch(db, "crawl", "infogov", "--base-url", mirror.base(HOST),
                     *fast("-s", f"GBAWATCH_SPOOL_DIR={tmp_path / 'spool'}", "-s", "GBAWATCH_STORE_BATCH=4"))
    assert crawl.returncode == 3, crawl.stderr  # the run failed, and says so
    assert "disk quota exceeded" in crawl.stderr
    spooled = sorted((tmp_path / "spool").glob("batch-*.jsonl"))
    kept = sum(len(p.read_text("utf-8").splitlines()) for p in spooled)
    assert kept >= 5
    with sqlite3.connect(db_file) as connection:
        connection.execute("DROP TRIGGER refuse")
    replay = gbawatch(db, "ingest", "--spool", str(tmp_path / "spool"))
    assert replay.returncode == 0, replay.stderr
    with sqlite3.connect(db_file) as connection:
        assert connection.execute("SELECT count(*) FROM article").fetchone()[0] == kept
    assert not list((tmp_path / "spool").glob("batch-*.jsonl"))


def test_unreachable_database_stops_a_crawl_before_it_starts(mirror: Mirror, tmp_path: Path) -> None:
    result = gbawatch("postgresql+psycopg://nobody@127.0.0.1:9/none", "crawl", "infogov",
                      "--base-url", mirror.base(HOST))
    assert result.returncode == 4 and "cannot reach database" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_scrapy_list_and_crawl_work_from_the_repository_root(mirror: Mirror, tmp_path: Path) -> None:
    scrapy = str(Path(sys.executable).with_name("scrapy"))
    listed = subprocess.run([scrapy, "list"], cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    from gbawatch.config import DEFAULT_SOURCES_FILE, load_sources

    assert {s.spider for s in load_sources(DEFAULT_SOURCES_FILE).values()} <= set(listed.stdout.split())
    db = tmp_path / "bare.db"  # a new database: the pipeline brings it to the current schema itself
    crawl = subprocess.run([scrapy, "crawl", "takungpao_hk", "-a", f"base_url={mirror.base('www.takungpao.com.hk')}",
                            "-s", f"GBAWATCH_DATABASE_URL=sqlite:///{db}", "-s", "DOWNLOAD_DELAY=0",
                            "-s", "AUTOTHROTTLE_ENABLED=False"], cwd=REPO, capture_output=True, text=True,
                           timeout=300, check=False)
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM article").fetchone()[0] > 0

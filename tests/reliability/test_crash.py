"""Kill -9 a real `gbawatch crawl` at several points of a 300-article list, re-run it: nothing is lost.

The old stop rule ended paging at the first list page whose articles were all stored, so a crawl killed
after storing the first pages hid the deeper ones from every later run. Now paging stops only at
articles first fetched before the source's last *complete* crawl began (pipeline.known_urls).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from gbawatch.mirror import serving
from pipeline.urls import url_key
from storage.engine import make_engine
from tests.reliability.harness import (
    FAST,
    WATCH_RULE,
    Outcome,
    alerts_of,
    count,
    crawl_killed_at,
    record,
    run,
)
from tests.synthetic_site import HOST, article_url, build_mirror

pytestmark = pytest.mark.slow


def crawl_args(base: str, batch: int, spool: Path) -> list[str]:
    return ["crawl", "hkstp", "--base-url", base, "--no-nlp", *FAST,
            "-s", f"GBAWATCH_STORE_BATCH={batch}", "-s", f"GBAWATCH_SPOOL_DIR={spool}"]


def stored_urls(db: str) -> set[str]:
    """The URL keys stored (pipeline.urls.url_key: scheme-, www- and slash-free)."""
    engine = make_engine(db)
    try:
        with engine.connect() as connection:
            return {row[0] for row in connection.execute(text("SELECT url_key FROM article"))}
    finally:
        engine.dispose()


def site_urls(articles: int) -> set[str]:
    return {url_key(article_url(k)) for k in range(articles)}


def last_run(db: str, sources: Path) -> dict[str, object]:
    runs = run(db, sources, "runs", "--json")
    assert runs.returncode == 0, runs.stderr
    history: dict[str, object] = json.loads(runs.stdout.splitlines()[0])  # newest first
    return history


@pytest.mark.parametrize("batch", [50, 5])
def test_a_crawl_killed_three_times_loses_nothing(batch: int, site_300: str, sources_file: Path,
                                                  tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'archive.db'}"
    assert run(db, sources_file, "db", "upgrade").returncode == 0
    assert run(db, sources_file, *WATCH_RULE).returncode == 0
    args = crawl_args(site_300, batch, tmp_path / "spool")
    seen = [crawl_killed_at(db, sources_file, n, *args, workdir=tmp_path) for n in (40, 140, 240)]
    assert seen == sorted(seen) and seen[-1] < 300  # each re-run made progress, none finished
    final = run(db, sources_file, *args)
    assert final.returncode == 0, final.stderr
    urls = stored_urls(db)
    record(Outcome(f"crawl kill -9 at 40, 140, 240 stored, batch {batch}", expected=300,
                   stored=len(urls & site_urls(300)), alerts=alerts_of(db, sources_file),
                   notes=[f"after each kill: {', '.join(map(str, seen))}"]))
    assert len(urls) == 300
    assert not list((tmp_path / "spool").glob("*")), "nothing was spooled"
    assert last_run(db, sources_file)["status"] == "finished"


@pytest.mark.postgres
def test_a_killed_crawl_into_postgresql_loses_nothing(site_300: str, sources_file: Path, postgres_url: str,
                                                      tmp_path: Path) -> None:
    args = crawl_args(site_300, 50, tmp_path / "spool")
    killed = crawl_killed_at(postgres_url, sources_file, 150, *args, workdir=tmp_path)
    final = run(postgres_url, sources_file, *args)
    assert final.returncode == 0, final.stderr
    record(Outcome("crawl kill -9 at 150 stored, PostgreSQL", expected=300, stored=count(postgres_url),
                   notes=[f"{killed} after the kill"]))


def test_a_killed_crawl_of_a_grown_site_loses_nothing(sources_file: Path, tmp_path: Path) -> None:
    """A complete crawl of 150 articles; 150 more appear on top, pushing the old ones to deeper pages;
    the next crawl is killed; its re-run must list past the pages the killed one stored."""
    root = tmp_path / "site"
    build_mirror(root, 150)
    db = f"sqlite:///{tmp_path / 'archive.db'}"
    with serving(root) as mirror:
        args = crawl_args(mirror.base(HOST), 50, tmp_path / "spool")
        first = run(db, sources_file, *args)
        assert first.returncode == 0, first.stderr
        assert count(db) == 150
        build_mirror(root, 300)
        killed = crawl_killed_at(db, sources_file, 200, *args, workdir=tmp_path)
        final = run(db, sources_file, *args)
        assert final.returncode == 0, final.stderr
        again = run(db, sources_file, *args)  # nothing new: a quiet, complete run
        assert again.returncode == 0, again.stderr
    urls = stored_urls(db)
    record(Outcome("site grows 150 → 300, crawl kill -9 at 200 stored", expected=300,
                   stored=len(urls & site_urls(300)),
                   notes=[f"{killed} after the kill"]))
    assert len(urls) == 300
    assert last_run(db, sources_file)["stats"].get("gbawatch/created", 0) == 0  # type: ignore[attr-defined]

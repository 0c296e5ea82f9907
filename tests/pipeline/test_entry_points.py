"""One ingest path: every entry point that stores articles leaves the same database behind.

The same pages (the Ta Kung Pao mirrors, Traditional and Simplified, so there are stories across sources)
go in through `gbawatch crawl`, `gbawatch demo`, a bare `scrapy crawl`, `gbawatch ingest` of the saved
pages, a `--spool` replay after the database refused a crawl, and the scheduler's crawl job. Scrapy's own
engine fetches from the mirror over real HTTP on 127.0.0.1; each run starts from an empty SQLite database
with the same watch rule. Articles, mentions, figures, entities, story clusters and alerts must be
identical (compared by URL key: ids and crawl times depend on the order pages arrive in).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gbawatch.mirror import SNAPSHOT_ROOT, Mirror
from schedules.jobs import crawl_command, crawl_environment, crawl_source
from storage.archive_models import StoryMember
from storage.engine import make_engine, session_factory
from storage.models import Article, Entity, Figure, Mention
from storage.watch_models import Alert, WatchRule
from watch.alerts import run_alerts

REPO = Path(__file__).resolve().parents[2]
HOSTS = {"takungpao_hk": "www.takungpao.com.hk", "takungpao_cn": "www.takungpao.com"}
RULE = ("hetao", "河套 OR 前海 OR 科技")

pytestmark = pytest.mark.slow


def sources_file(directory: Path) -> Path:
    """The two Ta Kung Pao sources, without a download delay (the same pages, fetched quickly)."""
    path = directory / "sources.toml"
    path.write_text("".join(
        f'[sources.{name}]\nspider = "{name}"\nbase_url = "https://{host}"\n'
        f'sections = ["news/232109", "news/232108"]\nschedule_minutes = 60\ndownload_delay = 0\n\n'
        for name, host in HOSTS.items()), "utf-8")
    return path


def gbawatch(db: Path, sources: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "gbawatch", "--db", f"sqlite:///{db}", "--sources", str(sources),
                             *args], cwd=db.parent, capture_output=True, text=True, timeout=600, check=False)
    return result


def fresh(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """An empty database with the watch rule, and the sources file."""
    directory = tmp_path / name
    directory.mkdir()
    sources = sources_file(directory)
    db = directory / "archive.db"
    added = gbawatch(db, sources, "watch", "add", RULE[0], "--query", RULE[1], "--since", "2000-01-01")
    assert added.returncode == 0, added.stderr
    return db, sources


def bases(mirror: Mirror) -> list[str]:
    return [arg for name, host in HOSTS.items() for arg in ("--base-url", f"{name}={mirror.base(host)}")]


# --- the entry points ---------------------------------------------------------------------------------------


def by_crawl(mirror: Mirror, tmp_path: Path) -> Path:
    db, sources = fresh(tmp_path, "crawl")
    result = gbawatch(db, sources, "crawl", *HOSTS, *bases(mirror))
    assert result.returncode == 0, result.stderr[-2000:]
    return db


def by_demo(mirror: Mirror, tmp_path: Path) -> Path:
    db, sources = fresh(tmp_path, "demo")  # the demo serves its own copy of the same snapshot
    result = gbawatch(db, sources, "demo")
    assert result.returncode == 0, result.stderr[-2000:]
    return db


def by_bare_scrapy(mirror: Mirror, tmp_path: Path) -> Path:
    db, _ = fresh(tmp_path, "scrapy")
    scrapy = str(Path(sys.executable).with_name("scrapy"))
    for name, host in HOSTS.items():
        result = subprocess.run(
            [scrapy, "crawl", name, "-a", f"base_url={mirror.base(host)}",
             "-s", f"GBAWATCH_DATABASE_URL=sqlite:///{db}", "-s", "DOWNLOAD_DELAY=0",
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"GBAWATCH_SPOOL_DIR={db.parent}/spool"],
            cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
        assert result.returncode == 0, result.stderr[-2000:]
    return db


def by_ingest(mirror: Mirror, tmp_path: Path, fetched: dict[str, list[str]]) -> Path:
    """`gbawatch ingest` of the saved pages the crawl fetched (the mirror's files)."""
    db, sources = fresh(tmp_path, "ingest")
    for name, host in HOSTS.items():
        pages = [str(SNAPSHOT_ROOT / host / urlsplit(url).path.lstrip("/")) for url in fetched[name]]
        result = gbawatch(db, sources, "ingest", "--source", name, *pages)
        assert result.returncode == 0, result.stderr[-2000:]
    return db


def by_spool_replay(mirror: Mirror, tmp_path: Path) -> Path:
    db, sources = fresh(tmp_path, "spool")
    with sqlite3.connect(db) as connection:  # the database refuses every new article
        connection.execute("CREATE TRIGGER refuse BEFORE INSERT ON article BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    crawl = gbawatch(db, sources, "crawl", *HOSTS, *bases(mirror), "-s", f"GBAWATCH_SPOOL_DIR={db.parent}/spool")
    assert crawl.returncode == 3 and "disk full" in crawl.stderr, crawl.stderr[-2000:]
    with sqlite3.connect(db) as connection:
        connection.execute("DROP TRIGGER refuse")
    replay = gbawatch(db, sources, "ingest", "--spool", str(db.parent / "spool"))
    assert replay.returncode == 0, replay.stderr[-2000:]
    return db


def by_scheduler(mirror: Mirror, tmp_path: Path) -> Path:
    """The scheduler's crawl job: `gbawatch crawl SOURCE` in a subprocess, then its alerts catch-up."""
    db, sources = fresh(tmp_path, "scheduler")
    engine = make_engine(f"sqlite:///{db}")
    try:
        sessions = session_factory(engine)
        for name, host in HOSTS.items():
            argv = crawl_command(name, sources_file=str(sources), base_url=mirror.base(host))
            outcome = crawl_source(sessions, name, argv, timeout=600, env=crawl_environment(f"sqlite:///{db}"))
            assert outcome.ok, outcome.error
        assert run_alerts(sessions).alerts == 0  # the crawl raised them as it stored the articles
    finally:
        engine.dispose()
    return db


# --- what is compared ---------------------------------------------------------------------------------------

_NOT_COMPARED = {"id", "source_id", "fetched_url", "first_seen_at", "last_fetched_at", "twin_id"}


def snapshot(db: Path) -> dict[str, Any]:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with Session(engine) as session:
            return _snapshot(session)
    finally:
        engine.dispose()


def _snapshot(session: Session) -> dict[str, Any]:
    articles = list(session.scalars(select(Article).options(
        selectinload(Article.source), selectinload(Article.mentions).selectinload(Mention.entity),
        selectinload(Article.figures).selectinload(Figure.entity))))
    key = {a.id: a.url_key for a in articles}
    columns = [c.name for c in Article.__table__.columns if c.name not in _NOT_COMPARED]
    stories: dict[int, set[str]] = defaultdict(set)
    for member in session.scalars(select(StoryMember)):
        stories[member.cluster_id].add(key[member.article_id])
    story_of = {k: frozenset(group) for group in stories.values() for k in group}
    rules = {rule.id: rule.name for rule in session.scalars(select(WatchRule))}

    def story(article_id: int) -> frozenset[str]:
        article = next(a for a in articles if a.id == article_id)
        twin = {key[article.twin_id]} if article.twin_id in key else set()
        return story_of.get(article.url_key, frozenset({article.url_key})) | twin

    return {
        "articles": {a.url_key: ({c: getattr(a, c) for c in columns}, a.source.name,
                                 key.get(a.twin_id) if a.twin_id else None) for a in articles},
        "mentions": sorted((a.url_key, m.entity.canonical, m.entity.type, m.surface, m.title or "", m.start, m.end)
                           for a in articles for m in a.mentions),
        "figures": sorted((a.url_key, f.value, f.unit, f.currency or "", f.metric or "", f.qualifier or "", f.text,
                           f.start, f.end, f.entity.canonical if f.entity else "")
                          for a in articles for f in a.figures),
        "entities": sorted((e.canonical, e.type, e.known, tuple(e.aliases or ()))
                           for e in session.scalars(select(Entity))),
        "clusters": sorted(sorted(group) for group in stories.values()),
        # Which copy of a story carries its alert depends on which arrived first: the story is compared.
        "alerts": sorted((rules.get(a.rule_id or 0, ""), a.kind, sorted(story(a.article_id)))
                         for a in session.scalars(select(Alert)) if a.article_id is not None),
    }


def fetched_pages(db: Path) -> dict[str, list[str]]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT source.name, article.fetched_url FROM article JOIN source "
                                  "ON source.id = article.source_id").fetchall()
    pages: dict[str, list[str]] = defaultdict(list)
    for source, url in rows:
        pages[source].append(url)
    return pages


def test_every_entry_point_leaves_the_same_database(mirror: Mirror, tmp_path: Path) -> None:
    reference = by_crawl(mirror, tmp_path)
    expected = snapshot(reference)
    assert len(expected["articles"]) >= 10 and expected["mentions"] and expected["figures"]
    assert expected["clusters"] and expected["alerts"], "the pages must make stories and alerts to compare"
    runs: dict[str, Callable[[], Path]] = {
        "demo": lambda: by_demo(mirror, tmp_path),
        "bare scrapy crawl": lambda: by_bare_scrapy(mirror, tmp_path),
        "ingest": lambda: by_ingest(mirror, tmp_path, fetched_pages(reference)),
        "spool replay": lambda: by_spool_replay(mirror, tmp_path),
        "scheduler": lambda: by_scheduler(mirror, tmp_path),
    }
    for name, run in runs.items():
        got = snapshot(run())
        for part, value in expected.items():
            assert got[part] == value, f"{name}: {part} differ"

"""Extraction health: field coverage per source, and a redesigned template flagged as drifting."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from gbawatch.mirror import Mirror, serving
from spiders.generic import GenericSpider
from spiders.health import ExtractionHealth, coverage
from spiders.items import ArticleItem, Extraction

REPO = Path(__file__).resolve().parents[2]
BAD = REPO / "tests" / "mirror" / "bad"
HOST = "www.takungpao.com.hk"


def test_middleware_counts_items_extractors_and_fields() -> None:
    crawler = get_crawler(GenericSpider)
    crawler.stats.open_spider()
    health = ExtractionHealth.from_crawler(crawler)
    items = [
        ArticleItem(url="https://a/1", source="tkp", title="標題", text="內文", author="胡永愛",
                    section="港聞"),
        ArticleItem(url="https://a/2", source="tkp", title="標題", text="", extraction=Extraction.FALLBACK),
    ]
    response = HtmlResponse(url="https://a/list", body=b"<html></html>")
    passed = list(health.process_spider_output(response, [*items, "not an item"]))
    assert passed == [*items, "not an item"]  # the middleware only looks
    stats = crawler.stats.get_stats()
    assert stats["gbawatch/tkp/items"] == 2
    assert stats["gbawatch/tkp/extraction/selectors"] == 1 and stats["gbawatch/tkp/extraction/fallback"] == 1
    assert stats["gbawatch/tkp/field/title"] == 2 and stats["gbawatch/tkp/field/author"] == 1
    assert "gbawatch/tkp/field/published_at" not in stats
    assert coverage(stats, "tkp") == {"title": 1.0, "text": 0.5, "published_at": 0.0, "author": 0.5,
                                      "section": 0.5}


# Two crawls in one child process (the reactor runs once): the bundled Ta Kung Pao mirror, and the same source
# against a redesigned template, both through the whole pipeline (NLP off) into one SQLite database.
_RUN = """
import json, sys
from dataclasses import replace
from gbawatch.config import DEFAULT_SOURCES_FILE, load_sources
from gbawatch.crawl import CrawlJob, run_crawls
from storage.migrate import upgrade
good, drifted, database = sys.argv[1:4]
upgrade(database)
source = replace(load_sources(DEFAULT_SOURCES_FILE)["takungpao_hk"], sections=("news/232109",))
jobs = [CrawlJob(source, base_url=good, max_pages=1),
        CrawlJob(replace(source, name="takungpao_hk_redesign"), base_url=drifted)]
results = run_crawls(jobs, database_url=database, overrides={
    "GBAWATCH_NLP_ENABLED": False, "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False})
print(json.dumps({r.source: {k: v for k, v in r.stats.items() if k.startswith("gbawatch/")}
                  for r in results}))
"""


@pytest.mark.slow
def test_redesigned_template_gives_fallback_items_and_a_drifting_run(mirror: Mirror, tmp_path: Path) -> None:
    database = tmp_path / "archive.db"
    with serving(BAD, hosts=[HOST]) as drifted:
        command = [sys.executable, "-c", _RUN, mirror.base(HOST), drifted.base(HOST), f"sqlite:///{database}"]
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    stats = json.loads(done.stdout.strip().splitlines()[-1])
    redesign = stats["takungpao_hk_redesign"]
    assert redesign["gbawatch/takungpao_hk_redesign/fallback"] == 4
    assert redesign["gbawatch/takungpao_hk_redesign/extraction/fallback"] == 4
    assert redesign["gbawatch/takungpao_hk_redesign/field/title"] == 4  # the fallback still finds titles
    assert redesign["gbawatch/takungpao_hk_redesign/field/text"] == 4
    normal = stats["takungpao_hk"]
    assert "gbawatch/takungpao_hk/fallback" not in normal
    assert normal["gbawatch/takungpao_hk/extraction/selectors"] == normal["gbawatch/takungpao_hk/items"] > 0
    with sqlite3.connect(database) as connection:
        runs = dict(connection.execute("SELECT source, drifting FROM crawl_run"))
        recorded = json.loads(connection.execute(
            "SELECT stats FROM crawl_run WHERE source = 'takungpao_hk_redesign'").fetchone()[0])
    assert runs == {"takungpao_hk": 0, "takungpao_hk_redesign": 1}
    assert recorded["gbawatch/takungpao_hk_redesign/field/published_at"] == 4  # coverage kept in the history

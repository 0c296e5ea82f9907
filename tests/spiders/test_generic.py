"""The generic spider: gold pages of a source without code (HKSTP); crawls from feed, sitemap, list."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.utils.test import get_crawler

from gbawatch.config import load_sources
from gbawatch.mirror import Mirror
from spiders.fallback import extract_article
from spiders.generic import GenericSpider
from spiders.items import ArticleItem, DateOrigin, Extraction

REPO = Path(__file__).resolve().parents[2]
MIRROR = REPO / "tests" / "mirror"
HOST = "www.hkstp.org"
REAL = "https://www.hkstp.org"
PR = f"{REAL}/zh-hk/press-room/press-releases"
SOURCES_FILE = Path(__file__).with_name("generic_sources.toml")
ARTICLES = {
    f"{PR}/2025/hetao-hk-park-first-tenants/",
    f"{PR}/2025/quantum-innovation-centre/",
    f"{PR}/2025/gba-incubation-programme/",
    f"{PR}/2025/microelectronics-pilot-line/",
    f"{PR}/2023/smart-city-sandbox/",
}
NOT_FIELDS = {"must_contain", "must_not_contain", "template", "rebuilt", "real"}
_STAT = re.compile(r"'((?:gbawatch|robotstxt|downloader|retry)/[^']+)': (\d+)")


def source_args(base_url: str | None = None) -> dict[str, Any]:
    return load_sources(SOURCES_FILE)["hkstp"].spider_arguments(base_url)


def make_spider(**overrides: Any) -> GenericSpider:
    arguments = {**source_args(), **overrides}
    return GenericSpider.from_crawler(get_crawler(GenericSpider), **arguments)


def gold_files() -> list[Path]:
    return sorted((MIRROR / "gold" / HOST).rglob("*.json"))


def parse_page(spider: GenericSpider, gold: dict[str, Any], body: bytes) -> ArticleItem:
    url = gold["url"]
    response = HtmlResponse(url=url, body=body, request=scrapy.Request(url),
                            headers={"Content-Type": "text/html; charset=utf-8"})
    items = list(spider.parse_article(response))
    assert len(items) == 1
    return items[0]


def field_value(item: ArticleItem, name: str) -> Any:
    value = getattr(item, name)
    if isinstance(value, datetime):
        return value.isoformat()
    return value.value if hasattr(value, "value") else value


def test_every_gold_page_parses_to_its_fields() -> None:
    spider = make_spider()
    files = gold_files()
    assert len(files) >= 4
    failures: list[str] = []
    for gold_file in files:
        gold = json.loads(gold_file.read_text("utf-8"))
        page = MIRROR / "sites" / gold_file.relative_to(MIRROR / "gold").with_suffix("")
        item = parse_page(spider, gold, page.read_bytes())
        for name, expected in gold.items():
            if name not in NOT_FIELDS and field_value(item, name) != expected:
                failures.append(f"{page.name} {gold['url']}: {name} = {field_value(item, name)!r}, "
                                f"gold {expected!r}")
        failures += [f"{gold['url']}: missing {s!r}" for s in gold["must_contain"] if s not in item.text]
        failures += [f"{gold['url']}: leaked {s!r}" for s in gold["must_not_contain"] if s in item.text]
        assert item.extraction is Extraction.FALLBACK
    assert not failures, "\n".join(failures)
    # No selectors, so no drift: the generic spider never counts a fallback.
    assert spider.crawler.stats.get_value("gbawatch/hkstp/fallback") is None


def test_source_file_entry_gives_the_spider_its_real_base() -> None:
    arguments = source_args("http://127.0.0.1:1")
    assert arguments["site_base"] == REAL and arguments["base_url"] == "http://127.0.0.1:1"
    spider = GenericSpider(**arguments)
    assert spider.real_base == REAL
    assert spider.fetch_url(f"{PR}/rss.xml") == "http://127.0.0.1:1/zh-hk/press-room/press-releases/rss.xml"
    assert spider.language == "zh-Hant"
    assert GenericSpider.site_base == ""  # the instance value never leaks into the class


def test_spider_refuses_arguments_it_cannot_crawl_from() -> None:
    with pytest.raises(ValueError, match="site_base"):
        GenericSpider(feeds="https://x.example/rss.xml")
    with pytest.raises(ValueError, match="feeds, sitemap or list_url"):
        GenericSpider(site_base=REAL)
    with pytest.raises(ValueError, match="link_pattern"):
        GenericSpider(site_base=REAL, list_url="/news/")


def test_page_without_any_date_keeps_crawl_time_or_the_feed_date() -> None:
    spider = make_spider()
    html = ("<html><head><title>無日期新聞 | 網站</title></head><body><article><h1>無日期新聞</h1>"
            + "<p>香港科學園今日舉行創科展覽，展出逾百項研發成果，吸引大批市民參觀。</p>" * 5
            + "</article></body></html>").encode()
    url = f"{PR}/2025/undated/"
    response = HtmlResponse(url=url, body=html, request=scrapy.Request(url))
    item = next(spider.parse_article(response))
    assert item.published_at is None and item.date_origin is DateOrigin.CRAWL_TIME
    assert item.title == "無日期新聞" and "published_at" in item.missing_fields
    feed_time = datetime.fromisoformat("2025-07-01T09:00:00+08:00")
    item = next(spider.parse_article(response, listed_at=feed_time, origin=DateOrigin.FEED))
    assert item.published_at == feed_time and item.date_origin is DateOrigin.FEED


def test_non_html_and_empty_pages_are_counted() -> None:
    spider = make_spider()
    url = f"{PR}/2025/report.pdf"
    pdf = Response(url=url, body=b"%PDF-1.7", headers={"Content-Type": "application/pdf"},
                   request=scrapy.Request(url))
    assert list(spider.parse_article(pdf)) == []
    empty = TextResponse(url=f"{PR}/2025/empty/", body=b"<html><body></body></html>",
                         headers={"Content-Type": "text/html; charset=utf-8"},
                         request=scrapy.Request(f"{PR}/2025/empty/"))
    item = next(spider.parse_article(empty))
    assert item.text == "" and "body" in item.missing_fields
    stats = spider.crawler.stats.get_stats()
    assert stats["gbawatch/hkstp/error/not_html"] == 1 and stats["gbawatch/hkstp/error/no_text"] == 1


def test_fallback_extractor_survives_junk() -> None:
    for junk in ("", "   ", "<html>", "\x00\x01\x02", "<?xml version='1.0' encoding='gb2312'?><a>文</a>"):
        result = extract_article(junk, "https://x.example/")
        assert result.text == "" and result.reason


def crawl(base: str, out: Path, *args: str, obey_robots: bool = True) -> tuple[list[dict[str, Any]],
                                                                             dict[str, int]]:
    command = [sys.executable, "-m", "scrapy", "crawl", "generic", "-O", str(out),
               "-s", "ITEM_PIPELINES={}", "-s", "EXTENSIONS={}", "-s", f"ROBOTSTXT_OBEY={obey_robots}",
               "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"]
    for key, value in {**source_args(base), **dict(arg.split("=", 1) for arg in args)}.items():
        command += ["-a", f"{key}={value}"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    items = [json.loads(line) for line in out.read_text("utf-8").splitlines()] if out.exists() else []
    return items, {key: int(value) for key, value in _STAT.findall(done.stderr)}


@pytest.mark.slow
def test_crawl_from_feed_sitemap_and_list_fetches_each_article_once(mirror: Mirror, tmp_path: Path) -> None:
    base = mirror.base(HOST)
    items, stats = crawl(base, tmp_path / "items.jsonl")
    urls = [item["url"] for item in items]
    assert sorted(urls) == sorted(ARTICLES)  # real URLs, each once although listed up to three times
    assert all(item["fetched_url"].startswith(base + "/") for item in items)
    assert all(item["extraction"] == "fallback" and item["text"] for item in items)
    assert stats["gbawatch/hkstp/listed"] == 6  # 5 articles + one withdrawn release
    assert stats["gbawatch/hkstp/fetched"] == 5
    assert stats["gbawatch/hkstp/error/http_404"] == 1  # the withdrawn release; the crawl goes on
    assert "gbawatch/hkstp/fallback" not in stats


@pytest.mark.slow
def test_crawl_list_only_respects_max_pages_and_since(mirror: Mirror, tmp_path: Path) -> None:
    base = mirror.base(HOST)
    only_list = ("feeds=", "sitemap=")
    items, _ = crawl(base, tmp_path / "a.jsonl", *only_list, "max_pages=1", obey_robots=False)
    assert {item["url"] for item in items} == {f"{PR}/2025/hetao-hk-park-first-tenants/",
                                               f"{PR}/2025/quantum-innovation-centre/",
                                               f"{PR}/2025/gba-incubation-programme/"}
    items, stats = crawl(base, tmp_path / "b.jsonl", *only_list, "since=2024-01-01", obey_robots=False)
    assert f"{PR}/2023/smart-city-sandbox/" not in {item["url"] for item in items}
    assert len(items) == 4 and stats["gbawatch/hkstp/skipped_known_or_old"] == 1


# The product's crawl path in a child process (the reactor runs once per process): sources file → run_crawls →
# the whole pipeline → SQLite. `gbawatch crawl --sources FILE … --base-url URL --no-nlp` does the same.
_RUN_CRAWL = """
import sys
from pathlib import Path
from gbawatch.config import load_sources
from gbawatch.crawl import CrawlJob, run_crawls
from storage.migrate import upgrade
sources_file, name, base, database = sys.argv[1:5]
upgrade(database)
source = load_sources(Path(sources_file))[name]
[result] = run_crawls([CrawlJob(source, base_url=base)], database_url=database,
                      overrides={"GBAWATCH_NLP_ENABLED": False, "DOWNLOAD_DELAY": 0,
                                 "AUTOTHROTTLE_ENABLED": False})
print(result.reason, result.stats.get("gbawatch/stored", 0))
"""


@pytest.mark.slow
def test_sources_file_crawl_stores_the_generic_source(mirror: Mirror, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'archive.db'}"
    done = subprocess.run([sys.executable, "-c", _RUN_CRAWL, str(SOURCES_FILE), "hkstp", mirror.base(HOST),
                           database], cwd=REPO, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert done.stdout.split() == ["finished", "5"]
    with sqlite3.connect(tmp_path / "archive.db") as connection:
        stored = {row[0] for row in connection.execute("SELECT url FROM article")}
        drifting = connection.execute("SELECT drifting FROM crawl_run").fetchall()
    assert stored == {url.rstrip("/") for url in ARTICLES}  # the pipeline's canonical form
    assert drifting == [(0,)]  # all fallback, yet no drift: the generic spider has no selectors


def test_fallback_drops_a_closing_media_contact_block() -> None:
    sentences = ("科技園公司今日公布新一輪培育計劃，合資格初創企業可獲最多三百萬港元資助及兩年免租期。",
                 "計劃首期名額為六十家企業，申請企業須於園區註冊，並設立研發或市場拓展團隊。",
                 "副局長表示，計劃旨在打通兩地孵化資源，讓基礎研究成果更快找到製造及應用場景。",
                 "截止申請日期為明年六月底，評審委員會由投資者、學者及產業代表組成，結果於九月公布。")
    paragraphs = "".join(f"<p>{sentence}</p>" for sentence in sentences)
    page = (f"<html><head><title>新聞稿</title></head><body><article><h1>新聞稿</h1>{paragraphs}"
            "<p>傳媒查詢：企業傳訊部 電話：2629 1818</p></article></body></html>")
    text = extract_article(page, "https://x.example/pr/1/").text
    assert "結果於九月公布" in text and "傳媒查詢" not in text
    # Only a closing block: a contact label followed by story paragraphs stays.
    middle = page.replace("<p>傳媒查詢：企業傳訊部 電話：2629 1818</p>", "").replace(
        "<p>計劃首期", "<p>傳媒查詢：企業傳訊部 電話：2629 1818</p><p>計劃首期")
    assert "傳媒查詢" in extract_article(middle, "https://x.example/pr/1/").text

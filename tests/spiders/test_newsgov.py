"""newsgov spider: gold pages, feeds to article requests, crawl against the mirror, bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.utils.test import get_crawler

from spiders.items import ArticleItem, Extraction
from spiders.newsgov import NewsGovSpider

REPO = Path(__file__).resolve().parents[2]
MIRROR = REPO / "tests" / "mirror"
HOST = "www.news.gov.hk"
REAL = "https://www.news.gov.hk"
GOLD_PAGES = sorted((MIRROR / "gold" / HOST).rglob("*.json"))


def make_spider(**kwargs: Any) -> NewsGovSpider:
    return NewsGovSpider.from_crawler(get_crawler(NewsGovSpider), **kwargs)


def response_for(url: str, body: bytes | None = None) -> HtmlResponse:
    if body is None:
        body = (MIRROR / "sites" / HOST / url.removeprefix(REAL + "/")).read_bytes()
    return HtmlResponse(url=url, body=body, request=scrapy.Request(url))


def parse_one(spider: NewsGovSpider, url: str, body: bytes | None = None) -> ArticleItem:
    items = list(spider.parse_article(response_for(url, body)))
    assert len(items) == 1
    return items[0]


def test_gold_pages_all_match() -> None:
    assert len(GOLD_PAGES) >= 5
    spider = make_spider()
    failures: dict[str, list[str]] = {}
    for path in GOLD_PAGES:
        gold = json.loads(path.read_text("utf-8"))
        item = parse_one(spider, gold["url"])
        actual = {"url": item.url, "title": item.title, "author": item.author, "section": item.section,
                  "published_at": item.published_at.isoformat() if item.published_at else None,
                  "language": item.language, "date_origin": str(item.date_origin), "captions": item.captions}
        problems = [f"{k}: {v!r} != gold {gold[k]!r}" for k, v in actual.items()
                    if k in gold and gold[k] != v]
        problems += [f"missing {s!r}" for s in gold["must_contain"] if s not in item.text]
        problems += [f"unwanted {s!r}" for s in gold["must_not_contain"] if s in item.text]
        if item.missing_fields or item.extraction != Extraction.SELECTORS:
            problems.append(f"extraction {item.extraction} missing {item.missing_fields}")
        if problems:
            failures[gold["url"]] = problems
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)


def test_feed_lists_article_requests_to_the_fetch_base() -> None:
    spider = make_spider(base_url="http://127.0.0.1:9")
    spider.known_url = lambda url: url.endswith("20250115_093000_120.html")
    path = "tc/common/html/topstories.rss.xml"
    url = f"http://127.0.0.1:9/{path}"
    body = (MIRROR / "sites" / HOST / path).read_bytes()
    response = XmlResponse(url=url, body=body, request=scrapy.Request(url))
    requests = list(spider.parse_feed(response, section="topstories"))
    assert [r.url[-24:] for r in requests] == ["20250117_101500_330.html", "20250115_153000_455.html"]
    assert all(r.url.startswith("http://127.0.0.1:9/chi/2025/01/") for r in requests)
    assert spider.crawler.stats.get_value("gbawatch/newsgov/listed") == 3


def test_since_skips_old_stories_by_url_time() -> None:
    spider = make_spider(since="2025-01-16 12:00")
    path = "tc/categories/finance/html/articlelist.rss.xml"
    response = XmlResponse(url=f"{REAL}/{path}", body=(MIRROR / "sites" / HOST / path).read_bytes(),
                           request=scrapy.Request(f"{REAL}/{path}"))
    assert [r.url[-24:] for r in spider.parse_feed(response)] == ["20250117_164500_780.html"]


def test_page_without_the_template_falls_back() -> None:
    url = f"{REAL}/chi/2025/01/20250117/20250117_101500_330.html"
    body = response_for(url).body.replace(b'class="newsdetail-content"', b'class="story-body"')
    body = body.replace(b'class="news-title"', b'class="headline"')
    spider = make_spider()
    item = parse_one(spider, url, body)
    assert item.extraction == Extraction.FALLBACK and "body" in item.missing_fields
    assert item.title == "孫東：逾三成進駐企業來自內地及海外"  # from og:title
    assert "逾五十家重點企業" in item.text
    assert spider.crawler.stats.get_value("gbawatch/newsgov/fallback") == 1


def test_empty_and_truncated_pages() -> None:
    spider = make_spider()
    empty = parse_one(spider, f"{REAL}/chi/2025/01/20250118/20250118_090000_902.html")
    assert empty.text == "" and empty.title == "內容空白的新聞"
    assert spider.crawler.stats.get_value("gbawatch/newsgov/error/no_text") == 1
    truncated = parse_one(spider, f"{REAL}/chi/2025/01/20250118/20250118_110000_904.html")
    assert truncated.text.startswith("政府今日公布《香港智慧城市藍圖2.0》")
    assert truncated.published_at is not None
    assert truncated.published_at.isoformat() == "2025-01-18T11:00:00+08:00"


def crawl(mirror: Any, tmp_path: Path, *args: str) -> tuple[list[dict[str, Any]], dict[str, int]]:
    out = tmp_path / "items.jsonl"
    command = [sys.executable, "-m", "scrapy", "crawl", "newsgov", "-a", f"base_url={mirror.base(HOST)}",
               *args, "-O", str(out), "-s", "ITEM_PIPELINES={}", "-s", "EXTENSIONS={}",
               "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=1",
               "-s", "LOG_LEVEL=INFO"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    stats = {key: int(value) for key, value in re.findall(r"'gbawatch/([^']+)': (\d+)", done.stderr)}
    return [json.loads(line) for line in out.read_text("utf-8").splitlines() if line.strip()], stats


@pytest.mark.slow
def test_crawl_default_feeds(mirror: Any, tmp_path: Path) -> None:
    items, stats = crawl(mirror, tmp_path)  # ROBOTSTXT_OBEY stays on: the mirror has a robots.txt
    expected = {json.loads(p.read_text("utf-8"))["url"] for p in GOLD_PAGES}
    assert {i["url"] for i in items} == expected and len(items) == len(expected)  # each story once
    assert stats["newsgov/listed"] == 10 and stats["newsgov/fetched"] == 6


@pytest.mark.slow
def test_crawl_bad_input_is_counted_and_crawl_goes_on(mirror: Any, tmp_path: Path) -> None:
    items, stats = crawl(mirror, tmp_path, "-a", "sections=topstories,infrastructure,city_life")
    urls = {i["url"][-24:-5] for i in items}
    assert stats["newsgov/error/http_503"] == 1  # the city_life feed
    assert stats["newsgov/error/http_404"] == 1
    assert stats["newsgov/error/redirected"] == 1
    assert stats["newsgov/error/no_text"] == 1
    assert urls == {"20250115_093000_120", "20250117_101500_330", "20250115_153000_455",
                    "20250118_090000_902", "20250118_110000_904"}

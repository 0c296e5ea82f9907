"""infogov spider: gold pages and feeds, twin pairing, back-fill and feed crawls, bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.utils.test import get_crawler

from spiders.dates import HKT
from spiders.govhk_release import Release, pair_twins, split_release_text
from spiders.infogov import InfoGovSpider, parse_day_range
from spiders.items import ArticleItem, DateOrigin

REPO = Path(__file__).resolve().parents[2]
MIRROR = REPO / "tests" / "mirror"
HOST = "www.info.gov.hk"
REAL = "https://www.info.gov.hk"
GOLD_PAGES = sorted((MIRROR / "gold" / HOST / "gia" / "general").rglob("*.json"))
# Gold files of the real pages in ../shared/samples/info_gov_hk (short spans only: the pages stay there).
SHARED_GOLD = MIRROR / "gold-shared" / "info_gov_hk"


def make_spider(**kwargs: Any) -> InfoGovSpider:
    crawler = get_crawler(InfoGovSpider)
    return InfoGovSpider.from_crawler(crawler, **kwargs)


def page_response(url: str) -> HtmlResponse:
    body = (MIRROR / "sites" / HOST / url.removeprefix(REAL + "/")).read_bytes()
    return HtmlResponse(url=url, body=body, request=scrapy.Request(url))


def check(item: ArticleItem, gold: dict[str, Any]) -> list[str]:
    """Every gold field the item gets wrong, as readable lines."""
    problems = []
    actual = {
        "url": item.url, "title": item.title, "author": item.author, "section": item.section,
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "language": item.language, "issuer": item.issuer, "twin_url": item.twin_url,
        "date_origin": str(item.date_origin),
    }
    for key, value in actual.items():
        if key in gold and gold[key] != value:
            problems.append(f"{key}: {value!r} != gold {gold[key]!r}")
    problems += [f"missing snippet {s!r}" for s in gold["must_contain"] if s not in item.text]
    problems += [f"unwanted snippet {s!r}" for s in gold["must_not_contain"] if s in item.text]
    return problems


# --- gold pages ---------------------------------------------------------------------------------
def test_gold_pages_all_match() -> None:
    assert len(GOLD_PAGES) >= 15
    spider = make_spider()
    failures: dict[str, list[str]] = {}
    for path in GOLD_PAGES:
        gold = json.loads(path.read_text("utf-8"))
        items = list(spider.parse_article(page_response(gold["url"])))
        assert len(items) == 1, gold["url"]
        problems = check(items[0], gold)
        if items[0].missing_fields:
            problems.append(f"missing fields {items[0].missing_fields}")
        if problems:
            failures[gold["url"]] = problems
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)


def test_real_pages_match_their_gold(shared_samples: Path) -> None:
    """The real English pages of ../shared/samples (never copied here), parsed at their real URLs."""
    spider = make_spider()
    failures: dict[str, list[str]] = {}
    golds = sorted(SHARED_GOLD.glob("article_*.json"))
    assert len(golds) == 2
    for gold_file in golds:
        gold = json.loads(gold_file.read_text("utf-8"))
        body = (shared_samples / "info_gov_hk" / gold_file.name.removesuffix(".json")).read_bytes()
        response = HtmlResponse(url=gold["url"], body=body, request=scrapy.Request(gold["url"]))
        items = list(spider.parse_article(response))
        assert len(items) == 1, gold["url"]
        problems = check(items[0], gold) + [f"missing fields {items[0].missing_fields}"] * bool(items[0].missing_fields)
        if problems:
            failures[gold["url"]] = problems
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)


def test_real_feed_items_match_their_gold(shared_samples: Path) -> None:
    """The real items of the Chinese feed excerpt in ../shared/samples: full text from the feed, photos apart."""
    gold = json.loads((SHARED_GOLD / "rss_general_zh_EXCERPT.xml.json").read_text("utf-8"))
    body = (shared_samples / "info_gov_hk" / "rss_general_zh_EXCERPT.xml").read_bytes()
    response = XmlResponse(url=gold["feed"], body=body, request=scrapy.Request(gold["feed"]))
    spider = make_spider()
    items = [spider.feed_item(response, entry, "zh-Hant") for entry in spider.feed_entries(response)]
    by_url = {item.url: item for item in items if item is not None}
    assert sorted(by_url) == sorted(expected["url"] for expected in gold["items"])
    failures = {}
    for expected in gold["items"]:
        item = by_url[expected["url"]]
        problems = check(item, expected)
        if len(item.attachments) != expected["attachments"]:
            problems.append(f"attachments {item.attachments}")
        if problems:
            failures[expected["url"]] = problems
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)


def test_visible_headline_not_hidden_duplicate() -> None:
    url = f"{REAL}/gia/general/202001/09/P2020010900622.htm"
    body = page_response(url).body.replace(
        b'style="display:none">Hospital Authority update', b'style="display:none">HIDDEN')
    item = next(make_spider().parse_article(HtmlResponse(url=url, body=body, request=scrapy.Request(url))))
    assert item.title == "Hospital Authority update on patients who had been to Wuhan"


def test_mirror_url_maps_to_real_url() -> None:
    spider = make_spider(base_url="http://127.0.0.1:9")
    url = "http://127.0.0.1:9/gia/general/202001/08/P2020010800457.htm"
    body = page_response(f"{REAL}/gia/general/202001/08/P2020010800457.htm").body
    item = next(spider.parse_article(HtmlResponse(url=url, body=body, request=scrapy.Request(url))))
    assert item.url == f"{REAL}/gia/general/202001/08/P2020010800457.htm"
    assert item.twin_url == f"{REAL}/gia/general/202001/08/P2020010800458.htm"
    assert item.fetched_url == url


# --- feeds --------------------------------------------------------------------------------------
def run_feeds(spider: InfoGovSpider) -> list[ArticleItem]:
    """Drive the feed chain by hand: zh feed -> request for the en feed -> items."""
    outputs: list[Any] = []
    request: scrapy.Request | None = None
    for index, (_, path) in enumerate(spider.feeds):
        url = REAL + path
        body = (MIRROR / "sites" / HOST / path.lstrip("/")).read_bytes()
        response = XmlResponse(url=url, body=body, request=scrapy.Request(url))
        kwargs = request.cb_kwargs if request is not None else {"index": index, "pending": []}
        outputs = list(spider.parse_feed(response, **kwargs))
        request = outputs[0] if outputs and isinstance(outputs[0], scrapy.Request) else None
    return [o for o in outputs if isinstance(o, ArticleItem)]


def test_gold_feeds() -> None:
    items = {item.url: item for item in run_feeds(make_spider())}
    expected = []
    for name in ("general_zh.xml", "general_en.xml"):
        gold_file = MIRROR / "gold" / HOST / "gia" / "rss" / f"{name}.json"
        expected += json.loads(gold_file.read_text("utf-8"))["items"]
    assert sorted(items) == sorted(e["url"] for e in expected)
    failures = {}
    for gold in expected:
        item = items[gold["url"]]
        problems = check(item, gold)
        if len(item.attachments) != gold["attachments"]:
            problems.append(f"attachments {item.attachments}")
        if problems:
            failures[gold["url"]] = problems
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)


def test_feed_items_need_no_page_fetch_and_skip_known() -> None:
    spider = make_spider()
    spider.known_url = lambda url: url.endswith("P2026100600520.htm")
    items = run_feeds(spider)
    assert len(items) == 10
    assert all(item.fetched_url.endswith(".xml") for item in items)
    assert spider.crawler.stats.get_value("gbawatch/infogov/skipped_known_or_old") == 1
    # The twin of a skipped release is simply not paired.
    twin_of_skipped = next(i for i in items if i.url.endswith("P2026100600521.htm"))
    assert twin_of_skipped.twin_url is None


def test_feed_since_skips_older_items() -> None:
    items = run_feeds(make_spider(since="2026-10-06 17:00"))
    assert {i.published_at.strftime("%H:%M") for i in items if i.published_at} == {"17:02", "17:15", "17:40"}


def test_feed_that_is_an_error_page_counts_and_goes_on() -> None:
    spider = make_spider()
    url = REAL + "/gia/rss/general_zh.xml"
    body = b"<html><body>Service Unavailable</body></html>"
    bad = HtmlResponse(url=url, body=body, request=scrapy.Request(url))
    out = list(spider.parse_feed(bad, index=0, pending=[]))
    assert isinstance(out[0], scrapy.Request) and out[0].url.endswith("general_en.xml")
    assert spider.crawler.stats.get_value("gbawatch/infogov/error/feed_empty") == 1


# --- helpers: footer, issuer, pairing, day range -------------------------------------------------
def test_split_release_text_tc_footer() -> None:
    text = "下稿代創新科技署發出︰\n　正文，工作已完\n完\n2020年1月8日（星期三）\n香港時間15時30分\nNNNN"
    split = split_release_text(text)
    assert split.text == "正文，工作已完"  # a 完 inside a sentence is not the footer
    assert split.issuer == "創新科技署"
    assert split.issued == datetime(2020, 1, 8, 15, 30, tzinfo=HKT)
    assert "香港時間" not in split.text and "NNNN" not in split.text


def test_pair_twins_same_minute_prefers_tc_one_below_en() -> None:
    def release(rid: str, lang: str, hhmm: str | None) -> Release:
        when = datetime(2020, 1, 8, int(hhmm[:2]), int(hhmm[3:]), tzinfo=HKT) if hhmm else None
        return Release(f"{REAL}/gia/general/202001/08/{rid}.htm", lang, when)

    english = [release("P2020010800456", "en", "15:30"), release("P2020010800458", "en", "15:30"),
               release("P2020010800611", "en", "19:45"), release("P2020010800700", "en", None)]
    chinese = [release("P2020010800455", "zh-Hant", "15:30"), release("P2020010800457", "zh-Hant", "15:30"),
               release("P2020010800610", "zh-Hant", "19:44"), release("P2020010800690", "zh-Hant", None)]
    pairs = pair_twins(english, chinese)
    short = {k[-18:-4]: v[-18:-4] for k, v in pairs.items()}
    assert short["P2020010800456"] == "P2020010800455"
    assert short["P2020010800458"] == "P2020010800457"
    assert "P2020010800611" not in short  # different issue minute: not the same release
    assert short["P2020010800700"] == "P2020010800690"  # no times: day + ids within the gap


def test_parse_day_range() -> None:
    days = parse_day_range("2020-01-07:2020-01-09")
    assert [d.isoformat() for d in days] == ["2020-01-09", "2020-01-08", "2020-01-07"]
    with pytest.raises(ValueError):
        parse_day_range("yesterday")


# --- crawls with Scrapy's engine against the mirror ----------------------------------------------
def crawl(mirror: Any, tmp_path: Path, *args: str) -> tuple[list[dict[str, Any]], dict[str, int]]:
    out = tmp_path / "items.jsonl"
    command = [sys.executable, "-m", "scrapy", "crawl", "infogov", "-a", f"base_url={mirror.base(HOST)}",
               *args, "-O", str(out), "-s", "ITEM_PIPELINES={}", "-s", "EXTENSIONS={}",
               "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=1",
               "-s", "LOG_LEVEL=INFO"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    stats = {key: int(value) for key, value in re.findall(r"'gbawatch/([^']+)': (\d+)", done.stderr)}
    items = [json.loads(line) for line in out.read_text("utf-8").splitlines() if line.strip()]
    return items, stats


@pytest.mark.slow
def test_crawl_feeds(mirror: Any, tmp_path: Path) -> None:
    items, stats = crawl(mirror, tmp_path)  # ROBOTSTXT_OBEY stays on: the mirror has a robots.txt
    assert len(items) == 11
    assert all(i["url"].startswith(REAL + "/gia/general/202610/06/P20261006") for i in items)
    assert {i["language"] for i in items} == {"en", "zh-Hant"}
    assert sum(1 for i in items if i["twin_url"]) == 10
    assert stats["infogov/listed"] == 11
    assert "infogov/fetched" not in stats  # the feed holds the full text: no page requests


@pytest.mark.slow
def test_crawl_backfill_and_max_pages(mirror: Any, tmp_path: Path) -> None:
    items, stats = crawl(mirror, tmp_path, "-a", "backfill=2020-01-07:2020-01-09")
    urls = {i["url"] for i in items}
    expected = {json.loads(p.read_text("utf-8"))["url"] for p in GOLD_PAGES}
    assert urls == expected
    by_url = {i["url"]: i for i in items}
    for url, item in by_url.items():
        if item["twin_url"]:
            assert by_url[item["twin_url"]]["twin_url"] == url
    assert stats["infogov/listed"] == 15 and stats["infogov/fetched"] == 15

    limited, _ = crawl(mirror, tmp_path, "-a", "backfill=2020-01-07:2020-01-09", "-a", "max_pages=2")
    assert {i["url"][-17:-9] for i in limited} == {"20200109", "20200108"}


@pytest.mark.slow
def test_crawl_bad_input_is_counted_and_crawl_goes_on(mirror: Any, tmp_path: Path) -> None:
    items, stats = crawl(mirror, tmp_path, "-a", "backfill=2020-01-06:2020-01-07")
    by_id = {i["url"][-18:-4]: i for i in items}
    assert stats["infogov/error/http_404"] == 1  # P2020010600100 is not in the mirror
    assert stats["infogov/error/http_503"] == 1  # the Chinese index of Jan 6
    assert stats["infogov/error/redirected"] == 1  # P2020010600103 -> a login page
    assert stats["infogov/error/no_text"] == 1 and by_id["P2020010600102"]["text"] == ""
    truncated = by_id["P2020010600101"]
    assert "footer" in truncated["missing_fields"]
    assert truncated["date_origin"] == DateOrigin.LIST  # the footer is gone: the index time stands in
    assert truncated["published_at"].startswith("2020-01-06T17:00")
    assert "Lok Ma Chau Loop" in truncated["text"]
    assert len([k for k in by_id if k.startswith("P20200107")]) == 4  # the next day was crawled all the same



def test_failed_feed_is_counted_and_the_next_feed_still_read() -> None:
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.python.failure import Failure

    spider = make_spider()
    request = spider._feed_request(0, [])
    response = HtmlResponse(url=request.url, status=503, body=b"", request=request)
    failure = Failure(HttpError(response))
    failure.request = request  # type: ignore[attr-defined]  # Scrapy sets this on errback failures
    out = list(spider.feed_failed(failure))
    assert isinstance(out[0], scrapy.Request) and out[0].url.endswith("general_en.xml")
    assert spider.crawler.stats.get_value("gbawatch/infogov/error/http_503") == 1


def test_backfill_stops_at_a_day_that_is_all_known() -> None:
    spider = make_spider(backfill="2020-01-07:2020-01-09")
    spider.known_url = lambda url: True
    english = spider.index_releases(page_response(f"{REAL}/gia/general/202001/09.htm"), "en")
    chinese = spider.index_releases(page_response(f"{REAL}/gia/general/202001/09c.htm"), "zh-Hant")
    assert len(english) == 2 and len(chinese) == 3
    assert english[0].issued == datetime(2020, 1, 9, 20, 12, tzinfo=HKT)
    assert list(spider._after_index(0, "zh-Hant", english, chinese)) == []
    assert spider.crawler.stats.get_value("gbawatch/infogov/stopped_at_known") == 1

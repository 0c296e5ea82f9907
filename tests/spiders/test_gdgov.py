"""gdgov and gdstc: crawls against the mirror, the gkmlpt catalogue, and gdstc's robots.txt refusal."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.test import get_crawler

from gbawatch.mirror import Mirror
from spiders import gov_cn_gkmlpt as gkmlpt
from spiders.dates import HKT
from spiders.gdgov import GdGovSpider, GdstcSpider

REPO = Path(__file__).resolve().parents[2]
GD = "https://www.gd.gov.cn"
_STAT = re.compile(r"'((?:gbawatch|robotstxt)/[^']+)': (\d+)")


def crawl(
    spider: str, base: str, out: Path, *args: str, obey_robots: bool = True
) -> tuple[list[dict[str, Any]], dict[str, int], str]:
    """`scrapy crawl` in a subprocess (the reactor can't restart): items, integer stats, the log."""
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        spider,
        "-a",
        f"base_url={base}",
        "-O",
        str(out),
        "-s",
        "ITEM_PIPELINES={}",
        "-s",
        "EXTENSIONS={}",
        "-s",
        f"ROBOTSTXT_OBEY={obey_robots}",
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "LOG_LEVEL=INFO",
    ]
    for arg in args:
        command += ["-a", arg]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    items = [json.loads(line) for line in out.read_text("utf-8").splitlines()] if out.exists() else []
    return items, {key: int(value) for key, value in _STAT.findall(done.stderr)}, done.stderr


@pytest.mark.slow
def test_gdgov_crawl_follows_both_pagination_script_forms(mirror: Mirror, tmp_path: Path) -> None:
    base = mirror.base("www.gd.gov.cn")
    items, stats, _ = crawl("gdgov", base, tmp_path / "items.jsonl")
    assert {item["url"] for item in items} == {
        f"{GD}/gdywdt/gdyw/content/post_{n}.html" for n in (4390101, 4388888, 4380002)
    } | {f"{GD}/gdywdt/bmdt/content/post_4391234.html"}
    assert all(item["fetched_url"].startswith(base + "/") for item in items)
    assert stats["gbawatch/gdgov/listed"] == 4
    assert stats["gbawatch/gdgov/list_skipped"] == 1  # a xinhuanet.com link in 广东要闻
    assert {item["section"] for item in items} == {"广东要闻", "部门动态"}


@pytest.mark.slow
def test_gdgov_gkmlpt_catalogue_crawl(mirror: Mirror, tmp_path: Path) -> None:
    base = mirror.base("www.gd.gov.cn")
    items, stats, _ = crawl("gdgov", base, tmp_path / "items.jsonl", "gkmlpt=123")
    by_url = {item["url"]: item for item in items}
    # The API lists http:// URLs with a '#123' fragment; items carry the configured https:// real URL.
    assert set(by_url) == {
        f"{GD}/gkmlpt/content/4/4390/post_4390555.html",
        f"{GD}/gkmlpt/content/4/4386/post_4386001.html",
    }
    assert stats["gbawatch/gdgov/listed"] == 2
    assert stats["gbawatch/gdgov/gkmlpt_html_page"] == 1  # one document had no _CONFIG.DETAIL
    detail = by_url[f"{GD}/gkmlpt/content/4/4390/post_4390555.html"]
    assert detail["issuer"] == "广东省人民政府办公厅" and "每年安排不少于2亿元" in detail["text"]


@pytest.mark.slow
def test_gdstc_robots_refusal_is_reported_not_skipped(mirror: Mirror, tmp_path: Path) -> None:
    base = mirror.base("gdstc.gd.gov.cn")
    items, stats, log = crawl("gdstc", base, tmp_path / "obey.jsonl")  # default: obey robots.txt
    assert items == []
    assert stats["gbawatch/gdstc/error/robots"] == 1  # the 通知公告 list page, refused before download
    assert stats["robotstxt/forbidden"] == 1
    assert "robots.txt refused 1 request(s); the source was not crawled" in log
    items, stats, _ = crawl("gdstc", base, tmp_path / "ignore.jsonl", obey_robots=False)
    assert {item["url"] for item in items} == {
        "https://gdstc.gd.gov.cn/zwgk_n/tzgg/content/post_4400001.html",
        "https://gdstc.gd.gov.cn/zwgk_n/tzgg/content/post_4399512.html",
    }
    assert "gbawatch/gdstc/error/robots" not in stats


# --- gkmlpt pieces, in-process -------------------------------------------------------------------
def make_spider(cls: type[GdGovSpider] = GdGovSpider, **kwargs: Any) -> GdGovSpider:
    return cls.from_crawler(get_crawler(cls), **kwargs)


async def _collect(spider: GdGovSpider) -> list[scrapy.Request]:
    return [request async for request in spider.start()]


def test_gkmlpt_section_or_argument_starts_at_the_index_page() -> None:
    for spider in (make_spider(gkmlpt="123"), make_spider(sections="gkmlpt:123,gdywdt/gdyw")):
        requests = asyncio.run(_collect(spider))
        assert requests[0].url == f"{GD}/gkmlpt/index" and requests[0].cb_kwargs == {"cat": "123"}
    assert [r.url for r in asyncio.run(_collect(make_spider(GdstcSpider)))] == [
        "https://gdstc.gd.gov.cn/zwgk_n/tzgg/index.html"
    ]


def test_gkmlpt_api_request_carries_page_and_sid() -> None:
    spider = make_spider()
    page = (REPO / "tests/mirror/sites/www.gd.gov.cn/gkmlpt/index").read_bytes()
    [request] = spider.parse_gkmlpt_index(
        HtmlResponse(f"{GD}/gkmlpt/index", body=page, encoding="utf-8"), "123"
    )
    assert request.url == f"{GD}/gkmlpt/api/all/123?page=1&sid=2"


def test_gkmlpt_sid_forms() -> None:
    assert gkmlpt.find_sid("window._CONFIG = { SID: '755001', X: 1 }") == "755001"
    assert gkmlpt.find_sid('window._CONFIG = {"SID": "2"}') == "2"
    assert gkmlpt.find_sid("<html>no config</html>") is None


def test_gkmlpt_catalogue_dates_and_paging() -> None:
    data = {
        "articles": [
            {
                "url": "http://www.gd.gov.cn/gkmlpt/content/1/1/post_1.html#7",
                "title": " 甲 ",
                "date": 1715299200000,
            },
            {"title": "no url"},
        ],
        "total": "41",
    }
    entries, total = gkmlpt.parse_catalogue(data)
    assert total == 41 and len(entries) == 1
    assert (
        entries[0].url == "http://www.gd.gov.cn/gkmlpt/content/1/1/post_1.html" and entries[0].title == "甲"
    )
    assert entries[0].date == datetime(2024, 5, 10, 8, 0, tzinfo=HKT)  # milliseconds handled
    assert gkmlpt.parse_catalogue(["not", "a", "dict"]) == ([], None)


def test_gkmlpt_next_api_page_only_while_total_says_so() -> None:
    spider = make_spider()
    rows = [
        {"url": f"/gkmlpt/content/1/1/post_{n}.html", "title": str(n), "date": 1715299200} for n in range(2)
    ]

    def api(total: int) -> TextResponse:
        body = json.dumps({"articles": rows, "total": total}).encode()
        return TextResponse(
            f"{GD}/gkmlpt/api/all/7?page=1&sid=2", body=body, headers={"Content-Type": "application/json"}
        )

    urls = [r.url for r in spider.parse_gkmlpt_api(api(5), "7", "2", 1)]
    assert urls[-1] == f"{GD}/gkmlpt/api/all/7?page=2&sid=2" and len(urls) == 3
    assert len(list(spider.parse_gkmlpt_api(api(2), "7", "2", 1))) == 2
    spider.max_pages = 1
    assert len(list(spider.parse_gkmlpt_api(api(5), "7", "2", 1))) == 2


def test_gkmlpt_detail_as_js_literal_still_gives_content() -> None:
    page = (
        "<script>window._CONFIG = { DETAIL: { title: '甲', "
        '"content": "<p>\\u7b2c\\u4e00\\u6761</p>" } };</script>'
    )
    assert gkmlpt.find_detail(page) == {"content": "<p>第一条</p>"}
    assert gkmlpt.find_detail("<html></html>") is None


def test_gkmlpt_bad_answers_are_counted() -> None:
    spider = make_spider()
    assert (
        list(spider.parse_gkmlpt_index(HtmlResponse(f"{GD}/gkmlpt/index", body=b"<html></html>"), "1")) == []
    )
    broken = TextResponse(f"{GD}/gkmlpt/api/all/1?page=1&sid=2", body=b"<html>busy</html>")
    assert list(spider.parse_gkmlpt_api(broken, "1", "2", 1)) == []
    stats = spider.crawler.stats.get_stats()  # type: ignore[union-attr]
    assert stats["gbawatch/gdgov/error/gkmlpt_no_sid"] == 1
    assert stats["gbawatch/gdgov/error/gkmlpt_empty"] == 1


def test_gdstc_list_reads_ul_list_items() -> None:
    spider = make_spider(GdstcSpider)
    page = (REPO / "tests/mirror/sites/gdstc.gd.gov.cn/zwgk_n/tzgg/index.html").read_bytes()
    response = HtmlResponse(
        "https://gdstc.gd.gov.cn/zwgk_n/tzgg/index.html",
        body=page,
        encoding="utf-8",
        request=scrapy.Request("https://gdstc.gd.gov.cn/zwgk_n/tzgg/index.html"),
    )
    entries = spider.list_entries(response)
    assert [e.listed_at for e in entries] == [
        datetime(2024, 5, 9, tzinfo=HKT),
        datetime(2024, 5, 7, tzinfo=HKT),
    ]
    assert spider.page_count(response) == 1


def test_gkmlpt_page_parsed_as_an_article_reads_the_embedded_document() -> None:
    """A saved gkmlpt page (`gbawatch extract`, or a list link) goes through parse_article: the text and
    the publish time are in `_CONFIG.DETAIL`, not in the HTML template."""
    url = f"{GD}/gkmlpt/content/4/4390/post_4390555.html"
    body = (REPO / "tests/mirror/sites/www.gd.gov.cn/gkmlpt/content/4/4390/post_4390555.html").read_bytes()
    [item] = list(make_spider().parse_article(HtmlResponse(url, body=body, encoding="utf-8")))
    assert item.published_at == datetime(2024, 5, 10, 14, 0, tzinfo=HKT)
    assert "每年安排不少于2亿元" in item.text and "正在加载" not in item.text
    assert item.document_number == "粤府办〔2024〕9号" and item.issuer == "广东省人民政府办公厅"
    assert [a.url for a in item.attachments] == ["https://www.gd.gov.cn/attachment/0/540/540123/4390555.pdf"]
    assert item.extraction == "selectors" and not item.missing_fields

"""szgov and htcz: real-engine crawls against the mirror, and bad input giving counted outcomes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from gbawatch.mirror import Mirror
from spiders.dates import first_date
from spiders.gov_cn_cms import GovCmsSpider
from spiders.items import DateOrigin, Extraction
from spiders.szgov import HtczSpider, SzGovSpider

REPO = Path(__file__).resolve().parents[2]
SZ = "http://www.sz.gov.cn"
ZWDT = f"{SZ}/cn/xxgk/zfxxgj/zwdt/content"
SZ_ARTICLES = {
    f"{ZWDT}/post_11270001.html",
    f"{ZWDT}/post_11265432.html",
    f"{ZWDT}/mpost_11258888.html",
    f"{ZWDT}/post_11250003.html",
    f"{SZ}/cn/xxgk/zfxxgj/tzgg/content/post_11262020.html",
    f"{SZ}/cn/xxgk/xwfyr/xwtg/content/post_11266677.html",
    f"{SZ}/cn/xxgk/xwfyr/xwtg/content/post_11261234.html",
}
_STAT = re.compile(r"'((?:gbawatch|robotstxt|downloader)/[^']+)': (\d+)")


def crawl(
    spider: str, base: str, out: Path, *args: str, obey_robots: bool = True
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Run `scrapy crawl` in a subprocess (the reactor can't restart) and return items and integer stats."""
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
    stats = {key: int(value) for key, value in _STAT.findall(done.stderr)}
    return items, stats


@pytest.mark.slow
def test_szgov_crawl_follows_pages_and_counts_failures(mirror: Mirror, tmp_path: Path) -> None:
    base = mirror.base("www.sz.gov.cn")
    items, stats = crawl("szgov", base, tmp_path / "items.jsonl")  # default ROBOTSTXT_OBEY: the mirror allows
    assert {item["url"] for item in items} == SZ_ARTICLES
    assert all(item["fetched_url"].startswith(base + "/") for item in items)
    assert all(item["source"] == "szgov" and item["text"] for item in items)
    assert (
        stats["gbawatch/szgov/listed"] == 9
    )  # 4 政务动态 over 3 pages (one off-site link skipped), 3 通知, 2 发布
    assert stats["gbawatch/szgov/list_skipped"] == 1
    assert stats["gbawatch/szgov/error/http_404"] == 1  # a listed notice that is gone
    assert stats["gbawatch/szgov/error/login_redirect"] == 1  # a notice that redirects to the CAS login
    assert (
        stats["gbawatch/szgov/error/http_500"] == 1
    )  # 通知公告 page 2 fails after retries; the rest goes on
    assert "gbawatch/szgov/error/robots" not in stats


@pytest.mark.slow
def test_szgov_crawl_respects_max_pages_and_since(mirror: Mirror, tmp_path: Path) -> None:
    base = mirror.base("www.sz.gov.cn")
    items, _ = crawl(
        "szgov", base, tmp_path / "a.jsonl", "sections=cn/xxgk/zfxxgj/zwdt", "max_pages=2", obey_robots=False
    )
    assert {item["url"] for item in items} == {
        f"{ZWDT}/post_11270001.html",
        f"{ZWDT}/post_11265432.html",
        f"{ZWDT}/mpost_11258888.html",
    }
    items, stats = crawl(
        "szgov",
        base,
        tmp_path / "b.jsonl",
        "sections=cn/xxgk/zfxxgj/zwdt",
        "since=2024-04-20",
        obey_robots=False,
    )
    # Page 2 (index_1) still had one new article, page 3 (index_2) only old ones: paging stops there.
    assert {item["url"] for item in items} == {f"{ZWDT}/post_11270001.html", f"{ZWDT}/post_11265432.html"}
    assert stats["gbawatch/szgov/stop/known_or_old"] == 1


@pytest.mark.slow
def test_htcz_crawl(mirror: Mirror, tmp_path: Path) -> None:
    base = mirror.base("htcz.sz.gov.cn")
    items, stats = crawl("htcz", base, tmp_path / "items.jsonl")
    urls = {item["url"] for item in items}
    assert urls == {
        f"https://htcz.sz.gov.cn/xwzx/gzdt/content/post_{n}.html" for n in (1234501, 1234488, 1234470)
    } | {"https://htcz.sz.gov.cn/xwzx/tzgg/content/post_1234520.html"}
    assert stats["gbawatch/htcz/error/empty_body"] == 1  # a listed notice served as 0 bytes
    notice = next(item for item in items if item["url"].endswith("post_1234520.html"))
    assert [a["url"].rsplit(".", 1)[1] for a in notice["attachments"]] == ["pdf", "zip"]


# --- bad input, parsed in-process ---------------------------------------------------------------
def make_spider(cls: type[GovCmsSpider] = SzGovSpider, **kwargs: Any) -> GovCmsSpider:
    return cls.from_crawler(get_crawler(cls), **kwargs)


def stats_of(spider: GovCmsSpider) -> dict[str, Any]:
    assert spider.crawler.stats is not None
    return spider.crawler.stats.get_stats()


def html(url: str, body: str | bytes, **kwargs: Any) -> HtmlResponse:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return HtmlResponse(url=url, body=data, encoding="utf-8", request=scrapy.Request(url), **kwargs)


def failure_for(exc: Exception, url: str) -> Failure:
    try:
        raise exc
    except type(exc):
        failure = Failure()
    failure.request = scrapy.Request(url)  # type: ignore[attr-defined]
    return failure


def test_empty_body_is_counted_not_parsed() -> None:
    spider = make_spider()
    assert list(spider.parse_article(html(f"{ZWDT}/post_1.html", b""))) == []
    assert stats_of(spider)["gbawatch/szgov/error/empty_body"] == 1


def test_login_page_is_counted_not_parsed() -> None:
    spider = make_spider()
    page = '<html><body><form><input name="u"><input type="password" name="p"></form></body></html>'
    assert list(spider.parse_article(html(f"{SZ}/cas/login", page))) == []
    assert stats_of(spider)["gbawatch/szgov/error/login_redirect"] == 1


def test_http_errors_and_robots_refusals_are_counted_by_name() -> None:
    spider = make_spider()
    url = f"{ZWDT}/post_2.html"
    spider.on_error(failure_for(HttpError(Response(url, status=404)), url))
    spider.on_error(failure_for(HttpError(Response(url, status=503)), url))
    spider.on_error(failure_for(IgnoreRequest("Forbidden by robots.txt"), url))
    spider.on_error(failure_for(TimeoutError("took too long"), url))
    stats = stats_of(spider)
    assert stats["gbawatch/szgov/error/http_404"] == 1
    assert stats["gbawatch/szgov/error/http_503"] == 1
    assert stats["gbawatch/szgov/error/robots"] == 1
    assert stats["gbawatch/szgov/error/timeout"] == 1


def test_list_page_without_articles_is_counted() -> None:
    spider = make_spider()
    page = "<html><body><div class='zx_ml_list'><ul></ul></div></body></html>"
    assert (
        list(spider.parse_list(html(f"{SZ}/cn/xxgk/zfxxgj/zwdt/index.html", page), "cn/xxgk/zfxxgj/zwdt", 0))
        == []
    )
    assert stats_of(spider)["gbawatch/szgov/error/empty_list"] == 1


def test_non_html_list_response_is_counted() -> None:
    spider = make_spider()
    response = Response(f"{SZ}/cn/xxgk/zfxxgj/zwdt/index.html", body=b"\x00\x01")
    assert list(spider.parse_list(response, "cn/xxgk/zfxxgj/zwdt", 0)) == []
    assert stats_of(spider)["gbawatch/szgov/error/not_html"] == 1


def test_known_urls_stop_paging() -> None:
    page = (REPO / "tests/mirror/sites/www.sz.gov.cn/cn/xxgk/zfxxgj/zwdt/index.html").read_bytes()
    spider = make_spider()
    requests = list(
        spider.parse_list(html(f"{SZ}/cn/xxgk/zfxxgj/zwdt/index.html", page), "cn/xxgk/zfxxgj/zwdt", 0)
    )
    assert [r.url for r in requests] == [
        f"{ZWDT}/post_11270001.html",
        f"{SZ}/cn/xxgk/zfxxgj/zwdt/index_1.html",
    ]
    spider.known_url = lambda url: url == f"{ZWDT}/post_11270001.html"
    assert (
        list(spider.parse_list(html(f"{SZ}/cn/xxgk/zfxxgj/zwdt/index.html", page), "cn/xxgk/zfxxgj/zwdt", 0))
        == []
    )



def test_paging_stops_only_at_articles_settled_before_the_last_complete_crawl() -> None:
    """Stored by a crawl that never completed (killed, say) is not enough to stop: the pages below were
    perhaps never listed. The article is not fetched again, but paging goes on."""
    page = (REPO / "tests/mirror/sites/www.sz.gov.cn/cn/xxgk/zfxxgj/zwdt/index.html").read_bytes()
    url = f"{SZ}/cn/xxgk/zfxxgj/zwdt/index.html"
    spider = make_spider()
    spider.known_url = lambda url: url == f"{ZWDT}/post_11270001.html"
    spider.settled_url = lambda url: False
    spider.paging_started("cn/xxgk/zfxxgj/zwdt")
    requests = list(spider.parse_list(html(url, page), "cn/xxgk/zfxxgj/zwdt", 0))
    assert [r.url for r in requests] == [f"{SZ}/cn/xxgk/zfxxgj/zwdt/index_1.html"]
    assert not spider.paging_complete  # the next list page is still to come
    spider.settled_url = spider.known_url
    assert list(spider.parse_list(html(url, page), "cn/xxgk/zfxxgj/zwdt", 0)) == []
    assert spider.paging_complete  # stopped on its own terms


def test_a_page_limit_leaves_paging_incomplete() -> None:
    page = (REPO / "tests/mirror/sites/www.sz.gov.cn/cn/xxgk/zfxxgj/zwdt/index.html").read_bytes()
    spider = make_spider(max_pages=1)
    spider.paging_started("cn/xxgk/zfxxgj/zwdt")
    requests = list(spider.parse_list(html(f"{SZ}/cn/xxgk/zfxxgj/zwdt/index.html", page),
                                      "cn/xxgk/zfxxgj/zwdt", 0))
    assert [r.url for r in requests] == [f"{ZWDT}/post_11270001.html"]
    assert not spider.paging_complete

def test_https_scheme_is_configurable() -> None:
    spider = make_spider(scheme="https")
    page = (REPO / "tests/mirror/sites/www.sz.gov.cn/cn/xxgk/zfxxgj/zwdt/index_1.html").read_bytes()
    requests = list(
        spider.parse_list(
            html("https://www.sz.gov.cn/cn/xxgk/zfxxgj/zwdt/index_1.html", page), "cn/xxgk/zfxxgj/zwdt", 1
        )
    )
    # The page links with both http:// and https://; every request goes out in the configured scheme.
    assert [r.url for r in requests][:2] == [
        "https://www.sz.gov.cn/cn/xxgk/zfxxgj/zwdt/content/post_11265432.html",
        "https://www.sz.gov.cn/cn/xxgk/zfxxgj/zwdt/content/mpost_11258888.html",
    ]
    assert make_spider().real_base == "http://www.sz.gov.cn"


def test_date_falls_back_to_list_date_and_ignores_body_time_lines() -> None:
    spider = make_spider()
    page = (
        "<html><body><div class='tit'><h1>关于召开深港科技合作座谈会的通知</h1></div>"
        "<div class='news_cont_d_wrap'><p>各有关单位：</p><p>时间：2024年6月3日9:30</p></div></body></html>"
    )
    listed = first_date("2024-05-20")
    [item] = spider.parse_article(html(f"{ZWDT}/post_3.html", page), "cn/xxgk/zfxxgj/zwdt", listed)
    assert item.published_at == listed and item.date_origin == DateOrigin.LIST
    assert "published_at" in item.missing_fields
    [item] = spider.parse_article(html(f"{ZWDT}/post_3.html", page), "cn/xxgk/zfxxgj/zwdt", None)
    assert item.published_at is None and item.date_origin == DateOrigin.CRAWL_TIME


def test_unknown_template_falls_back_to_generic_extractor() -> None:
    spider = make_spider()
    paragraph = (
        "深圳市科技创新局发布河套合作区科研设施开放共享办法，"
        "首批开放大型仪器设备320台（套），面向深港两地科研人员预约使用。"
    )
    page = (
        f"<html><head><title>河套合作区科研设施开放共享办法发布</title></head><body>"
        f"<div class='header'>首页 | 政务公开</div><div class='article-new'>"
        f"<h2>河套合作区科研设施开放共享办法发布</h2>"
        f"<p>{paragraph}</p><p>{paragraph}</p><p>办法自2024年6月1日起施行。</p></div></body></html>"
    )
    [item] = spider.parse_article(html(f"{ZWDT}/post_4.html", page), "cn/xxgk/zfxxgj/zwdt", None)
    assert item.extraction == Extraction.FALLBACK
    assert "首批开放大型仪器设备320台" in item.text
    assert {"title", "body"} <= set(item.missing_fields)
    assert stats_of(spider)["gbawatch/szgov/fallback"] == 1


def test_truncated_page_keeps_what_arrived() -> None:
    path = REPO / "tests/mirror/sites/htcz.sz.gov.cn/xwzx/gzdt/content/post_1234488.html"
    assert not path.read_text("utf-8").rstrip().endswith("</html>")
    spider = make_spider(HtczSpider)
    [item] = spider.parse_article(
        html("https://htcz.sz.gov.cn/xwzx/gzdt/content/post_1234488.html", path.read_bytes()),
        "xwzx/gzdt",
        None,
    )
    assert item.title and item.text and item.published_at is not None

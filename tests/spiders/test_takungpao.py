"""takungpao_hk / takungpao_cn: real-engine crawls against the mirror, real sample fragments, bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from gbawatch.mirror import Mirror
from spiders.items import DateOrigin, Extraction
from spiders.takungpao import TakungpaoCnSpider, TakungpaoHkSpider, TakungpaoSpider, _split_credits

REPO = Path(__file__).resolve().parents[2]
SITES = REPO / "tests" / "mirror" / "sites"
HK = "https://www.takungpao.com.hk"
CN = "https://www.takungpao.com"
HK_ARTICLES = {f"{HK}/news/{p}.html" for p in (
    "232109/2025/1010/1130089", "232109/2025/1009/1129874", "232109/2025/1007/1129333",
    "232109/2025/1003/1128800", "232109/2020/0423/444551", "232109/2019/1209/387560",
    "232108/2025/1008/1129512", "232108/2025/1006/1129100")}
CN_ARTICLES = {f"{CN}/news/{p}.html" for p in (
    "232109/2025/1010/1130089", "232109/2025/1009/1129874", "232109/2025/1008/1129600",
    "232109/2025/1005/1128950", "232109/2019/1209/387560", "232108/2025/1010/1130102",
    "232108/2025/1009/1129901", "232108/2025/1008/1129512")}
_STAT = re.compile(r"'((?:gbawatch|robotstxt|downloader)/[^']+)': (\d+)")


def crawl(spider: str, base: str, out: Path, *args: str, obey_robots: bool = True) -> tuple[
        list[dict[str, Any]], dict[str, int]]:
    """Run `scrapy crawl` in a subprocess (the reactor can't restart) and return items and integer stats."""
    command = [sys.executable, "-m", "scrapy", "crawl", spider, "-a", f"base_url={base}", "-O", str(out),
               "-s", "ITEM_PIPELINES={}", "-s", "EXTENSIONS={}", "-s", f"ROBOTSTXT_OBEY={obey_robots}",
               "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"]
    for arg in args:
        command += ["-a", arg]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    items = [json.loads(line) for line in out.read_text("utf-8").splitlines()] if out.exists() else []
    return items, {key: int(value) for key, value in _STAT.findall(done.stderr)}


@pytest.mark.slow
def test_hk_crawl_follows_pagination_and_counts_failures(mirror: Mirror, tmp_path: Path) -> None:
    base = mirror.base("www.takungpao.com.hk")
    items, stats = crawl("takungpao_hk", base, tmp_path / "items.jsonl")  # default ROBOTSTXT_OBEY
    assert {item["url"] for item in items} == HK_ARTICLES  # pages 1-3 of 港聞 and 內地
    assert all(item["fetched_url"].startswith(base + "/") for item in items)
    assert all(item["source"] == "takungpao_hk" and item["language"] == "zh-Hant" for item in items)
    assert all(item["text"] and item["title"] for item in items)
    assert all(item["twin_url"] == CN + item["url"][len(HK):] for item in items)
    assert stats["gbawatch/takungpao_hk/listed"] == 11
    assert stats["gbawatch/takungpao_hk/list_skipped"] == 1  # the v.takungpao.com video link
    assert stats["gbawatch/takungpao_hk/error/http_404"] == 1
    assert stats["gbawatch/takungpao_hk/error/empty_body"] == 1
    assert stats["gbawatch/takungpao_hk/error/login_redirect"] == 1
    assert stats["gbawatch/takungpao_hk/fallback"] == 1
    assert "gbawatch/takungpao_hk/error/robots" not in stats


@pytest.mark.slow
def test_cn_crawl_goes_on_after_a_failing_list_page(mirror: Mirror, tmp_path: Path) -> None:
    base = mirror.base("www.takungpao.com")
    items, stats = crawl("takungpao_cn", base, tmp_path / "items.jsonl",
                         "sections=news/232110,news/232109,news/232108")
    assert {item["url"] for item in items} == CN_ARTICLES
    assert all(item["language"] == "zh-Hans" for item in items)
    assert all(item["twin_url"] == HK + item["url"][len(CN):] for item in items)
    assert {item["section"] for item in items} == {"港闻", "内地"}
    assert stats["gbawatch/takungpao_cn/error/http_503"] == 1  # 两岸 answers 503 after the retries
    assert stats["gbawatch/takungpao_cn/list_skipped"] == 1  # a link to the other host's page


@pytest.mark.slow
def test_crawl_respects_max_pages_and_since(mirror: Mirror, tmp_path: Path) -> None:
    base = mirror.base("www.takungpao.com.hk")
    first_page = {f"{HK}/news/232109/2025/{p}.html" for p in ("1010/1130089", "1009/1129874", "1007/1129333")}
    items, stats = crawl("takungpao_hk", base, tmp_path / "a.jsonl", "sections=news/232109", "max_pages=2",
                         obey_robots=False)
    assert {item["url"] for item in items} == first_page | {f"{HK}/news/232109/2025/1003/1128800.html"}
    assert stats["gbawatch/takungpao_hk/listed"] == 6
    items, stats = crawl("takungpao_hk", base, tmp_path / "b.jsonl", "sections=news/232109",
                         "since=2025-10-05", obey_robots=False)
    # Page 2 lists only stories older than `since`: nothing fetched from it, and paging stops there.
    assert {item["url"] for item in items} == first_page
    assert stats["gbawatch/takungpao_hk/stop/known_or_old"] == 1


# --- in-process: real fragments, list logic, bad input --------------------------------------------
def make_spider(cls: type[TakungpaoSpider] = TakungpaoHkSpider, **kwargs: Any) -> TakungpaoSpider:
    return cls.from_crawler(get_crawler(cls), **kwargs)


def stats_of(spider: TakungpaoSpider) -> dict[str, Any]:
    assert spider.crawler.stats is not None
    return spider.crawler.stats.get_stats()


def html(url: str, body: str | bytes) -> HtmlResponse:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return HtmlResponse(url=url, body=data, encoding="utf-8", request=scrapy.Request(url))


def mirror_page(host: str, path: str) -> bytes:
    return (SITES / host / path).read_bytes()


def test_real_fragments_pagination_and_bylines(shared_samples: Path) -> None:
    """The 2020 fragments are real bytes: the 下一页 link and both byline templates must still parse."""
    sample = shared_samples / "takungpao" / "html_fragments_2020_quoted_in_crawler.html"
    fragment = sample.read_text("utf-8")
    spider = make_spider(TakungpaoCnSpider)
    page = html(f"{CN}/finance/236132/index.html", f"<html><body>{fragment}</body></html>")
    assert spider.next_list_page(page, "finance/236132", 1) == f"{CN}/finance/236132/2.html"
    new, old = re.findall(r"<(?:div|h2) class=\"tkp_con_author\">.*?</(?:div|h2)>", fragment, re.S)
    for byline, when in ((new, "2020-05-16T04:24:25+08:00"), (old, "2020-04-23T11:15:32+08:00")):
        body = (f'<html><body><h2 class="tkp_con_title">标题</h2>{byline}'
                '<div class="tkp_content"><p>正文。</p></div></body></html>')
        [item] = spider.parse_article(html(f"{CN}/finance/236132/2020/0516/1.html", body))
        assert item.published_at is not None and item.published_at.isoformat() == when
        assert item.date_origin == DateOrigin.PAGE and item.author is None


def test_list_page_entries_and_last_page() -> None:
    spider = make_spider()
    page = html(f"{HK}/news/232109/3.html", mirror_page("www.takungpao.com.hk", "news/232109/3.html"))
    requests = list(spider.parse_list(page, "news/232109", 3))
    # The last page's 下一页 points back at itself: no further page is requested.
    assert [r.url for r in requests] == [f"{HK}/news/232109/2020/0423/444551.html",
                                         f"{HK}/news/232109/2019/1209/387560.html"]
    spider.known_url = lambda url: url.endswith("444551.html") or url.endswith("387560.html")
    assert list(spider.parse_list(page, "news/232109", 3)) == []
    assert stats_of(spider)["gbawatch/takungpao_hk/stop/known_or_old"] == 1


def test_cn_list_uses_dd_title_links() -> None:
    spider = make_spider(TakungpaoCnSpider)
    page = html(f"{CN}/news/232109/index.html", mirror_page("www.takungpao.com", "news/232109/index.html"))
    urls = [r.url for r in spider.parse_list(page, "news/232109", 1)]
    assert urls[-1] == f"{CN}/news/232109/2.html" and len(urls) == 4


def test_list_page_without_articles_is_counted() -> None:
    spider = make_spider()
    page = "<html><body><div class='tkp_list'></div><div class='tkp_page'></div></body></html>"
    assert list(spider.parse_list(html(f"{HK}/news/232109/index.html", page), "news/232109", 1)) == []
    assert stats_of(spider)["gbawatch/takungpao_hk/error/empty_list"] == 1


def test_empty_body_and_non_html_are_counted() -> None:
    spider = make_spider()
    url = f"{HK}/news/232109/2025/1002/1128650.html"
    assert list(spider.parse_article(html(url, b""))) == []
    assert list(spider.parse_article(Response(url, body=b"\x00\x01"))) == []
    stats = stats_of(spider)
    assert stats["gbawatch/takungpao_hk/error/empty_body"] == 1
    assert stats["gbawatch/takungpao_hk/error/not_html"] == 1


def test_login_page_is_counted_not_parsed() -> None:
    spider = make_spider()
    page = mirror_page("www.takungpao.com.hk", "member/login.html")
    assert list(spider.parse_article(html(f"{HK}/member/login.html", page))) == []
    assert stats_of(spider)["gbawatch/takungpao_hk/error/login_redirect"] == 1


def test_http_errors_are_counted_by_status() -> None:
    spider = make_spider()
    url = f"{HK}/news/232109/2025/1002/1128700.html"
    for status in (404, 502):
        try:
            raise HttpError(Response(url, status=status))
        except HttpError:
            failure = Failure()
        failure.request = scrapy.Request(url)  # type: ignore[attr-defined]
        spider.on_error(failure)
    stats = stats_of(spider)
    assert stats["gbawatch/takungpao_hk/error/http_404"] == 1
    assert stats["gbawatch/takungpao_hk/error/http_502"] == 1


@pytest.mark.parametrize("cut", [0.3, 0.55, 0.8])
def test_truncated_page_still_gives_a_clean_item(cut: float) -> None:
    spider = make_spider()
    url = f"{HK}/news/232109/2025/1010/1130089.html"
    data = mirror_page("www.takungpao.com.hk", "news/232109/2025/1010/1130089.html")
    [item] = spider.parse_article(html(url, data[: int(len(data) * cut) + 1]))  # may split a UTF-8 character
    assert item.url == url and item.published_at is not None
    assert "胡永愛" not in item.text and "熱門新聞" not in item.text
    if item.extraction == Extraction.SELECTORS:
        assert item.title.startswith("河套深港科技創新合作區") and item.author == "胡永愛"


def test_unknown_template_falls_back_and_counts() -> None:
    spider = make_spider()
    url = f"{HK}/news/232109/2025/1003/1128800.html"
    [item] = spider.parse_article(html(url, mirror_page("www.takungpao.com.hk", url[len(HK) + 1:])))
    assert item.extraction == Extraction.FALLBACK
    assert {"title", "body"} <= set(item.missing_fields)
    assert stats_of(spider)["gbawatch/takungpao_hk/fallback"] == 1


def test_page_with_no_text_at_all_is_counted() -> None:
    spider = make_spider()
    page = "<html><body><p></p></body></html>"
    [item] = spider.parse_article(html(f"{HK}/news/232109/2025/1001/1.html", page))
    assert item.text == "" and item.extraction == Extraction.FALLBACK
    assert stats_of(spider)["gbawatch/takungpao_hk/error/no_text"] == 1


def test_twins_map_to_the_same_path_on_the_other_host() -> None:
    path = "/news/232109/2025/1010/1130089.html"
    assert make_spider().twin_of(HK + path) == CN + path
    assert make_spider(TakungpaoCnSpider).twin_of(CN + path) == HK + path
    assert make_spider().twin_of(f"{HK}/hongkong/text/2018/0319/153281.html") is None  # obsolete scheme


def test_credit_lines_leave_the_text() -> None:
    lines = ["大公報深圳記者 胡永愛、李雪兒報道", "正文第一段。", "大公報記者何嘉駿攝影的照片說明見下。",
             "▲深圳灣口岸。資料圖片", "（責任編輯：王寧）", "\\大公报记者 盛德文"]
    kept, captions, authors = _split_credits(lines)
    # Prose that only mentions a reporter stays in the text.
    assert kept == ["正文第一段。", "大公報記者何嘉駿攝影的照片說明見下。"]
    assert captions == ["▲深圳灣口岸。資料圖片"]
    assert authors == ["胡永愛", "李雪兒", "盛德文"]
    kept, _, authors = _split_credits(["【大公報訊】記者 黃釗深圳報道：深圳市昨日公布。"])
    assert kept == ["深圳市昨日公布。"] and authors == ["黃釗"]


def test_credit_line_variants() -> None:
    lines = ["文／大公報記者 凌恆", "大公報記者 胡永愛 北京報道", "大公報記者要求政府交代。"]
    kept, _, authors = _split_credits(lines)
    assert kept == ["大公報記者要求政府交代。"] and authors == ["凌恆", "胡永愛"]


def test_list_without_dates_uses_the_url_day_for_since() -> None:
    spider = make_spider(since="2025-10-05")
    page = ('<html><body><dl class="item"><dd class="title">'
            '<a href="/news/232109/2025/1001/1.html">舊聞</a></dd></dl>'
            '<div class="tkp_page"><a class="cms_nextpage" href="/news/232109/2.html">下一页</a></div>'
            '</body></html>')
    assert list(spider.parse_list(html(f"{HK}/news/232109/index.html", page), "news/232109", 1)) == []
    assert stats_of(spider)["gbawatch/takungpao_hk/stop/known_or_old"] == 1

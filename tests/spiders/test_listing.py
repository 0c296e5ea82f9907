"""What the list-page spiders share (spiders/listing.py): entries once each, paging, the article page checks."""

from __future__ import annotations

import scrapy
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from spiders.listing import ListSpider
from spiders.szgov import SzGovSpider
from spiders.takungpao import TakungpaoHkSpider

SZ = "http://www.sz.gov.cn/cn/xxgk/zfxxgj/zwdt"
HK = "https://www.takungpao.com.hk"


def html(url: str, body: str) -> HtmlResponse:
    return HtmlResponse(url=url, body=body.encode("utf-8"), encoding="utf-8", request=scrapy.Request(url))


def make(cls: type[ListSpider], **kwargs: str) -> ListSpider:
    return cls.from_crawler(get_crawler(cls), **kwargs)


def stats(spider: ListSpider) -> dict[str, int]:
    assert spider.crawler.stats is not None
    return {k: v for k, v in spider.crawler.stats.get_stats().items() if k.startswith("gbawatch/")}


def test_a_link_listed_twice_is_requested_once() -> None:
    page = ("<ul class='list'>"
            "<li><a href='content/post_1.html'>一</a><span class='time'>2024-05-10</span></li>"
            "<li><a href='content/post_1.html'>一（重复）</a><span class='time'>2024-05-10</span></li>"
            "<li><a href='content/post_2.html'>二</a><span class='time'>2024-05-09</span></li></ul>")
    spider = make(SzGovSpider)
    requests = list(spider.parse_list(html(f"{SZ}/index.html", page), "cn/xxgk/zfxxgj/zwdt", 0))
    assert [r.url for r in requests] == [f"{SZ}/content/post_1.html", f"{SZ}/content/post_2.html"]
    assert stats(spider)["gbawatch/szgov/listed"] == 2


def test_max_pages_counts_pages_whatever_number_the_first_one_has() -> None:
    cms_page = ("<ul class='list'><li><a href='content/post_1.html'>一</a></li></ul>"
                "<script>createPageHTML(5, 0, 'index', 'html');</script>")
    cms = make(SzGovSpider, max_pages="2")
    first = [r.url for r in cms.parse_list(html(f"{SZ}/index.html", cms_page), "cn/xxgk/zfxxgj/zwdt", 0)]
    assert first[-1] == f"{SZ}/index_1.html"
    second = [r.url for r in cms.parse_list(html(f"{SZ}/index_1.html", cms_page), "cn/xxgk/zfxxgj/zwdt", 1)]
    assert not any("index_" in url for url in second)  # two pages read: the limit
    tkp_page = ("<dl class='item'><dd class='intro'><a href='/news/232109/2025/1010/1130089.html'>x</a></dd></dl>"
                "<div class='tkp_page'><a class='cms_nextpage' href='/news/232109/2.html'>下一页</a></div>")
    tkp = make(TakungpaoHkSpider, max_pages="1")
    urls = [r.url for r in tkp.parse_list(html(f"{HK}/news/232109/index.html", tkp_page), "news/232109", 1)]
    assert urls == [f"{HK}/news/232109/2025/1010/1130089.html"]


def test_a_login_form_beside_an_article_is_not_a_login_page() -> None:
    url = f"{HK}/news/232109/2025/1010/1130089.html"
    form = "<form><input type='password' name='p'></form>"
    spider = make(TakungpaoHkSpider)
    article = f"<html><body>{form}<h2 class='tkp_con_title'>標題</h2><div class='tkp_content'><p>正文。</p></div>"
    [item] = spider.parse_article(html(url, article + "</body></html>"))
    assert item.title == "標題" and item.text == "正文。"
    assert list(spider.parse_article(html(url, f"<html><body>{form}</body></html>"))) == []
    assert stats(spider)["gbawatch/takungpao_hk/error/login_redirect"] == 1

"""The one fallback merge (spiders/merge.py): each field from the first source that has it, noted per field."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import scrapy
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from spiders.dates import HKT
from spiders.items import ArticleItem, DateOrigin, Extraction, FieldOrigin
from spiders.merge import Layer, layer, merge
from spiders.newsgov import NewsGovSpider
from spiders.szgov import SzGovSpider
from spiders.takungpao import TakungpaoHkSpider

MIRROR = Path(__file__).resolve().parents[1] / "mirror"
DAY = datetime(2025, 10, 10, 9, 30, tzinfo=HKT)


def blank() -> ArticleItem:
    return ArticleItem(url="https://example.test/a.html", source="test", title="", text="")


def test_each_field_comes_from_the_first_layer_that_has_it() -> None:
    item = merge(
        blank(),
        layer(FieldOrigin.PAGE, title="On the page", text="", published_at=None, keywords=[]),
        None,  # a source that was not consulted
        layer(FieldOrigin.LIST, title="In the list", published_at=DAY),
        layer(FieldOrigin.FALLBACK, text="Extracted text", section="港聞", published_at=datetime(2025, 1, 1)),
    )
    assert (item.title, item.text, item.published_at, item.section) == (
        "On the page", "Extracted text", DAY, "港聞")
    assert item.keywords == []  # no layer had any: left as it was
    assert item.provenance == {"title": FieldOrigin.PAGE, "text": FieldOrigin.FALLBACK,
                               "published_at": FieldOrigin.LIST, "section": FieldOrigin.FALLBACK}
    assert item.date_origin == DateOrigin.LIST


@pytest.mark.parametrize(("origin", "date_origin"), [
    (FieldOrigin.PAGE, DateOrigin.PAGE), (FieldOrigin.FALLBACK, DateOrigin.PAGE),
    (FieldOrigin.FEED, DateOrigin.FEED), (FieldOrigin.LIST, DateOrigin.LIST), (FieldOrigin.URL, DateOrigin.URL),
])
def test_date_origin_says_where_the_date_came_from(origin: FieldOrigin, date_origin: DateOrigin) -> None:
    assert merge(blank(), layer(origin, published_at=DAY)).date_origin == date_origin


def test_no_date_anywhere_leaves_the_crawl_time_flag() -> None:
    item = merge(blank(), layer(FieldOrigin.PAGE, published_at=None), layer(FieldOrigin.LIST, published_at=None))
    assert item.published_at is None and item.date_origin == DateOrigin.CRAWL_TIME
    assert "published_at" not in item.provenance


def test_a_layer_names_only_fields_a_source_can_set() -> None:
    with pytest.raises(ValueError, match="titel"):
        layer(FieldOrigin.PAGE, titel="typo")
    with pytest.raises(ValueError, match="url"):
        Layer(FieldOrigin.FEED, {"url": "https://elsewhere.test/"})
    with pytest.raises(ValueError, match="cannot date"):
        layer(FieldOrigin.DEFAULT, published_at=DAY)


def response_for(tree: str, url: str) -> HtmlResponse:
    """The mirror's copy of `url` under tests/mirror/<tree>/<host><path>."""
    parts = urlsplit(url)
    body = (MIRROR / tree / parts.netloc / parts.path.lstrip("/")).read_bytes()
    return HtmlResponse(url=url, body=body, request=scrapy.Request(url))


def test_a_site_page_notes_each_field_s_origin() -> None:
    url = "https://www.takungpao.com.hk/news/232109/2025/1010/1130089.html"
    spider = TakungpaoHkSpider.from_crawler(get_crawler(TakungpaoHkSpider))
    [item] = spider.parse_article(response_for("sites", url), "news/232109", DAY)
    assert item.extraction == Extraction.SELECTORS
    assert {name: item.provenance.get(name) for name in ("title", "text", "published_at", "twin_url")} == {
        name: FieldOrigin.PAGE for name in ("title", "text", "published_at", "twin_url")}
    carried = {name for name in ("title", "text", "published_at", "author", "section", "keywords", "captions",
                                 "twin_url", "issuer", "attachments") if getattr(item, name)}
    assert set(item.provenance) == carried  # every field the item carries says where it came from


def test_a_redesigned_page_notes_what_the_fallback_supplied() -> None:
    url = "https://www.takungpao.com.hk/news/232109/2025/1102/1130288.html"
    spider = TakungpaoHkSpider.from_crawler(get_crawler(TakungpaoHkSpider))
    [item] = spider.parse_article(response_for("bad", url), "news/232109", None)
    assert item.extraction == Extraction.FALLBACK and item.text
    assert item.provenance["text"] == FieldOrigin.FALLBACK and item.provenance["title"] == FieldOrigin.FALLBACK
    assert item.provenance["section"] == FieldOrigin.DEFAULT  # from the section id, the breadcrumb is gone


def test_the_list_date_stands_in_and_says_so() -> None:
    url = "http://www.sz.gov.cn/cn/xxgk/zfxxgj/zwdt/content/post_3.html"
    page = ("<html><body><div class='tit'><h1>通知</h1></div>"
            "<div class='news_cont_d_wrap'><p>各有关单位：</p></div></body></html>")
    spider = SzGovSpider.from_crawler(get_crawler(SzGovSpider))
    response = HtmlResponse(url=url, body=page.encode("utf-8"), encoding="utf-8", request=scrapy.Request(url))
    [item] = spider.parse_article(response, "cn/xxgk/zfxxgj/zwdt", DAY)
    assert item.published_at == DAY and item.date_origin == DateOrigin.LIST
    assert item.provenance == {"title": FieldOrigin.PAGE, "text": FieldOrigin.PAGE,
                               "published_at": FieldOrigin.LIST, "section": FieldOrigin.DEFAULT}


def test_the_url_date_outranks_the_page_on_news_gov_hk() -> None:
    url = "https://www.news.gov.hk/chi/2025/01/20250115/20250115_093000_120.html"
    spider = NewsGovSpider.from_crawler(get_crawler(NewsGovSpider))
    [item] = spider.parse_article(response_for("sites", url), DAY)
    assert item.provenance["published_at"] == FieldOrigin.URL and item.date_origin == DateOrigin.URL
    assert item.published_at == datetime(2025, 1, 15, 9, 30, tzinfo=HKT)


# Fields a spider sets outside the merge: identity, bookkeeping, and what the spider class says of its site.
_NOT_FROM_SOURCES = {"url", "source", "fetched_url", "fetched_at", "date_origin", "extraction", "missing_fields",
                     "provenance", "language", "local_currency"}


def gold_pages() -> list[Path]:
    return sorted(p for p in (MIRROR / "gold").rglob("*.json")
                  if p.name.endswith((".html.json", ".htm.json", ".shtml.json")))


@pytest.mark.slow
def test_every_field_of_every_gold_item_says_where_it_came_from() -> None:
    import json
    from dataclasses import fields as dataclass_fields

    from scrapy.spiderloader import SpiderLoader

    from gbawatch.config import DEFAULT_SOURCES_FILE, load_sources
    from gbawatch.crawl import scrapy_settings

    sources = {}
    for path in (DEFAULT_SOURCES_FILE, Path(__file__).with_name("generic_sources.toml")):
        for source in load_sources(path).values():
            sources.setdefault(urlsplit(source.base_url).netloc, source)
    loader = SpiderLoader.from_settings(scrapy_settings("sqlite://"))
    checked = 0
    for gold_file in gold_pages():
        url = json.loads(gold_file.read_text("utf-8"))["url"]
        source = sources[urlsplit(url).netloc]
        cls = loader.load(source.spider)
        spider = cls.from_crawler(get_crawler(cls), **source.spider_arguments())
        page = MIRROR / "sites" / gold_file.relative_to(MIRROR / "gold").with_suffix("")
        response = HtmlResponse(url=url, body=page.read_bytes(), request=scrapy.Request(url))
        for item in spider.parse_article(response):
            carried = {f.name for f in dataclass_fields(item) if f.name not in _NOT_FROM_SOURCES
                       and getattr(item, f.name)}
            assert set(item.provenance) == carried, url
            if item.published_at is not None:
                origin = item.provenance["published_at"]
                assert item.date_origin == (DateOrigin.PAGE if origin == FieldOrigin.FALLBACK else origin), url
            checked += 1
    assert checked >= 60

"""Selector tables (spiders/selectors.py) and the one way they are read (spiders/select.py)."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime

import pytest
from parsel import Selector
from scrapy.http import HtmlResponse

from spiders import selectors as tables
from spiders.dates import HKT, parse_date
from spiders.select import first_html, first_nodes, first_parsed, first_raw, first_text, nodes, raw_text
from spiders.selectors import SiteSelectors

PAGE = """<html><head>
<meta name="ArticleTitle" content="  Meta   title ">
<meta name="ArticleTitle" content="A second copy">
<meta name="PubDate" content="not a date">
</head><body>
<h1>Heading <em>one</em></h1>
<div class="list"><ul>
  <li><a>no address</a><a href="/a.html" title="A">first</a><span class="date">2024-05-10</span></li>
  <li><span class="tit"><a href="">empty</a></span><a href="/b.html">second</a><em>2024年5月9日</em></li>
</ul></div>
<div class="body"><p>Text one.</p><div class="share">Share me</div><p>Text two.</p></div>
<div class="body"><p>Another body</p></div>
<div id="photos"><a href="/p1.jpg">1</a><a href="/p2.jpg">2</a></div>
</body></html>"""


def page() -> HtmlResponse:
    return HtmlResponse(url="https://example.test/x.html", body=PAGE.encode("utf-8"), encoding="utf-8")


def test_a_css_query_without_pseudo_element_reads_all_its_text() -> None:
    assert raw_text(page(), "h1") == "Heading  one"
    assert first_text(page(), ("h1",)) == "Heading one"


def test_an_attribute_query_reads_the_first_value_only() -> None:
    assert first_text(page(), ('meta[name="ArticleTitle"]::attr(content)',)) == "Meta title"
    assert first_raw(page(), ('meta[name="ArticleTitle"]::attr(content)',)) == "  Meta   title "


def test_xpath_queries_select_their_own_values() -> None:
    assert raw_text(page(), "//div[@id='photos']//a/@href") == "/p1.jpg /p2.jpg"
    assert nodes(page(), "div#photos a::attr(href)").getall() == ["/p1.jpg", "/p2.jpg"]


def test_the_first_query_that_finds_something_wins_in_table_order() -> None:
    assert first_text(page(), ("h2.missing", "div.list span.date", "h1")) == "2024-05-10"
    assert first_text(page(), ("h2.missing", "h3")) is None


def test_first_parsed_skips_a_query_whose_text_does_not_parse() -> None:
    queries = ('meta[name="PubDate"]::attr(content)', "div.list span.date")
    assert first_parsed(page(), queries, parse_date) == datetime(2024, 5, 10, tzinfo=HKT)


def test_first_nodes_takes_the_first_query_whose_matches_are_accepted() -> None:
    rows = first_nodes(page(), ("div.nothing li", "div.list li"))
    assert len(rows) == 2
    # An empty address is not accepted: the next query is tried.
    with_href = first_nodes(rows[1], ("span.tit a", "li > a"), accept=lambda found: found.attrib.get("href"))
    assert with_href.attrib["href"] == "/b.html"
    assert not first_nodes(rows[0], ("span.tit a",))
    assert not first_nodes(rows[0], ("a",), accept=lambda found: found.attrib.get("href"))  # the first <a> only


def test_first_html_is_the_first_element_without_the_dropped_blocks() -> None:
    html = first_html(page(), ("article", "div.body"), drop=("div.share",))
    assert html is not None and "Text two." in html and "Share me" not in html and "Another body" not in html
    assert first_html(page(), ("article",)) is None


def _queries(table: SiteSelectors) -> list[str]:
    found: list[str] = []
    for field in fields(table):
        value = getattr(table, field.name)
        found += [value] if isinstance(value, str) and value else list(value if isinstance(value, tuple) else [])
    return found


TABLES = {name: value for name, value in vars(tables).items() if isinstance(value, SiteSelectors)}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_query_of_every_table_is_valid(name: str) -> None:
    """An edit that breaks a selector's syntax fails here, before any page is read."""
    document = Selector(text=PAGE)
    queries = _queries(TABLES[name])
    assert queries
    for query in queries:
        nodes(document, query)  # raises on a malformed CSS or XPath query


def test_each_site_spider_reads_its_own_table() -> None:
    from spiders.gdgov import GdGovSpider, GdstcSpider
    from spiders.infogov import InfoGovSpider
    from spiders.newsgov import NewsGovSpider
    from spiders.szgov import HtczSpider, SzGovSpider
    from spiders.takungpao import TakungpaoCnSpider, TakungpaoHkSpider

    assert TakungpaoHkSpider.selectors is TakungpaoCnSpider.selectors is tables.TAKUNGPAO
    assert SzGovSpider.selectors is HtczSpider.selectors is tables.GOV_CN_SZ
    assert GdGovSpider.selectors is tables.GOV_CN_GD and GdstcSpider.selectors is tables.GOV_CN_GDSTC
    assert InfoGovSpider.selectors is tables.INFOGOV and NewsGovSpider.selectors is tables.NEWSGOV

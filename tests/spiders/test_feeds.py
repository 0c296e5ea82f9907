"""One reader of feed entries (spiders/feeds.py) for infogov, newsgov and the generic spider."""

from __future__ import annotations

import scrapy
from scrapy.http import Response, XmlResponse
from scrapy.utils.test import get_crawler

from spiders.feeds import FeedEntry, feed_entries
from spiders.newsgov import NewsGovSpider

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<item><title><![CDATA[第一則]]></title>
<link> https://www.news.gov.hk/chi/2025/01/20250115/20250115_093000_120.html </link>
<pubDate>Wed, 15 Jan 2025 09:30:00 +0800</pubDate><description><![CDATA[<p>全文</p>]]></description></item>
<item><title>沒有連結</title><pubDate>Wed, 15 Jan 2025 10:00:00 +0800</pubDate></item>
<item><title>只有 guid</title>
<guid>/chi/2025/01/20250116/20250116_110500_210.html</guid><dc:date>2025-01-16</dc:date></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Atom <b>entry</b></title>
<link href="https://example.test/a.html"/><updated>2025-06-18T10:30:00Z</updated></entry></feed>"""


def test_rss_entries_with_link_or_guid_and_their_date_text() -> None:
    entries = feed_entries(RSS)
    assert entries[0] == FeedEntry(
        link="https://www.news.gov.hk/chi/2025/01/20250115/20250115_093000_120.html", title="第一則",
        published="Wed, 15 Jan 2025 09:30:00 +0800", content="<p>全文</p>")
    assert entries[1].link == "" and entries[1].title == "沒有連結"
    assert entries[2].link == "/chi/2025/01/20250116/20250116_110500_210.html"
    assert entries[2].published == "2025-01-16"  # dc:date, namespace ignored


def test_atom_entries_too() -> None:
    [entry] = feed_entries(ATOM)
    assert (entry.link, entry.title, entry.published) == ("https://example.test/a.html", "Atom entry",
                                                          "2025-06-18T10:30:00Z")


def test_a_spider_counts_entries_without_a_link_and_feeds_that_are_not_text() -> None:
    url = "https://www.news.gov.hk/tc/common/html/topstories.rss.xml"
    spider = NewsGovSpider.from_crawler(get_crawler(NewsGovSpider))
    feed = XmlResponse(url=url, body=RSS.encode("utf-8"), request=scrapy.Request(url))
    assert [e.title for e in spider.feed_entries(feed)] == ["第一則", "只有 guid"]
    assert list(spider.feed_entries(Response(url, body=b"\x89PNG"))) == []
    assert spider.crawler.stats is not None
    stats = spider.crawler.stats.get_stats()
    assert stats["gbawatch/newsgov/error/feed_item_without_link"] == 1
    assert stats["gbawatch/newsgov/error/feed_not_text"] == 1

"""news.gov.hk (Traditional Chinese): RSS feeds list the stories, article pages give the text."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response

from spiders.base import GbaSpider
from spiders.dates import date_from_path, parse_date
from spiders.htmltext import clean_line, html_to_text
from spiders.items import ArticleItem, FieldOrigin
from spiders.merge import Layer, layer
from spiders.select import first_nodes, first_parsed, first_raw, first_text
from spiders.selectors import NEWSGOV, SiteSelectors

# Story ids carry the publish time: /chi/2025/01/20250115/20250115_093000_123.html
_ARTICLE_PATH = re.compile(r"/chi/\d{4}/\d{2}/\d{8}/\d{8}_\d{6}_\d+\.html$")


class NewsGovSpider(GbaSpider):
    name = "newsgov"
    site_base = "https://www.news.gov.hk"
    selectors: ClassVar[SiteSelectors] = NEWSGOV  # where the story template keeps each field
    local_currency = "HKD"  # a bare 元 in a Hong Kong government release is Hong Kong dollars
    language = "zh-Hant"
    # `topstories` is the front-page feed; every other name is a category feed. No innovation-and-
    # technology feed is known: GBA/I&T stories come through top stories and the finance/admin feeds.
    default_sections: ClassVar[tuple[str, ...]] = ("topstories", "admin", "finance")

    async def start(self) -> AsyncIterator[Any]:
        for section in self.sections:
            yield self.request(self.feed_url(section), self.parse_feed,
                               dont_filter=True, cb_kwargs={"section": section})

    def feed_url(self, section: str) -> str:
        if section == "topstories":
            return f"{self.real_base}/tc/common/html/topstories.rss.xml"
        return f"{self.real_base}/tc/categories/{section}/html/articlelist.rss.xml"

    def parse_feed(self, response: Response, section: str = "") -> Iterator[scrapy.Request]:
        for entry in self.feed_entries(response):
            url = self.join(response, entry.link)
            self.count(f"{self.source}/listed")
            feed_date = parse_date(entry.published)
            if self.known_url(url) or self.too_old(date_from_path(url) or feed_date):
                self.count(f"{self.source}/skipped_known_or_old")
                continue
            # The same story sits in several feeds; Scrapy's duplicate filter fetches it once.
            yield self.request(url, self.parse_article, cb_kwargs={"feed_date": feed_date})

    def parse_article(self, response: Response, feed_date: datetime | None = None) -> Iterator[ArticleItem]:
        self.count(f"{self.source}/fetched")
        url = self.page_url(response)
        if response.meta.get("redirect_urls") and not _is_article(url):
            self.count(f"{self.source}/error/redirected")  # a login, error or home page
            return
        title = first_text(response, self.selectors.title)
        body_html = "".join(first_nodes(response, self.selectors.body).getall())  # every container of it
        item = self.new_item(response, url=url, title="", text="")
        crumbs = [clean_line(x) for x in first_nodes(response, self.selectors.breadcrumb).getall()]
        keywords = (first_raw(response, self.selectors.keywords) or "").split(",")
        from_page = first_parsed(response, self.selectors.published, parse_date)
        page: dict[str, Any] = {"title": title, "published_at": from_page,
                "section": crumbs[-1] if len(crumbs) > 1 else None,  # the first crumb is the home page
                "keywords": [k.strip() for k in keywords if k.strip()]}
        fallback = None
        if title and body_html:  # an empty container is an empty story, not a template change
            body = html_to_text(body_html, caption_selector=self.selectors.captions or None)
            page.update(text=body.text, captions=body.captions)
        else:
            item.missing_fields.extend(name for name, found in (("title", title), ("body", body_html))
                                       if not found)
            result = self.use_fallback(item, response)
            fallback = layer(FieldOrigin.FALLBACK, title=result.title, text=result.text)
        from_url = date_from_path(url)
        if from_url is not None and from_page is not None and from_url.date() != from_page.date():
            # Not fatal (an edited story keeps its id), but a template or URL change shows up here.
            self.count(f"{self.source}/date_mismatch")
        # The id in the URL holds date and time; the page's meta date and the feed are fall-backs.
        yield self.finish(item, layer(FieldOrigin.URL, published_at=from_url), Layer(FieldOrigin.PAGE, page),
                          fallback, layer(FieldOrigin.FEED, published_at=feed_date))

def _is_article(url: str) -> bool:
    return _ARTICLE_PATH.search(url) is not None

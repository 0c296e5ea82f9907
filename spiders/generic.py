"""Any site without code of its own: feeds, a sitemap or a list page; articles by the fallback extractor."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from parsel import Selector
from scrapy.http import Response, TextResponse

from spiders.base import GbaSpider
from spiders.dates import parse_date, parse_timestamp
from spiders.fallback import extract_article
from spiders.htmltext import clean_line
from spiders.items import ArticleItem, DateOrigin, Extraction, FieldOrigin
from spiders.merge import layer

# Links that say "next page" on list pages, in the languages of the sources.
_NEXT_TEXT = re.compile(r"^\s*(?:下一[頁页]|下頁|下页|Next|›|»|>)\s*$", re.I)
_SITEMAP_DEPTH = 3  # index → sitemap → (one more level, for sites that nest by year)
_HTML_TYPES = (b"text/html", b"application/xhtml")

_LIST = "list"  # the one paged section of a generic source: its list_url

class GenericSpider(GbaSpider):
    """Driven entirely by the sources file; the text comes from spiders.fallback (no selectors to drift).

    Arguments: `site_base` (the real site), `feeds` (comma-separated RSS/Atom URLs), `sitemap`,
    `list_url` and `link_pattern` (a regex an article URL matches; also filters sitemap entries).
    """

    name = "generic"

    def __init__(self, *args: Any, site_base: str | None = None, feeds: Any = None,
                 sitemap: str | None = None, list_url: str | None = None, link_pattern: str | None = None,
                 language: str | None = None, **kwargs: Any) -> None:
        if not site_base:
            raise ValueError("the generic spider needs -a site_base=<the real site's base URL>")
        # GbaSpider reads the real base from `site_base`; an instance value shadows the empty class one.
        self.site_base = site_base.rstrip("/")  # type: ignore[misc]
        super().__init__(*args, **kwargs)
        if language:
            self.language = language  # type: ignore[misc]
        if isinstance(feeds, str):
            feeds = feeds.split(",")
        self.feeds = [self._absolute(url.strip()) for url in feeds or [] if url.strip()]
        self.sitemap = self._absolute(sitemap) if sitemap else None
        self.list_url = self._absolute(list_url) if list_url else None
        self.link_pattern = re.compile(link_pattern) if link_pattern else None
        if not (self.feeds or self.sitemap or self.list_url):
            raise ValueError("the generic spider needs feeds, sitemap or list_url")
        if self.list_url and not self.link_pattern:
            raise ValueError("list_url needs link_pattern (a regex of article URLs)")
        # Feeds, sitemap and list written in the sources file name their hosts explicitly.
        self.outbound = self.outbound_policy(*self.feeds, *filter(None, [self.sitemap, self.list_url]))
        self._listed: set[str] = set()

    def _absolute(self, url: str) -> str:
        return url if "://" in url else f"{self.real_base}/{url.lstrip('/')}"

    async def start(self) -> AsyncIterator[Any]:
        for feed in self.feeds:
            yield self.request(feed, self.parse_feed, dont_filter=True,
                               cb_kwargs={"what": "feed"})
        if self.sitemap:
            yield self.request(self.sitemap, self.parse_sitemap, dont_filter=True,
                               cb_kwargs={"depth": 0})
        if self.list_url:
            self.paging_started(_LIST)
            yield self.request(self.list_url, self.parse_list, dont_filter=True,
                               cb_kwargs={"page": 1})

    # --- discovery ------------------------------------------------------------------------------
    def article_request(self, url: str, *, title: str = "", listed_at: datetime | None = None,
                        origin: DateOrigin = DateOrigin.LIST) -> scrapy.Request | None:
        """A request for a listed article, or None if it was listed already, is known or is too old."""
        if url in self._listed:
            return None  # the same article in the feed, the sitemap and the list: fetch it once
        self._listed.add(url)
        self.count(f"{self.source}/listed")
        if self.known_url(url) or self.too_old(listed_at):
            self.count(f"{self.source}/skipped_known_or_old")
            return None
        return self.request(url, self.parse_article,
                            cb_kwargs={"listed_title": title, "listed_at": listed_at, "origin": origin})

    def parse_feed(self, response: Response, what: str = "feed") -> Iterator[scrapy.Request]:
        for entry in self.feed_entries(response):
            request = self.article_request(self.join(response, entry.link), title=entry.title,
                                           listed_at=parse_timestamp(entry.published), origin=DateOrigin.FEED)
            if request is not None:
                yield request

    def parse_sitemap(self, response: Response, depth: int = 0) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            self.count(f"{self.source}/error/sitemap_not_text")  # a .xml.gz served as gzip: not supported
            return
        selector = Selector(text=response.text, type="xml")
        selector.remove_namespaces()
        for loc in selector.xpath("//sitemap/loc/text()").getall():
            if depth + 1 < _SITEMAP_DEPTH:
                yield self.request(self.join(response, loc), self.parse_sitemap,
                                   cb_kwargs={"depth": depth + 1})
        for entry in selector.xpath("//url"):
            url = self.join(response, entry.xpath("loc/text()").get() or "")
            if not self._is_article(url):
                continue
            # Only a news sitemap's publication date is a publication date; <lastmod> is an edit time.
            when = parse_timestamp(entry.xpath("news/publication_date/text()").get())
            title = clean_line(entry.xpath("news/title/text()").get() or "")
            request = self.article_request(url, title=title, listed_at=when, origin=DateOrigin.LIST)
            if request is not None:
                yield request

    def _is_article(self, url: str) -> bool:
        if not url or urlsplit(url).netloc != urlsplit(self.real_base).netloc:
            return False
        return self.link_pattern is None or bool(self.link_pattern.search(url))

    def parse_list(self, response: Response, page: int = 1) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            self.count(f"{self.source}/error/list_not_html")
            return
        found: list[tuple[str, datetime | None]] = []
        for link in response.xpath("//a[@href]"):
            url = self.join(response, link.attrib["href"]).split("#", 1)[0]
            if not self._is_article(url):
                continue
            # The date printed on the link's row, if any (for `since`, and as a last resort).
            row = link.xpath("ancestor::*[self::li or self::tr or self::dl or self::article][1]//text()")
            listed_at = parse_date(" ".join(row.getall()))
            found.append((url, listed_at))
            if url in self._listed:
                continue
            request = self.article_request(url, title=clean_line(" ".join(link.xpath(".//text()").getall())),
                                           listed_at=listed_at)
            if request is not None:
                yield request
        if not found:
            self.count(f"{self.source}/error/list_without_links")
        # Older pages hold older articles: once a whole page was crawled before, or is too old, stop.
        elif self.page_settled(found):
            self.count(f"{self.source}/stop/known_or_old")
            self.paging_ended(_LIST)
            return
        if self.max_pages is not None and page >= self.max_pages:
            return
        following = self._next_page(response)
        if following:
            yield self.request(following, self.parse_list, cb_kwargs={"page": page + 1})
        elif found:  # the last page; a linkless one is an error, not an end
            self.paging_ended(_LIST)

    def _next_page(self, response: TextResponse) -> str | None:
        href = response.css('a[rel="next"]::attr(href), link[rel="next"]::attr(href)').get()
        if not href:
            for link in response.css("a[href]"):
                if _NEXT_TEXT.match(" ".join(link.css("::text").getall())):
                    href = link.attrib["href"]
                    break
        return self.join(response, href) if href and not href.startswith(("javascript:", "#")) else None

    # --- articles --------------------------------------------------------------------------------
    def parse_article(self, response: Response, listed_title: str = "", listed_at: datetime | None = None,
                      origin: DateOrigin = DateOrigin.LIST) -> Iterator[ArticleItem]:
        self.count(f"{self.source}/fetched")
        content_type = response.headers.get(b"Content-Type") or b"text/html"
        if not isinstance(response, TextResponse) or not content_type.lower().startswith(_HTML_TYPES):
            self.count(f"{self.source}/error/not_html")
            return
        url = self.page_url(response)
        if response.meta.get("redirect_urls") and not self._is_article(url):
            self.count(f"{self.source}/error/redirected")  # to a login, error or home page
            return
        result = extract_article(response.text, url)
        item = self.new_item(response, url=url, title="", text="")
        # No selectors: the fallback extractor is this spider's normal path, not a sign of drift.
        item.extraction = Extraction.FALLBACK
        self.finish(item, layer(FieldOrigin.FALLBACK, title=clean_line(result.title or ""), text=result.text,
                                author=result.author, section=result.section, published_at=result.published_at),
                    layer(FieldOrigin(str(origin)), title=clean_line(listed_title), published_at=listed_at))
        item.missing_fields = [name for name in ("title", "published_at") if not getattr(item, name)]
        if not item.text:
            item.missing_fields.append("body")
        yield item

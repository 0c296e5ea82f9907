"""What the spiders of sites with section list pages share: list entries, list paging, the article page checks."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from urllib.parse import urlsplit

import scrapy
from parsel import Selector
from scrapy.http import Response, TextResponse

from spiders.base import GbaSpider
from spiders.dates import date_from_path, parse_date
from spiders.htmltext import clean_line
from spiders.select import first, first_nodes, first_parsed
from spiders.selectors import SiteSelectors

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ListEntry:
    url: str
    title: str
    listed_at: datetime | None


class ListSpider(GbaSpider):
    """A site read from its section list pages, newest first (Ta Kung Pao, the sz/gd CMS). Subclasses name the
    site's selector table, say which URLs are articles and where the next list page is."""

    selectors: ClassVar[SiteSelectors]
    first_list_page: ClassVar[int] = 1  # the number `parse_list` gets for a section's first page
    # Path words of the page a redirect lands on when the site wants a login.
    login_path_words: ClassVar[tuple[str, ...]] = ("login", "sso", "passport")

    def is_article(self, url: str) -> bool:
        raise NotImplementedError

    def next_list_page(self, response: TextResponse, section: str, page: int) -> str | None:
        """The next list page of `section` after `page`; None on the last page."""
        raise NotImplementedError

    def canonical(self, url: str) -> str:
        """The real-site URL in the configured scheme: pages link to http:// and https:// copies alike."""
        return self.real_url(self.fetch_url(url))

    # --- list pages ---------------------------------------------------------------------------
    def first_list_request(self, section: str) -> scrapy.Request:
        """The first list page of a section (`<section>/index.html` on both site families)."""
        path = section.strip("/")
        self.paging_started(path)
        return self.request(f"{self.real_base}/{path}/index.html", self.parse_list,
                            cb_kwargs={"section": path, "page": self.first_list_page})

    def list_entries(self, response: TextResponse) -> list[ListEntry]:
        """The entries of the first row selector under which any row is an article of this site, each once."""
        def entries(rows: str) -> list[ListEntry]:
            found: dict[str, ListEntry] = {}
            for row in response.css(rows):
                entry = self.list_entry(response, row)
                if entry is not None:
                    found.setdefault(entry.url, entry)
            return list(found.values())
        return first(self.selectors.list_rows, entries) or []

    def list_entry(self, response: TextResponse, row: Selector) -> ListEntry | None:
        link = first_nodes(row, self.selectors.list_link, accept=lambda found: found.attrib.get("href"))
        if not link:
            return None
        url = self.canonical(self.join(response, link.attrib["href"]))
        if not self.is_article(url):
            self.count(f"{self.source}/list_skipped")  # off-site reposts, channel links, specials
            return None
        title = clean_line(link.attrib.get("title") or " ".join(link[0].css("::text").getall()))
        # The list's date, else the day in the article URL, so `since` can stop paging either way.
        listed_at = first_parsed(row, self.selectors.list_date, parse_date) or date_from_path(url)
        return ListEntry(url, title, listed_at)

    def parse_list(self, response: Response, section: str, page: int) -> Iterator[scrapy.Request]:
        """A request for each listed article not stored yet; then the next page, until a page is settled
        (`page_settled`), the last page or `max_pages`."""
        if not isinstance(response, TextResponse):
            self.count(f"{self.source}/error/not_html")
            return
        entries = self.list_entries(response)
        if not entries:
            self.count(f"{self.source}/error/empty_list")
            logger.warning("%s: no articles found on list page %s", self.source, response.url)
            return
        for entry in entries:
            if not self.known_url(entry.url) and not self.too_old(entry.listed_at):
                self.count(f"{self.source}/listed")
                yield self.request(entry.url, self.parse_article,
                                   cb_kwargs={"section": section, "listed_at": entry.listed_at})
        if self.page_settled((e.url, e.listed_at) for e in entries):
            self.count(f"{self.source}/stop/known_or_old")
            self.paging_ended(section)
            return
        if self.max_pages is not None and page - self.first_list_page + 1 >= self.max_pages:
            return
        following = self.next_list_page(response, section, page)
        if following is None:
            self.paging_ended(section)
        else:
            yield self.request(following, self.parse_list, cb_kwargs={"section": section, "page": page + 1})

    # --- article pages ------------------------------------------------------------------------
    def readable(self, response: Response) -> TextResponse | None:
        """The fetched article page, or None (counted) when it is empty, not HTML or a login page."""
        self.count(f"{self.source}/fetched")
        if not response.body.strip():
            self.count(f"{self.source}/error/empty_body")
            return None
        if not isinstance(response, TextResponse):
            self.count(f"{self.source}/error/not_html")
            return None
        redirected = response.request is not None and bool(response.meta.get("redirect_urls"))
        path = urlsplit(response.url).path.lower()
        if (redirected and any(word in path for word in self.login_path_words)) or first_nodes(
                response, self.selectors.login_wall):
            self.count(f"{self.source}/error/login_redirect")
            logger.warning("%s: %s answered with a login page", self.source, response.url)
            return None
        return response

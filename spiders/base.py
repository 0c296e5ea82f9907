"""What every gba-watch spider shares: real-site vs fetch URLs, section/paging limits, stats, item building."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from spiders.dates import parse_date
from spiders.failures import FailureKind, failure_reason
from spiders.fallback import FallbackResult, extract_article
from spiders.feeds import FeedEntry, feed_entries
from spiders.items import ArticleItem, Extraction
from spiders.merge import Layer, merge
from spiders.outbound import OutboundPolicy

logger = logging.getLogger(__name__)


def _split_list(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [str(part) for part in value]


class GbaSpider(scrapy.Spider):
    """Base spider. Subclasses parse; this class maps URLs and keeps counts.

    Spiders always reason in the *real* site's URL space (links resolved against the real page
    URL); only the request goes to `fetch_base` (a local mirror in tests, or a plain-HTTP scheme
    where TLS fails), so the same code runs unchanged against the live site.
    """

    # Subclasses set these: the real site's base URL, default sections, language of the host.
    site_base: ClassVar[str] = ""
    default_sections: ClassVar[tuple[str, ...]] = ()
    language: ClassVar[str | None] = None
    local_currency: ClassVar[str] = "CNY"  # what a bare 元 means on the site
    # The methods that parse an article page: their requests are remembered until the article is stored
    # (pipeline.frontier), so they must take JSON-able keyword arguments (str, numbers, datetimes).
    article_callbacks: ClassVar[tuple[str, ...]] = ("parse_article",)

    def __init__(
        self,
        *args: Any,
        base_url: str | None = None,
        sections: Any = None,
        max_pages: Any = None,
        since: Any = None,
        source: str | None = None,
        scheme: str | None = None,
        allowed_hosts: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.source = source or self.name
        real = urlsplit(self.site_base)
        if scheme:  # e.g. sz.gov.cn over plain http because of its TLS fault
            real = real._replace(scheme=scheme)
        self.real_base = urlunsplit(real).rstrip("/")
        self.fetch_base = (base_url or self.real_base).rstrip("/")
        self.allowed_hosts = _split_list(allowed_hosts) or []
        self.outbound = self.outbound_policy()
        self.sections = _split_list(sections) or list(self.default_sections)
        self.max_pages = int(max_pages) if max_pages not in (None, "", "0") else None
        self.since = since if isinstance(since, datetime) or since is None else parse_date(str(since))
        # Set by the pipeline's KnownUrls extension at spider_opened; the spider never imports storage.
        # known: stored already, not fetched again. settled: stored before the last *complete* crawl of
        # the source began, so every older entry of the list was crawled then (see `page_settled`).
        self.known_url: Callable[[str], bool] = lambda url: False
        self.settled_url: Callable[[str], bool] = lambda url: self.known_url(url)
        # Sections whose paging has not reached its natural end (a settled or too old page, the last
        # page); a crawl leaving any open is incomplete and does not advance the source's horizon.
        self.paging_open: set[str] = set()

    def outbound_policy(self, *more_urls: str) -> OutboundPolicy:
        """Where this crawl may fetch: the real site's host, the `allowed_hosts` the sources file names, the
        hosts of `more_urls` (a generic source's feeds), and exactly the origin of an explicit `base_url`."""
        return OutboundPolicy.build([self.real_base, *more_urls], extra_hosts=self.allowed_hosts,
                                    fetch_base=self.fetch_base if self.fetch_base != self.real_base else None)

    # --- URL spaces ---------------------------------------------------------------------------
    def real_url(self, url: str) -> str:
        """The real-site address for a fetched (possibly mirror) address."""
        if url.startswith(self.fetch_base + "/") or url == self.fetch_base:
            return self.real_base + url[len(self.fetch_base) :]
        return url

    def fetch_url(self, url: str) -> str:
        """The address to request for a real-site address (identity when not mirrored)."""
        for base in {self.real_base, _other_scheme(self.real_base)}:
            if url.startswith(base + "/") or url == base:
                return self.fetch_base + url[len(base) :]
        return url

    def page_url(self, response: Response) -> str:
        return self.real_url(response.url)

    def join(self, response: Response, href: str) -> str:
        """Resolve a link found on a page against the page's real URL."""
        return urljoin(self.page_url(response), href.strip())

    def request(self, real_url: str, callback: Callable[..., Any], **kwargs: Any) -> scrapy.Request:
        """A request for a real-site address; its errback is `on_error` unless the caller names another."""
        kwargs.setdefault("errback", self.on_error)
        return scrapy.Request(self.fetch_url(real_url), callback=callback, **kwargs)

    # --- failures -------------------------------------------------------------------------------
    def on_error(self, failure: Failure) -> None:
        """The errback of every request: a failed request is never a silent gap in a crawl."""
        self.record_failure(failure)

    def record_failure(self, failure: Failure) -> str:
        """Count `<source>/error/<kind>` (one key per kind, see spiders.failures) and log it; the kind."""
        kind = failure_reason(failure)
        url = failure.request.url if hasattr(failure, "request") else "?"
        self.count(f"{self.source}/error/{kind}")
        if kind == FailureKind.ROBOTS:
            logger.warning("%s: robots.txt forbids %s; not fetched", self.source, url)
        else:
            logger.warning("%s: %s for %s (%s)", self.source, kind, url, failure.getErrorMessage())
        return kind

    def closed(self, reason: str) -> None:
        """Say so loudly when robots.txt kept the spider out: the source was then not crawled at all."""
        stats = self.crawler.stats if getattr(self, "crawler", None) is not None else None
        refused = stats.get_value(f"gbawatch/{self.source}/error/{FailureKind.ROBOTS}", 0) if stats else 0
        if refused:
            logger.error("%s: robots.txt refused %d request(s); the source was not crawled", self.source, refused)

    # --- parsing contract ---------------------------------------------------------------------------
    def parse_article(self, response: Response) -> Any:
        """Parse one article page into an ArticleItem (or yield items). Every site spider implements it:
        crawls call it, and so does `gbawatch extract` on saved pages (then `self.crawler` is None)."""
        raise NotImplementedError(f"{type(self).__name__} does not parse article pages")

    # --- limits and bookkeeping ------------------------------------------------------------------
    def count(self, key: str, n: int = 1) -> None:
        crawler = getattr(self, "crawler", None)  # absent when `gbawatch extract` parses saved pages
        if crawler is not None and crawler.stats is not None:
            crawler.stats.inc_value(f"gbawatch/{key}", n)

    def too_old(self, when: datetime | None) -> bool:
        return bool(self.since and when and when < self.since)

    # --- incremental paging ----------------------------------------------------------------------
    def page_settled(self, entries: Iterable[tuple[str, datetime | None]]) -> bool:
        """Whether list paging may stop at this page (newest first): every entry on it is older than
        `since`, or was stored before the last complete crawl of the source began. Merely *stored* is
        not enough: a crawl killed after storing the first pages would otherwise hide the deeper,
        never-fetched ones from every later run."""
        return all(self.too_old(when) or self.settled_url(url) for url, when in entries)

    def paging_started(self, section: str) -> None:
        self.paging_open.add(section)

    def paging_ended(self, section: str) -> None:
        """The section's paging stopped on its own terms (not a page limit, not a failed list page)."""
        self.paging_open.discard(section)

    @property
    def paging_complete(self) -> bool:
        return not self.paging_open

    def feed_entries(self, response: Response) -> list[FeedEntry]:
        """The entries of a fetched feed that name a link; what is not there is counted (`error/feed_…`)."""
        if not isinstance(response, TextResponse):
            self.count(f"{self.source}/error/feed_not_text")
            return []
        entries = feed_entries(response.text)
        if not entries:
            self.count(f"{self.source}/error/feed_empty")
        for _ in (entry for entry in entries if not entry.link):
            self.count(f"{self.source}/error/feed_item_without_link")
        return [entry for entry in entries if entry.link]

    def use_fallback(self, item: ArticleItem, response: Response) -> FallbackResult:
        """The generic extractor on a page the site's selectors could not read: counted, and the item marked."""
        result = extract_article(response.text, item.url)
        self.count(f"{self.source}/fallback")
        item.extraction = Extraction.FALLBACK
        return result

    def finish(self, item: ArticleItem, *layers: Layer | None) -> ArticleItem:
        """The item with each field from the first layer that has it (spiders.merge, which notes where from);
        an item left without text is counted (`error/no_text`): the pipeline drops it as NoText."""
        merge(item, *layers)
        if not item.text:
            self.count(f"{self.source}/error/no_text")
        return item

    def new_item(self, response: Response, **fields: Any) -> ArticleItem:
        item = ArticleItem(
            source=self.source,
            fetched_url=response.url,
            fetched_at=datetime.now(timezone.utc),
            **{"language": self.language, "local_currency": self.local_currency, **fields},
        )
        self.count("items_parsed")
        return item


def _other_scheme(base: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(scheme="http" if parts.scheme == "https" else "https"))

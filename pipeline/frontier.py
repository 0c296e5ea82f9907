"""Spider middleware: remember every article request a crawl makes until its article is stored, and make
the source's next crawls request the ones that were not (storage.frontier).

Paging stops at list pages crawled before (pipeline.known_urls), so an article whose fetch failed (a
timeout, an HTTP 500, a page without text) would otherwise never be requested again once newer articles
push it below that point. Each is retried by the next `GBAWATCH_FRONTIER_ATTEMPTS` crawls, then counted as
the page error `abandoned` with a warning naming it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import datetime
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from sqlalchemy.exc import SQLAlchemyError

from pipeline.database import database_for
from pipeline.urls import url_key
from storage.errors import StorageError, one_line
from storage.frontier import ListedArticle, due, remember, settle

logger = logging.getLogger(__name__)
STORE = "pipeline.store.StoreArticle"


class Unrecordable(ValueError):
    """Raised by `encode` for a callback argument that JSON cannot carry (the request is not remembered)."""


def encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return str(value)  # a StrEnum as its value, which the spiders compare equal
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    raise Unrecordable(type(value).__name__)


def decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"datetime"}:
        return datetime.fromisoformat(value["datetime"])
    return value


class Frontier:
    def __init__(self, crawler: Crawler, max_attempts: int = 3) -> None:
        self.crawler = crawler
        self.max_attempts = max(1, max_attempts)
        self.failures = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Frontier:
        if not crawler.settings.getbool("GBAWATCH_FRONTIER", True):
            raise NotConfigured("the crawl frontier is switched off (GBAWATCH_FRONTIER=False)")
        if STORE not in crawler.settings.getdict("ITEM_PIPELINES"):
            raise NotConfigured("nothing is stored (no store pipeline): no frontier to keep")
        middleware = cls(crawler, crawler.settings.getint("GBAWATCH_FRONTIER_ATTEMPTS", 3))
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    # --- Scrapy hooks ----------------------------------------------------------------------------
    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        for request in self._revisits(self.crawler.spider):
            yield request
        async for element in start:
            yield element

    def process_spider_output(self, response: Response, result: Iterable[Any],
                              spider: Any = None) -> Iterator[Any]:
        held: list[scrapy.Request] = []
        for element in result:
            if self._is_article_request(element):
                held.append(element)
            else:
                yield element
        self._remember(held)  # durably, before the requests go out
        yield from held

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any],
                                          spider: Any = None) -> AsyncIterator[Any]:
        held: list[scrapy.Request] = []
        async for element in result:
            if self._is_article_request(element):
                held.append(element)
            else:
                yield element
        self._remember(held)
        for request in held:
            yield request

    def spider_closed(self, spider: Any, reason: str) -> None:
        source = self._source(spider)
        try:
            with database_for(self.crawler).sessions.begin() as session:
                settle(session, source)  # what this crawl stored leaves the frontier now
        except (SQLAlchemyError, StorageError) as exc:
            self._unavailable(exc)

    # --- the work --------------------------------------------------------------------------------
    def _revisits(self, spider: Any) -> list[scrapy.Request]:
        source = self._source(spider)
        try:
            with database_for(self.crawler).sessions.begin() as session:
                retry, abandoned = due(session, source, max_attempts=self.max_attempts)
        except (SQLAlchemyError, StorageError) as exc:
            self._unavailable(exc)
            return []
        for entry in abandoned:
            logger.warning("%s: %s was listed but could not be stored in %d crawls; given up",
                           source, entry.url, self.max_attempts + 1)
        self._count(f"{source}/error/abandoned", len(abandoned))
        self._count("frontier/requested_again", len(retry))
        requests = []
        for entry in retry:
            callback = getattr(spider, entry.callback, None)
            errback = getattr(spider, entry.errback, None) if entry.errback else None
            if callback is None or (entry.errback and errback is None):
                # The spider changed since the article was listed; a list page will yield it again.
                logger.warning("%s: %s not requested again: the spider has no %s any more", source, entry.url,
                               entry.callback if callback is None else entry.errback)
                continue
            kwargs: dict[str, Any] = {"cb_kwargs": {k: decode(v) for k, v in entry.arguments.items()}}
            if errback is not None:
                kwargs["errback"] = errback
            requests.append(spider.request(entry.url, callback, **kwargs))
        return requests

    def _remember(self, requests: list[scrapy.Request]) -> None:
        spider = self.crawler.spider
        listed = [entry for request in requests if (entry := self._listed(spider, request)) is not None]
        if not listed:
            return
        try:
            with database_for(self.crawler).sessions.begin() as session:
                self._count("frontier/remembered", remember(session, self._source(spider), listed))
        except (SQLAlchemyError, StorageError) as exc:
            self._unavailable(exc)

    def _listed(self, spider: Any, request: scrapy.Request) -> ListedArticle | None:
        real = spider.real_url(request.url)
        errback = request.errback.__name__ if request.errback is not None else None
        try:
            arguments = {name: encode(value) for name, value in request.cb_kwargs.items()}
        except Unrecordable:
            self._count("frontier/not_recordable")  # e.g. gkmlpt's catalogue entry: re-listed instead
            return None
        assert request.callback is not None  # _is_article_request checked it
        return ListedArticle(real, url_key(real), request.callback.__name__, errback, arguments)

    def _is_article_request(self, element: Any) -> bool:
        if not isinstance(element, scrapy.Request) or element.callback is None:
            return False
        spider = self.crawler.spider
        owner = getattr(element.callback, "__self__", None)
        return owner is spider and element.callback.__name__ in getattr(spider, "article_callbacks", ())

    @staticmethod
    def _source(spider: Any) -> str:
        return str(getattr(spider, "source", spider.name))

    def _count(self, key: str, n: int = 1) -> None:
        if n and self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"gbawatch/{key}", n)

    def _unavailable(self, exc: Exception) -> None:
        """The database is away: the crawl goes on without its frontier (the store step spools); said once."""
        self.failures += 1
        if self.failures == 1:
            logger.warning("crawl frontier not updated: %s", one_line(exc))
        self._count("frontier/unavailable")

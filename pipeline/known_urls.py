"""Extension: give each spider `known_url(url)` and `settled_url(url)` so list paging stops where it may.

known: the article is stored; the spider does not fetch it again.
settled: it was first fetched before the source's last complete crawl began (storage.runs.crawl_horizon),
so that crawl listed everything below it; a list page of settled articles ends paging. A crawl that was
killed, hit a page limit or failed to store never completes, and the next one lists past its articles.
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import lru_cache
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy.exc import SQLAlchemyError

from pipeline.database import database_for
from pipeline.urls import url_key
from storage.errors import StorageError, one_line
from storage.repository import first_seen
from storage.runs import crawl_horizon

logger = logging.getLogger(__name__)


class Unknown:
    """The lookup failed: whether the article is stored cannot be said."""


UNKNOWN = Unknown()


class KnownUrls:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.failures = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KnownUrls:
        if not crawler.settings.getbool("GBAWATCH_INCREMENTAL", True):
            raise NotConfigured("incremental crawling switched off (GBAWATCH_INCREMENTAL=False)")
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    def spider_opened(self, spider: Any) -> None:
        database = database_for(self.crawler)
        try:
            with database.sessions() as session:
                horizon = crawl_horizon(session, getattr(spider, "source", spider.name))
        except (SQLAlchemyError, StorageError) as exc:
            self.unavailable(exc)
            horizon = None  # nothing settled: paging goes to the end

        # An indexed point lookup (well under a millisecond); cached because list pages repeat links.
        @lru_cache(maxsize=65536)
        def stored_at(url: str) -> datetime | None:
            with database.sessions() as session:
                return first_seen(session, url_key(url))

        def lookup(url: str) -> datetime | Unknown | None:
            try:
                return stored_at(url)  # a failure is not cached: the next call asks again
            except (SQLAlchemyError, StorageError) as exc:
                self.unavailable(exc)
                return UNKNOWN

        def known(url: str) -> bool:
            # The database away: fetch it (the store step spools it) rather than skip it.
            return not isinstance(when := lookup(url), Unknown) and when is not None

        def settled(url: str) -> bool:
            when = lookup(url)
            return isinstance(when, datetime) and horizon is not None and when < horizon

        spider.known_url = known
        spider.settled_url = settled

    def unavailable(self, exc: Exception) -> None:
        """Count a failed lookup; say it once per crawl (the store step reports what it spooled)."""
        self.failures += 1
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("gbawatch/known_lookup_failed")
        if self.failures == 1:
            logger.warning("cannot tell which articles are stored (%s): fetching them all", one_line(exc))

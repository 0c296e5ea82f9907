"""Extension: give each spider `known_url(url)` and `settled_url(url)` so list paging stops where it may.

known: the article is stored; the spider does not fetch it again.
settled: it was first fetched before the source's last complete crawl began (storage.runs.crawl_horizon),
so that crawl listed everything below it; a list page of settled articles ends paging. A crawl that was
killed, hit a page limit or failed to store never completes, and the next one lists past its articles.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from pipeline.database import database_for
from pipeline.urls import url_key
from storage.repository import first_seen
from storage.runs import crawl_horizon


class KnownUrls:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KnownUrls:
        if not crawler.settings.getbool("GBAWATCH_INCREMENTAL", True):
            raise NotConfigured("incremental crawling switched off (GBAWATCH_INCREMENTAL=False)")
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    def spider_opened(self, spider: Any) -> None:
        database = database_for(self.crawler)
        with database.sessions() as session:
            horizon = crawl_horizon(session, getattr(spider, "source", spider.name))

        # An indexed point lookup (well under a millisecond); cached because list pages repeat links.
        @lru_cache(maxsize=65536)
        def stored_at(url: str) -> datetime | None:
            with database.sessions() as session:
                return first_seen(session, url_key(url))

        def known(url: str) -> bool:
            return stored_at(url) is not None

        def settled(url: str) -> bool:
            when = stored_at(url)
            return when is not None and horizon is not None and when < horizon

        spider.known_url = known
        spider.settled_url = settled

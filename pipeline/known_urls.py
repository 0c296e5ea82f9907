"""Extension: give each spider a `known_url(url)` lookup so list paging stops at stored articles."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from pipeline.database import database_for
from pipeline.urls import url_key
from storage.repository import is_known


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

        # An indexed point lookup (well under a millisecond); cached because list pages repeat links.
        @lru_cache(maxsize=65536)
        def known(url: str) -> bool:
            with database.sessions() as session:
                return is_known(session, url_key(url))

        spider.known_url = known

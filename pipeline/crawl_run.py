"""Extension: record each crawl in the crawl history (counts, drop reasons, errors, drift flag)."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from sqlalchemy.exc import SQLAlchemyError
from twisted.python.failure import Failure

from pipeline.database import database_for
from storage.errors import StorageError, one_line
from storage.runs import finish_run, start_run

logger = logging.getLogger(__name__)

# Stats worth keeping in the history; the rest of Scrapy's stats are engine internals.
_KEPT_PREFIXES = ("gbawatch/", "item_scraped_count", "item_dropped_count", "item_dropped_reasons_count/",
                  "downloader/response_status_count/", "retry/", "robotstxt/", "log_count/ERROR",
                  "response_received_count", "downloader/exception_type_count/", "spider_exceptions/")
# A run drifts when the site selectors failed on this share of fetched articles.
DRIFT_SHARE = 0.3


def drifting(stats: dict[str, Any], source: str) -> bool:
    """Selectors failing on many article pages, or list pages that no longer yield any link."""
    fallback = int(stats.get(f"gbawatch/{source}/fallback", 0))
    fetched = int(stats.get(f"gbawatch/{source}/fetched", 0)) or int(stats.get("gbawatch/items_parsed", 0))
    empty_lists = int(stats.get(f"gbawatch/{source}/error/empty_list", 0))
    listed = int(stats.get(f"gbawatch/{source}/listed", 0))
    return (fetched > 0 and fallback / fetched >= DRIFT_SHARE) or (empty_lists > 0 and listed == 0)


def pages_fetched(stats: dict[str, Any]) -> int:
    """Responses the crawl got to its own requests (lists, feeds, articles): robots.txt's are not pages."""
    return int(stats.get("response_received_count", 0)) - int(stats.get("robotstxt/response_count", 0))


def run_status(stats: dict[str, Any], reason: str) -> str:
    """`finished` only if Scrapy finished, every article reached the database and at least one page was
    fetched: a crawl whose every request was refused (connection, robots.txt, the outbound policy) failed."""
    if reason != "finished" or stats.get("gbawatch/store_failed") or pages_fetched(stats) <= 0:
        return "failed"
    return "finished"


class CrawlRunRecorder:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id: int | None = None
        self.errors: list[str] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRunRecorder:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.spider_error, signal=signals.spider_error)
        return extension

    def spider_opened(self, spider: Any) -> None:
        database = database_for(self.crawler)
        try:
            with database.sessions.begin() as session:
                self.run_id = start_run(session, getattr(spider, "source", spider.name)).id
        except (SQLAlchemyError, StorageError) as exc:
            logger.warning("this crawl is not in the crawl history: %s", one_line(exc))

    def spider_error(self, failure: Failure, response: Any, spider: Any) -> None:
        self.errors.append(f"{getattr(response, 'url', '?')}: {failure.getErrorMessage()}"[:500])

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.run_id is None:
            return
        assert self.crawler.stats is not None
        raw = self.crawler.stats.get_stats()
        stats = {key: _plain(value) for key, value in raw.items() if key.startswith(_KEPT_PREFIXES)}
        stats["finish_reason"] = reason
        source = getattr(spider, "source", spider.name)
        status = run_status(raw, reason)
        if reason == "finished" and pages_fetched(raw) <= 0:
            self.errors.append("no page could be fetched: every request failed or was refused")
        # Complete: every section listed to its natural end, every article stored. Only then may the
        # next crawl stop paging at the articles this one saw (pipeline.known_urls).
        complete = status == "finished" and bool(getattr(spider, "paging_complete", True))
        stats["gbawatch/complete"] = complete
        database = database_for(self.crawler)
        try:
            with database.sessions.begin() as session:
                finish_run(session, self.run_id, status=status, stats=stats, errors=self.errors,
                           drifting=drifting(raw, source), complete=complete)
        except (SQLAlchemyError, StorageError) as exc:
            # The run stays `running` (incomplete: the next crawl lists past it) until housekeeping.
            logger.warning("the end of this crawl is not in the crawl history: %s", one_line(exc))


def _plain(value: Any) -> Any:
    return value if isinstance(value, int | float | str | bool) or value is None else str(value)


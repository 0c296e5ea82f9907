"""Last stage: hand the crawl's articles to the ingest service (pipeline.ingest) in batches, off the reactor
thread, and count what became of them in the crawl's stats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet.defer import Deferred, DeferredLock
from twisted.internet.threads import deferToThread

from pipeline.database import database_for, timezone_for
from pipeline.ingest import DEFAULT_BATCH, BatchResult, IngestService
from storage.records import ArticleRecord


class StoreArticle:
    def __init__(self, service: IngestService, batch_size: int = DEFAULT_BATCH, crawler: Crawler | None = None
                 ) -> None:
        self.service = service
        self.batch_size = max(1, batch_size)
        self.crawler = crawler
        self.pending: list[ArticleRecord] = []
        self.lock = DeferredLock()  # one flush at a time: batches stay in order

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreArticle:
        service = IngestService(database_for(crawler).sessions, tz=timezone_for(crawler),
                                spool_dir=Path(crawler.settings.get("GBAWATCH_SPOOL_DIR") or "spool"))
        return cls(service, crawler.settings.getint("GBAWATCH_STORE_BATCH", DEFAULT_BATCH), crawler)

    async def process_item(self, article: ArticleRecord, spider: Any = None) -> ArticleRecord:
        self.pending.append(article)
        if len(self.pending) >= self.batch_size:
            await maybe_deferred_to_future(self._flush())
        return article

    async def close_spider(self, spider: Any = None) -> None:
        await maybe_deferred_to_future(self._flush())

    def _flush(self) -> Deferred[Any]:
        batch, self.pending = self.pending, []
        if not batch:
            return self.lock.run(lambda: None)  # still waits for a flush in progress
        deferred = self.lock.run(deferToThread, self.service.ingest_or_spool, batch)
        deferred.addCallback(self._count)
        return deferred

    def _count(self, result: BatchResult) -> None:
        stats = self.crawler.stats if self.crawler is not None else None
        if result.unkept:
            # Neither the database nor the disk took the batch: going on would lose every later one the same way.
            if stats is not None:
                stats.inc_value("gbawatch/spool_failed", result.unkept)
                stats.set_value("gbawatch/spool_error", result.failure)
            self._stop("spool_failed")
            return
        if stats is None:
            return
        if result.spool_file is not None:
            stats.inc_value("gbawatch/store_failed", result.spooled)
            stats.set_value("gbawatch/spool_file", str(result.spool_file))
            return
        outcomes = result.outcomes
        stats.inc_value("gbawatch/stored", len(outcomes))
        stats.inc_value("gbawatch/created", result.created)
        stats.inc_value("gbawatch/updated", sum(not o.created for o in outcomes))
        stats.inc_value("gbawatch/changed", sum(o.changed and not o.created for o in outcomes))
        stats.inc_value("gbawatch/linked", result.linked)
        stats.inc_value("gbawatch/alerts", result.alerts)
        if result.failure:
            stats.inc_value("gbawatch/alerts_failed", len(outcomes))

    def _stop(self, reason: str) -> None:
        engine = self.crawler.engine if self.crawler is not None else None
        if engine is not None and engine.spider is not None:
            # Not awaited: closing waits for the item this flush belongs to.
            deferred_from_coro(engine.close_spider_async(reason=reason))

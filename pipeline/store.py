"""Last stage: upsert articles into the database in batches, off the reactor thread."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from sqlalchemy.orm import Session
from twisted.internet.defer import Deferred, DeferredLock
from twisted.internet.threads import deferToThread
from twisted.python.failure import Failure

from pipeline.database import Database, database_for
from pipeline.errors import SpoolFailed
from pipeline.spool import write_spool
from storage.archive_index import index_pending
from storage.engine import in_transaction
from storage.records import ArticleRecord, StoreOutcome
from storage.repository import upsert_articles
from watch.relevance_service import score_records

logger = logging.getLogger(__name__)


def store_records(database: Database, records: list[ArticleRecord]) -> list[StoreOutcome]:
    """One transaction per batch: a failure rolls the batch back and propagates.

    The batch is made searchable, and scored against every topic profile, in the same transaction, so a
    stored article is a findable and ranked one.
    """
    def work(session: Session) -> list[StoreOutcome]:
        outcomes = upsert_articles(session, records)
        index_pending(session)
        # Scored from the records in hand (reading the batch back would cost more than scoring it).
        score_records(session, [(o.article_id, r) for o, r in zip(outcomes, records, strict=True)
                                if o.created or o.changed])
        return outcomes

    # A concurrent crawl storing the same articles can make PostgreSQL abort one transaction (a
    # deadlock on shared rows): that batch is tried again, not spooled.
    return in_transaction(database.sessions, work)


class StoreArticle:
    def __init__(self, database: Database, batch_size: int = 50, crawler: Crawler | None = None,
                 spool_dir: Path = Path("spool")) -> None:
        self.database = database
        self.batch_size = max(1, batch_size)
        self.crawler = crawler
        self.spool_dir = spool_dir
        self.pending: list[ArticleRecord] = []
        self.lock = DeferredLock()  # one flush at a time: batches stay in order

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreArticle:
        return cls(database_for(crawler), crawler.settings.getint("GBAWATCH_STORE_BATCH", 50), crawler,
                   Path(crawler.settings.get("GBAWATCH_SPOOL_DIR") or "spool"))

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
        deferred = self.lock.run(deferToThread, store_records, self.database, batch)
        deferred.addCallbacks(self._count, self._spool, errbackArgs=(batch,))
        return deferred

    def _spool(self, failure: Failure, batch: list[ArticleRecord]) -> None:
        """The database refused the batch: keep it on disk, count it, and let the crawl go on; if the disk
        refuses it too, stop the crawl (going on would lose every later batch the same way)."""
        reason = failure.getErrorMessage().splitlines()[0]
        stats = self.crawler.stats if self.crawler is not None else None
        try:
            path = write_spool(self.spool_dir, batch)
        except SpoolFailed as exc:
            logger.critical("could not store %d articles (%s), %s; stopping the crawl", len(batch), reason, exc)
            if stats is not None:
                stats.inc_value("gbawatch/spool_failed", len(batch))
                stats.set_value("gbawatch/spool_error", str(exc))
            self._stop("spool_failed")
            return
        logger.error("could not store %d articles (%s); kept in %s — replay with `gbawatch ingest --spool %s`",
                     len(batch), reason, path, self.spool_dir)
        if stats is not None:
            stats.inc_value("gbawatch/store_failed", len(batch))
            stats.set_value("gbawatch/spool_file", str(path))

    def _stop(self, reason: str) -> None:
        engine = self.crawler.engine if self.crawler is not None else None
        if engine is not None and engine.spider is not None:
            # Not awaited: closing waits for the item this flush belongs to.
            deferred_from_coro(engine.close_spider_async(reason=reason))

    def _count(self, outcomes: list[StoreOutcome]) -> None:
        if self.crawler is None or self.crawler.stats is None:
            return
        stats = self.crawler.stats
        stats.inc_value("gbawatch/stored", len(outcomes))
        stats.inc_value("gbawatch/created", sum(o.created for o in outcomes))
        stats.inc_value("gbawatch/updated", sum(not o.created for o in outcomes))
        stats.inc_value("gbawatch/changed", sum(o.changed and not o.created for o in outcomes))

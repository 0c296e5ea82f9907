"""Last stage: upsert articles into the database in batches, off the reactor thread."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from twisted.internet.defer import Deferred, DeferredLock
from twisted.internet.threads import deferToThread

from pipeline.article import NormalisedArticle
from pipeline.database import Database, database_for
from pipeline.records import to_record
from storage.records import ArticleRecord, StoreOutcome
from storage.repository import upsert_article

logger = logging.getLogger(__name__)


def store_records(database: Database, records: list[ArticleRecord]) -> list[StoreOutcome]:
    """One transaction per batch: a failure rolls the batch back and propagates."""
    with database.sessions.begin() as session:
        return [upsert_article(session, record) for record in records]


class StoreArticle:
    def __init__(self, database: Database, batch_size: int = 50, crawler: Crawler | None = None) -> None:
        self.database = database
        self.batch_size = max(1, batch_size)
        self.crawler = crawler
        self.pending: list[ArticleRecord] = []
        self.lock = DeferredLock()  # one flush at a time: batches stay in order

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreArticle:
        return cls(database_for(crawler), crawler.settings.getint("GBAWATCH_STORE_BATCH", 50), crawler)

    def process_item(self, article: NormalisedArticle, spider: Any = None) -> Any:
        self.pending.append(to_record(article))
        if len(self.pending) < self.batch_size:
            return article
        deferred = self._flush()
        deferred.addCallback(lambda _: article)
        return deferred

    def close_spider(self, spider: Any = None) -> Deferred[Any]:
        return self._flush()

    def _flush(self) -> Deferred[Any]:
        batch, self.pending = self.pending, []
        if not batch:
            return self.lock.run(lambda: None)  # still waits for a flush in progress
        deferred = self.lock.run(deferToThread, store_records, self.database, batch)
        deferred.addCallback(self._count)
        return deferred

    def _count(self, outcomes: list[StoreOutcome]) -> None:
        if self.crawler is None or self.crawler.stats is None:
            return
        stats = self.crawler.stats
        stats.inc_value("gbawatch/stored", len(outcomes))
        stats.inc_value("gbawatch/created", sum(o.created for o in outcomes))
        stats.inc_value("gbawatch/updated", sum(not o.created for o in outcomes))
        stats.inc_value("gbawatch/changed", sum(o.changed and not o.created for o in outcomes))

"""Third stage: drop a URL already handled in this run, or the same content already stored under another URL."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from twisted.internet.threads import deferToThread

from pipeline.database import database_for
from pipeline.errors import DuplicateArticle
from storage.errors import StorageError, one_line
from storage.records import ArticleRecord
from storage.repository import same_content_elsewhere

logger = logging.getLogger(__name__)


class DedupeArticle:
    def __init__(self, sessions: sessionmaker[Session] | None = None, stats: StatsCollector | None = None) -> None:
        self.sessions = sessions  # None: check within the run only
        self.stats = stats
        self.seen_keys: set[str] = set()
        self.unchecked = 0  # articles let through because the database could not be asked

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupeArticle:
        return cls(database_for(crawler).sessions, crawler.stats)

    def check(self, article: ArticleRecord) -> ArticleRecord:
        """Both checks, blocking: for callers outside Scrapy's reactor (`gbawatch ingest`)."""
        self.check_in_run(article)
        return self._check_stored(article) if self.sessions is not None else article

    def check_in_run(self, article: ArticleRecord) -> ArticleRecord:
        if article.url_key in self.seen_keys:
            raise DuplicateArticle(f"already processed in this run: {article.url}")
        self.seen_keys.add(article.url_key)
        return article

    async def process_item(self, article: ArticleRecord, spider: Any = None) -> ArticleRecord:
        self.check_in_run(article)
        if self.sessions is None:
            return article
        # The lookup blocks on the database: keep it off the reactor thread.
        return await maybe_deferred_to_future(deferToThread(self._check_stored, article))

    def _check_stored(self, article: ArticleRecord) -> ArticleRecord:
        assert self.sessions is not None
        try:
            with self.sessions() as session:
                other = same_content_elsewhere(session, source=article.source,
                                               content_hash=article.content_hash, url_key=article.url_key)
        except (SQLAlchemyError, StorageError) as exc:
            # The database is away: pass the article on unchecked, so the store step keeps it in the
            # spool. Dropping it here would lose it; a copy under another URL costs far less.
            self.unchecked += 1
            if self.unchecked == 1:
                logger.warning("duplicate check skipped (%s): articles go on to be stored or spooled",
                               one_line(exc))
            if self.stats is not None:
                self.stats.inc_value("gbawatch/dedupe_unchecked")
            return article
        if other is not None:
            raise DuplicateArticle(f"same text already stored as {other}: {article.url}")
        return article

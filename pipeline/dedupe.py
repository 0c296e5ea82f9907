"""Third stage: drop a URL already handled in this run, or the same content already stored under another URL."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy.orm import Session, sessionmaker
from twisted.internet.threads import deferToThread

from pipeline.database import database_for
from pipeline.errors import DuplicateArticle
from storage.records import ArticleRecord
from storage.repository import same_content_elsewhere


class DedupeArticle:
    def __init__(self, sessions: sessionmaker[Session] | None = None) -> None:
        self.sessions = sessions  # None: check within the run only
        self.seen_keys: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupeArticle:
        return cls(database_for(crawler).sessions)

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
        with self.sessions() as session:
            other = same_content_elsewhere(session, source=article.source,
                                           content_hash=article.content_hash, url_key=article.url_key)
        if other is not None:
            raise DuplicateArticle(f"same text already stored as {other}: {article.url}")
        return article

"""Third stage: drop a URL already handled in this run, or the same content already stored under another URL."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from pipeline.database import Database, database_for
from pipeline.errors import DuplicateArticle
from storage.records import ArticleRecord
from storage.repository import same_content_elsewhere


class DedupeArticle:
    def __init__(self, database: Database | None = None) -> None:
        self.database = database
        self.seen_keys: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupeArticle:
        return cls(database_for(crawler))

    def check_in_run(self, article: ArticleRecord) -> ArticleRecord:
        if article.url_key in self.seen_keys:
            raise DuplicateArticle(f"already processed in this run: {article.url}")
        self.seen_keys.add(article.url_key)
        return article

    async def process_item(self, article: ArticleRecord, spider: Any = None) -> ArticleRecord:
        self.check_in_run(article)
        if self.database is None:
            return article
        # The lookup blocks on the database: keep it off the reactor thread.
        return await maybe_deferred_to_future(deferToThread(self._check_stored, article))

    def _check_stored(self, article: ArticleRecord) -> ArticleRecord:
        assert self.database is not None
        with self.database.sessions() as session:
            other = same_content_elsewhere(session, source=article.source,
                                           content_hash=article.content_hash, url_key=article.url_key)
        if other is not None:
            raise DuplicateArticle(f"same text already stored as {other}: {article.url}")
        return article

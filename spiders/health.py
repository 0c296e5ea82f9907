"""Spider middleware: count each source's items, their extractor and which fields they carry (run health)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy.crawler import Crawler
from scrapy.http import Response

from spiders.items import ArticleItem

# The fields whose coverage a crawl run records; a drop in one is a selector that stopped matching.
FIELDS = ("title", "text", "published_at", "author", "section")


class ExtractionHealth:
    """Counts `gbawatch/<source>/items`, `…/extraction/<selectors|fallback>` and `…/field/<name>`.

    With `…/fetched` and `…/fallback` from the spiders, a crawl run's stats then show field coverage
    (e.g. field/author ÷ items) next to the drift share pipeline.crawl_run computes.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionHealth:
        return cls(crawler)

    def record(self, item: ArticleItem) -> None:
        stats = self.crawler.stats
        if stats is None:
            return
        prefix = f"gbawatch/{item.source}"
        stats.inc_value(f"{prefix}/items")
        stats.inc_value(f"{prefix}/extraction/{item.extraction}")
        for name in FIELDS:
            if getattr(item, name):
                stats.inc_value(f"{prefix}/field/{name}")

    def process_spider_output(self, response: Response, result: Iterable[Any],
                              spider: Any = None) -> Iterator[Any]:
        for element in result:
            if isinstance(element, ArticleItem):
                self.record(element)
            yield element

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any],
                                          spider: Any = None) -> AsyncIterator[Any]:
        async for element in result:
            if isinstance(element, ArticleItem):
                self.record(element)
            yield element


def coverage(stats: dict[str, Any], source: str) -> dict[str, float]:
    """Share of a run's items that carried each field, from its stats (for reports and alerts)."""
    items = int(stats.get(f"gbawatch/{source}/items", 0))
    if not items:
        return {}
    return {name: int(stats.get(f"gbawatch/{source}/field/{name}", 0)) / items for name in FIELDS}

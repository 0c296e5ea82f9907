"""Fourth stage: run the NLP (entities with titles, figures) over the article's original text."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from nlp import get_analyzer
from nlp.byline import lead_author
from pipeline.records import analysis_records
from storage.records import ArticleRecord


def enrich(record: ArticleRecord) -> ArticleRecord:
    analysis = get_analyzer().analyse(record.text, title=record.title, local_currency=record.local_currency)
    mentions, figures = analysis_records(analysis)
    # A page whose byline is empty may credit its reporter in the lead (【大公報訊】記者X報道).
    return replace(record, mentions=mentions, figures=figures, author=record.author or lead_author(analysis))


class EnrichArticle:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EnrichArticle:
        if not crawler.settings.getbool("GBAWATCH_NLP_ENABLED", True):
            raise NotConfigured("NLP stage switched off (GBAWATCH_NLP_ENABLED=False)")
        return cls()

    def open_spider(self, spider: Any = None) -> None:
        get_analyzer()  # load dictionaries once, before the first article arrives

    def process_item(self, record: ArticleRecord, spider: Any = None) -> ArticleRecord:
        return enrich(record)

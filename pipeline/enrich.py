"""Fourth stage: run the NLP (entities with titles, figures) over the article's original text."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from nlp import get_analyzer
from pipeline.article import NormalisedArticle


def enrich(article: NormalisedArticle) -> NormalisedArticle:
    article.analysis = get_analyzer().analyse(article.text, title=article.title,
                                              local_currency=article.item.local_currency)
    return article


class EnrichArticle:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EnrichArticle:
        if not crawler.settings.getbool("GBAWATCH_NLP_ENABLED", True):
            raise NotConfigured("NLP stage switched off (GBAWATCH_NLP_ENABLED=False)")
        return cls()

    def open_spider(self, spider: Any = None) -> None:
        get_analyzer()  # load dictionaries once, before the first article arrives

    def process_item(self, article: NormalisedArticle, spider: Any = None) -> NormalisedArticle:
        return enrich(article)

"""The pipeline's working form of an article: the spider's item plus what normalise and enrich add."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from spiders.items import ArticleItem

if TYPE_CHECKING:
    from nlp import Analysis


@dataclass
class NormalisedArticle:
    item: ArticleItem
    url: str
    url_key: str
    title: str
    text: str
    title_simplified: str
    text_simplified: str
    published_at: datetime
    date_missing: bool
    content_hash: str
    language: str | None
    twin_url: str | None
    analysis: Analysis | None = field(default=None, repr=False)

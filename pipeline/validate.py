"""First stage: reject what is not a usable article, with a named reason."""

from __future__ import annotations

from typing import Any

from scrapy import Spider

from pipeline.errors import BadUrl, NotAnArticle, NoText, NoTitle
from spiders.items import ArticleItem


class ValidateArticle:
    def process_item(self, item: Any, spider: Spider | None = None) -> ArticleItem:
        if not isinstance(item, ArticleItem):
            raise NotAnArticle(f"not an article: {type(item).__name__}")
        if not item.url.startswith(("http://", "https://")):
            raise BadUrl(f"not an absolute http(s) URL: {item.url!r}")
        if not (item.title or "").strip(" \t\r\n\ufeff\u3000"):
            raise NoTitle(f"no title: {item.url}")
        if not (item.text or "").strip():
            raise NoText(f"empty body: {item.url}")
        return item

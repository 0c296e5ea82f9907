"""Second stage: the spider's item becomes the article record (storage.records.ArticleRecord): canonical
URL, clean strings, a timezone-aware date, the Simplified form, a content hash."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict
from datetime import datetime, timezone
from typing import Any

from scrapy import Spider

from nlp.convert import to_simplified
from pipeline.urls import canonical_url, url_key
from spiders.items import ArticleItem, DateOrigin
from storage.records import ArticleRecord

_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


# C0 controls but tab and newline, and DEL: never text, and PostgreSQL refuses NUL in a text column.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    value = value.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    value = unicodedata.normalize("NFC", _CONTROLS.sub("", value))
    lines = (_SPACES.sub(" ", line).strip() for line in value.split("\n"))
    return "\n".join(line for line in lines if line)


def detect_language(text: str) -> str:
    """zh-Hant, zh-Hans or en, from the text itself: hk2s changes Traditional characters only."""
    sample = text[:2000]
    han = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    if han < max(10, len(sample) // 10):
        return "en"
    changed = sum(1 for a, b in zip(sample, to_simplified(sample), strict=True) if a != b)
    return "zh-Hant" if changed >= max(2, han // 50) else "zh-Hans"


def normalise(item: ArticleItem) -> ArticleRecord:
    fetched_at = item.fetched_at or datetime.now(timezone.utc)
    published = item.published_at
    date_missing = published is None or item.date_origin == DateOrigin.CRAWL_TIME
    if published is None:
        published = fetched_at  # kept as crawl time and flagged; never a guessed date
    elif published.tzinfo is None:
        raise ValueError(f"naive published_at from spider {item.source}: {published!r}")
    title = clean_text(item.title).replace("\n", " ")
    text = clean_text(item.text)
    language = item.language or detect_language(title + "\n" + text)
    if language != "en" and detect_language(text) != language and item.language is None:
        language = detect_language(text)
    url = canonical_url(item.url)
    twin_url = canonical_url(item.twin_url) if item.twin_url else None
    return ArticleRecord(
        url=url, url_key=url_key(url), source=item.source, title=title, text=text,
        title_simplified=to_simplified(title), text_simplified=to_simplified(text),
        published_at=published, content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        fetched_url=item.fetched_url, fetched_at=item.fetched_at, date_origin=str(item.date_origin),
        date_missing=date_missing, author=item.author, section=item.section, language=language,
        issuer=item.issuer, document_number=item.document_number, twin_url=twin_url,
        twin_key=url_key(twin_url) if twin_url else None, extraction=str(item.extraction),
        keywords=list(item.keywords), captions=list(item.captions),
        attachments=[asdict(a) for a in item.attachments], local_currency=item.local_currency,
    )


class NormaliseArticle:
    def process_item(self, item: Any, spider: Spider | None = None) -> ArticleRecord:
        return normalise(item)

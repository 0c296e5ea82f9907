"""The one article record: what an article is after normalisation, wherever it goes (pipeline, spool,
storage, alerts, exports). Storage imports nothing of ours, so the record lives here, at the bottom.

Every view of the record (JSON, CSV, spool, alert) is derived from these fields in storage.article_views:
a new field is added here, and the views test says which views show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class MentionRecord:
    """An entity named in the article; field names follow nlp.model.EntityMention (`surface` is its text)."""

    surface: str
    canonical: str
    canonical_simplified: str
    type: str
    title: str | None
    start: int
    end: int
    known: bool
    aliases: tuple[str, ...] = ()
    language: str | None = None  # of the text it was found in: "en", "zh-Hant", "zh-Hans"


@dataclass(frozen=True)
class FigureRecord:
    """A figure reported in the article; field names follow nlp.model.Figure, plus its subject."""

    value: Decimal  # exact, after scale
    unit: str
    currency: str | None
    metric: str | None
    qualifier: str | None
    text: str
    sentence: str
    start: int
    end: int
    entity: str | None = None  # canonical name of the entity the figure is about, when known
    direction: str | None = None  # "up" / "down" when the figure is a change
    upper: Decimal | None = None  # the high end of a range
    salient: bool = False  # a fact a digest shows, not only a count


@dataclass
class ArticleRecord:
    """One article after normalisation: the spider's item cleaned, canonical, converted, and (after the
    NLP stage) its mentions and figures."""

    url: str
    url_key: str
    source: str
    title: str
    text: str
    title_simplified: str
    text_simplified: str
    published_at: datetime
    content_hash: str
    fetched_url: str = ""
    fetched_at: datetime | None = None
    date_origin: str = "page"
    date_missing: bool = False
    author: str | None = None
    section: str | None = None
    language: str | None = None
    issuer: str | None = None
    document_number: str | None = None
    twin_url: str | None = None
    twin_key: str | None = None  # the twin's URL key, so http/https or www variants still link
    extraction: str = "selectors"
    keywords: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    attachments: list[dict[str, Any]] = field(default_factory=list)
    local_currency: str = "CNY"  # what a bare 元 means on the source's site: the NLP stage's input
    mentions: list[MentionRecord] = field(default_factory=list)
    figures: list[FigureRecord] = field(default_factory=list)


@dataclass(frozen=True)
class StoreOutcome:
    article_id: int
    created: bool  # False: an existing article was updated in place
    changed: bool  # the text or title differs from what was stored

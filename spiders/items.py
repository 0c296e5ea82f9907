"""The one contract between spiders and the pipeline: what a parsed page is."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class DateOrigin(StrEnum):
    """Where an article's published_at came from; CRAWL_TIME means the page had no date."""

    PAGE = "page"  # a date printed on the article page (byline, meta tag, footer)
    FEED = "feed"  # the feed's pubDate
    URL = "url"  # encoded in the URL (news.gov.hk ids, Ta Kung Pao /YYYY/MMDD/)
    LIST = "list"  # the list page's date next to the link
    CRAWL_TIME = "crawl_time"  # no date found: the crawl time is kept and the article flagged


class FieldOrigin(StrEnum):
    """Where one field of an item came from (`ArticleItem.provenance`), most trusted first."""

    PAGE = "page"  # the article itself, read with the site's selectors (or the full text a feed carries)
    FALLBACK = "fallback"  # the article page, read by the generic extractor (spiders.fallback)
    FEED = "feed"  # the RSS/Atom entry or JSON catalogue entry that listed the article
    LIST = "list"  # the list page or sitemap entry that linked to it
    URL = "url"  # encoded in the article's address
    DEFAULT = "default"  # the spider's configured value (the name of the section it was listed in)


class Extraction(StrEnum):
    """Which extractor produced the body: the site's selectors or the generic fallback."""

    SELECTORS = "selectors"
    FALLBACK = "fallback"


@dataclass
class Attachment:
    name: str
    url: str


@dataclass
class ArticleItem:
    """One article as a spider parsed it: original script, no NLP, no database."""

    url: str  # canonical URL on the real site (never the mirror's address)
    source: str  # source name from the sources file, e.g. "takungpao_hk"
    title: str
    text: str  # body text as published (original script), paragraphs separated by "\n"
    fetched_url: str = ""  # the address actually fetched (a mirror in tests)
    fetched_at: datetime | None = None  # timezone-aware UTC
    published_at: datetime | None = None  # timezone-aware
    date_origin: DateOrigin = DateOrigin.CRAWL_TIME
    author: str | None = None  # reporter/author, never left inside text
    section: str | None = None
    language: str | None = None  # "zh-Hant", "zh-Hans", "en"
    local_currency: str = "CNY"  # what a bare 元 means on this site (HKD on Hong Kong government sites)
    issuer: str | None = None  # issuing body of a government release
    document_number: str | None = None  # 文号 of a government document (gkmlpt), e.g. 粤府办〔2024〕9号
    twin_url: str | None = None  # the same story in the other script/language, if known
    keywords: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    extraction: Extraction = Extraction.SELECTORS
    missing_fields: list[str] = field(default_factory=list)  # selectors that found nothing
    # field name -> where its value came from, for every field spiders.merge filled (drift checks, debugging)
    provenance: dict[str, FieldOrigin] = field(default_factory=dict)

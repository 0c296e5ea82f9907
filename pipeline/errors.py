"""Named reasons an article is dropped; Scrapy's stats count each by class name."""

from __future__ import annotations

from scrapy.exceptions import DropItem


class Rejected(DropItem):
    """Base class of the expected rejections below."""


class NotAnArticle(Rejected):
    """Raised by ValidateArticle when a spider yields something other than an ArticleItem."""


class BadUrl(Rejected):
    """Raised by ValidateArticle when the item's URL is not an absolute http(s) URL."""


class NoTitle(Rejected):
    """Raised by ValidateArticle when the page had no title."""


class NoText(Rejected):
    """Raised by ValidateArticle when the body is empty (login page, empty template, failed extraction)."""


class DuplicateArticle(Rejected):
    """Raised by DedupeArticle for a URL already processed in this run or identical content under another URL."""


class SpoolFailed(Exception):
    """Raised by pipeline.spool.write_spool when a batch cannot be kept on disk (full, read-only, no
    permission); nothing of the batch is left behind, and the crawl must stop rather than lose more."""


class UnreadableSpool(Exception):
    """Raised by pipeline.spool.read_spool for a batch file that is cut short, not UTF-8 or not a spool."""

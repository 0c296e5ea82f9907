"""Downloader middleware: read UTF-8, GBK/GB18030 and Big5(-HKSCS) pages right whatever they declare."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from charset_normalizer import from_bytes
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom, resolve_encoding

from spiders.errors import NotText

logger = logging.getLogger(__name__)

# The encodings the sources use. GB18030 decodes every GB2312 and GBK page; Big5-HKSCS every Big5 page
# plus the Hong Kong characters (啱, 𨋢) that plain Big5 lacks.
CANDIDATES = ("utf-8", "gb18030", "big5hkscs")
# Scoring looks at the start of the page only: enough text to judge, bounded work on a 5 MB page.
SAMPLE_BYTES = 128 * 1024
# A declared encoding is kept unless another candidate reads clearly better (fewer errors, more Han).
MAX_ERROR_SHARE = 0.05  # beyond this share of bad bytes the body is not text in that encoding
ERROR_WEIGHT = 20.0
SCORE_MARGIN = 0.15
# What browsers assume for an undeclared page in a Western locale (w3lib reads latin-1 as cp1252 too).
WESTERN_DEFAULT = "cp1252"
# Magic numbers of files that are sometimes served as text/html by mistake.
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"%PDF", b"PK\x03\x04", b"Rar!",
                 b"7z\xbc\xaf", b"\xd0\xcf\x11\xe0")
_META_CHARSET = re.compile(rb"(<meta\b[^>]*?charset\s*=\s*[\"']?)([A-Za-z0-9_\-]+)", re.I)
_XML_ENCODING = re.compile(rb"(<\?xml\b[^>]*?encoding\s*=\s*[\"'])([A-Za-z0-9_\-]+)", re.I)


@cache
def _good_run() -> re.Pattern[str]:
    """Runs of two or more characters a Chinese page is written in: common Han and CJK punctuation.

    The common Han are GB2312 level 1 (Simplified) and Big5 level 1 (Traditional), ~7,000 characters.
    Mojibake (UTF-8 read as GBK, Big5 read as GBK, GBK read as cp1252) turns into rare characters, kana,
    symbols or accented Latin letters, and seldom into runs of common Han."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            chars.update(bytes((lead, trail)).decode("gb2312", errors="ignore"))
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            chars.update(bytes((lead, trail)).decode("big5", errors="ignore"))
    han = "".join(sorted(c for c in chars if ord(c) > 0x2E80))
    # general punctuation “”—…, CJK punctuation 。「」, full-width forms ，：（）
    return re.compile(f"[{han}\u2000-\u206f\u3000-\u303f\uff00-\uffef]{{2,}}")


def plausibility(text: str) -> float:
    """Share of the non-ASCII characters that stand in runs of common Han/CJK punctuation; 1.0 if none."""
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    if not non_ascii:
        return 1.0
    return sum(len(run) for run in _good_run().findall(text)) / non_ascii


@dataclass(frozen=True)
class Reading:
    """How well one encoding reads a body."""

    encoding: str
    error_share: float  # replacement characters per character
    score: float  # plausibility()

    @property
    def usable(self) -> bool:
        return self.error_share <= MAX_ERROR_SHARE

    @property
    def rank(self) -> float:
        # A stray bad byte happens on real pages; many mean the wrong encoding.
        return self.score - ERROR_WEIGHT * self.error_share


def read_as(body: bytes, encoding: str) -> Reading:
    try:
        text = body.decode(encoding, errors="replace")
    except LookupError:  # a declared charset Python does not know
        return Reading(encoding, 1.0, 0.0)
    # A page cut at SAMPLE_BYTES (or truncated in transit) may end inside a character: forgive the last one.
    errors = text[:-1].count("\ufffd")
    return Reading(encoding, errors / max(len(text), 1), plausibility(text))


def declared_encoding(response: TextResponse) -> str | None:
    """What the response claims: BOM, then the Content-Type header, then <meta>/<?xml?> (Scrapy's order)."""
    bom = read_bom(response.body)[0]
    if bom:
        return resolve_encoding(bom)
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
    return http_content_type_encoding(content_type) or html_body_declared_encoding(response.body)


def looks_binary(body: bytes) -> bool:
    """An image, archive or PDF, or anything with NUL bytes in its start: not a text page."""
    head = body[:1024]
    return head.startswith(_BINARY_MAGIC) or b"\x00" in head


def choose_encoding(body: bytes, declared: str | None) -> str | None:
    """The encoding to read `body` with, or None when the declared one (or Scrapy's guess) should stand."""
    sample = body[:SAMPLE_BYTES]
    if sample.isascii():
        return None  # every candidate reads ASCII the same
    # Valid UTF-8 with multi-byte characters is practically never an accident (GBK or Big5 text is not).
    if read_as(sample, "utf-8").error_share == 0:
        return None if declared in (None, "utf-8") else "utf-8"
    readings = {enc: read_as(sample, enc) for enc in dict.fromkeys([*([declared] if declared else []),
                                                                     *CANDIDATES, WESTERN_DEFAULT])}
    usable = [r for r in readings.values() if r.usable]
    if not usable:
        guess = from_bytes(sample).best()  # none of ours reads it: let charset-normalizer name one
        detected = read_as(sample, resolve_encoding(guess.encoding) or guess.encoding) if guess else None
        if detected is None or not detected.usable:
            return None  # not text in any encoding we know: leave it as it came
        usable = [detected]
    best = max(usable, key=lambda r: r.rank)
    if declared is not None:
        mine = readings[declared]
        if mine.usable and mine.rank >= best.rank - SCORE_MARGIN:
            return None
    return None if best.encoding == declared else best.encoding


def relabel(body: bytes, encoding: str) -> bytes:
    """The body as UTF-8, its <meta charset>/<?xml encoding?> saying so (lxml reads them on raw bytes)."""
    text = body.decode(encoding, errors="replace").lstrip("\ufeff")
    data = text.encode("utf-8")
    head, rest = data[:4096], data[4096:]
    head = _META_CHARSET.sub(rb"\1utf-8", head)
    head = _XML_ENCODING.sub(rb"\1utf-8", head)
    return head + rest


class CharsetRepairMiddleware:
    """Checks each text response's declared charset against the bytes; re-labels it as UTF-8 when wrong.

    Counts `gbawatch/charset_repaired` (and `…/<encoding found>`); a binary body served as text is refused
    (NotText, counted as `gbawatch/error/not_text`): the spider's errback counts it for its source as
    `error/not_text`, like any other failure.
    """

    def __init__(self, crawler: Crawler | None = None) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CharsetRepairMiddleware:
        return cls(crawler)

    def _count(self, key: str) -> None:
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"gbawatch/{key}")

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        if not isinstance(response, TextResponse) or not response.body:
            return response
        if 200 <= response.status < 300 and looks_binary(response.body):
            self._count("error/not_text")  # the spider's errback counts it for the source
            raise NotText(f"binary body served as {response.headers.get(b'Content-Type', b'?')!r}: {response.url}")
        declared = declared_encoding(response)
        found = choose_encoding(response.body, declared)
        if found is None:
            return response
        self._count("charset_repaired")
        self._count(f"charset_repaired/{found}")
        logger.info("charset of %s: declared %s, read as %s", response.url, declared or "nothing", found)
        headers = response.headers.copy()
        headers[b"Content-Type"] = f"{_mime(response)}; charset=utf-8"
        return response.replace(body=relabel(response.body, found), headers=headers, encoding="utf-8")


def _mime(response: TextResponse) -> str:
    content_type = (response.headers.get(b"Content-Type") or b"text/html").decode("latin-1")
    return content_type.split(";", 1)[0].strip() or "text/html"

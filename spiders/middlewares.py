"""Downloader middleware: decode UTF-8, GB2312/GBK/GB18030 and Big5(-HKSCS) pages right whatever they declare."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from charset_normalizer import from_bytes
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom, resolve_encoding

logger = logging.getLogger(__name__)

# The encodings the sources use. GB18030 decodes every GB2312 and GBK page; Big5-HKSCS every Big5 page
# plus the Hong Kong characters (啱, 𨋢) that plain Big5 lacks.
CANDIDATES = ("utf-8", "gb18030", "big5hkscs")
# Scoring looks at the start of the page only: enough text to judge, bounded work on a 5 MB page.
SAMPLE_BYTES = 256 * 1024
# A declared encoding is kept unless a candidate decodes with fewer errors or reads clearly better.
MAX_ERROR_SHARE = 0.002
SCORE_MARGIN = 0.15
# Magic numbers of files that are sometimes served as text/html by mistake.
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"%PDF", b"PK\x03\x04", b"Rar!",
                 b"7z\xbc\xaf", b"\xd0\xcf\x11\xe0")
_META_CHARSET = re.compile(rb"(<meta\b[^>]*?charset\s*=\s*[\"']?)([A-Za-z0-9_\-]+)", re.I)
_XML_ENCODING = re.compile(rb"(<\?xml\b[^>]*?encoding\s*=\s*[\"'])([A-Za-z0-9_\-]+)", re.I)


@cache
def _common_cjk() -> frozenset[str]:
    """The ~7,000 most used Han characters: GB2312 level 1 (Simplified) and Big5 level 1 (Traditional).

    Mojibake (UTF-8 read as GBK, Big5 read as GBK …) turns into rare level-2/extension characters, kana and
    symbols, so the share of common characters tells a right decoding from a wrong one."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            chars.update(bytes((lead, trail)).decode("gb2312", errors="ignore"))
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            chars.update(bytes((lead, trail)).decode("big5", errors="ignore"))
    return frozenset(chars)


def _is_fine_symbol(char: str) -> bool:
    code = ord(char)
    return (0x2000 <= code <= 0x206F  # general punctuation: “” — …
            or 0x3000 <= code <= 0x303F  # CJK punctuation: 。、「」
            or 0xFF00 <= code <= 0xFFEF  # full-width forms: ，：（）
            or 0x00A0 <= code <= 0x00FF and char.isprintable())  # nbsp, ©, é in English pages


def plausibility(text: str) -> float:
    """Share of non-ASCII characters that a real page would use (common Han, CJK punctuation); 1.0 if none."""
    common = _common_cjk()
    total = good = 0
    for char in text:
        if char < "\x80":
            continue
        total += 1
        if char in common or _is_fine_symbol(char):
            good += 1
    return good / total if total else 1.0


@dataclass(frozen=True)
class Reading:
    """How well one encoding reads a body."""

    encoding: str
    error_share: float  # replacement characters per character
    score: float  # plausibility()

    @property
    def clean(self) -> bool:
        return self.error_share <= MAX_ERROR_SHARE


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
    readings = {enc: read_as(sample, enc) for enc in dict.fromkeys([*([declared] if declared else []),
                                                                     *CANDIDATES])}
    best = max(readings.values(), key=lambda r: (r.clean, r.score, -r.error_share))
    if not best.clean:
        guess = from_bytes(sample).best()  # none of ours reads it: let charset-normalizer name it
        if guess is not None:
            detected = read_as(sample, resolve_encoding(guess.encoding) or guess.encoding)
            if detected.error_share < best.error_share:
                best = detected
    if declared is not None:
        mine = readings[declared]
        if mine.clean and mine.score >= best.score - SCORE_MARGIN:
            return None
        if not best.clean and best.error_share >= mine.error_share:
            return None  # nothing reads it better than the declaration: not ours to change
    return best.encoding


def relabel(body: bytes, encoding: str) -> bytes:
    """The body as UTF-8, with its <meta charset>/<?xml encoding?> saying so (lxml on raw bytes reads them)."""
    text = body.decode(encoding, errors="replace").lstrip("\ufeff")
    data = text.encode("utf-8")
    head, rest = data[:4096], data[4096:]
    head = _META_CHARSET.sub(rb"\1utf-8", head)
    head = _XML_ENCODING.sub(rb"\1utf-8", head)
    return head + rest


class CharsetRepairMiddleware:
    """Checks each text response's declared charset against the bytes; re-labels it as UTF-8 when wrong.

    Counts `gbawatch/charset_repaired` (and `…/<encoding found>`); binary bodies served as text are
    ignored with `gbawatch/error/not_text` so a spider's errback sees a clear reason.
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
        source = getattr(spider or getattr(self.crawler, "spider", None), "source", None)
        if looks_binary(response.body):
            self._count("error/not_text")
            if source:
                self._count(f"{source}/error/not_text")
            raise IgnoreRequest(f"binary body served as {response.headers.get(b'Content-Type', b'?')!r}: "
                                f"{response.url}")
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

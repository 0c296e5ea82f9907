"""Generic main-text extraction (trafilatura) plus page metadata, for pages no site selectors know."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import trafilatura
from lxml import etree
from parsel import Selector

from spiders.dates import parse_date, parse_timestamp
from spiders.htmltext import clean_line
from spiders.select import first_text
from spiders.selectors import PAGE_METADATA


@dataclass
class FallbackResult:
    """What the generic extractor found; `reason` says why the body is empty."""

    title: str | None
    text: str
    published_at: datetime | None
    author: str | None
    reason: str | None = None  # None when a body was found
    section: str | None = None


# A visible date label on the page: 發佈日期：2025年3月5日, 发布时间: 2024-05-10 09:30, Date: 5 March 2025.
_DATE_LABEL = re.compile(
    r"(?:發佈日期|發布日期|发布日期|發佈時間|发布时间|日期|時間|时间|Date|Published)\s*[:：]\s*(.{6,40})",
    re.I,
)
_AUTHOR_PREFIX = re.compile(r"^(?:By\s+|(?:Author|作者|撰文|文|記者|记者|撰稿)\s*[:：]\s*)", re.I)
# A press release's closing contact block: 傳媒查詢：… 電話：…, Media enquiries: … . It sits inside the
# <article> (so trafilatura keeps it) but after the body; it is not article text.
_CONTACT_LINE = re.compile(
    r"^(?:傳媒查詢|傳媒垂詢|傳媒聯絡|媒體查詢|媒體聯絡|新聞聯絡|传媒查询|传媒联络|媒体查询|媒体联络|新闻联络|"
    r"(?:For\s+)?(?:Media|Press)\s+(?:enquiries|inquiries|contacts?)\b)\s*[:：]?",
    re.I,
)
_CONTACT_TAIL = 4  # the block is looked for among the last few lines only
_CONTACT_DETAIL_CHARS = 40  # what may follow the label: short lines (a name, a phone, an e-mail address)
# '標題 | 網站', '标题 - 网站', '标题_网站': the site name trails the <title>.
_TITLE_SUFFIX = re.compile(r"\s*(?:[|｜_–—]|\s-\s)\s*[^|｜_–—]{1,40}$")


def extract_article(html: str, url: str) -> FallbackResult:
    """Main text by trafilatura; title, date, author and section from the page's own metadata first."""
    try:
        # No `with_metadata`: trafilatura's metadata (htmldate's date search above all) is only a last
        # resort here, computed by _TrafilaturaMetadata when the page's own metadata lacks a field.
        document = trafilatura.bare_extraction(
            html, url=url, include_comments=False, include_tables=True, favor_precision=True,
        )
    except (ValueError, etree.LxmlError) as exc:  # markup lxml cannot take at all: say so, no traceback
        return FallbackResult(None, "", None, None, reason=f"unparseable page: {exc}")
    found = _TrafilaturaMetadata(html, url, document is not None)
    page = _selector(html)
    title = _title(page, found.title)
    published_at = _published_at(page, found.date)
    data: dict[str, Any] = {}
    if document is not None:
        data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    raw_text = data.get("text") or ""
    lines = [line for line in (clean_line(x) for x in raw_text.splitlines()) if line]
    text = "\n".join(_drop_contact_lines(_drop_header_lines(lines, title)))
    return FallbackResult(
        title=title,
        text=text,
        published_at=published_at,
        author=_author(page, found.author),
        reason=None if text else ("no main text found" if document is None else "empty main text"),
        section=_first(page, PAGE_METADATA.section) or _json_ld(page, "articleSection"),
    )


class _TrafilaturaMetadata:
    """trafilatura's own title, author and date of a page, worked out only when asked for.

    The page's metadata usually has all three, and trafilatura's metadata costs a second parse plus, for
    the date, htmldate's extensive search (whose first dateparser call alone takes seconds). Same values
    as `bare_extraction(with_metadata=True)`; none when trafilatura found no main text (as there).
    """

    def __init__(self, html: str, url: str, wanted: bool) -> None:
        self._html, self._url, self._wanted = html, url, wanted
        self._found: dict[bool, Any] = {}  # extensive date search? -> trafilatura Document or None

    def _document(self, *, with_date: bool) -> Any:
        if not self._wanted:
            return None
        for extensive in ((True,) if with_date else (True, False)):
            if extensive in self._found:
                return self._found[extensive]
        extensive = with_date  # title and author do not depend on the date search: skip its costly part
        try:
            self._found[extensive] = trafilatura.extract_metadata(
                self._html, default_url=self._url, extensive=extensive)
        except (TypeError, ValueError):  # what bare_extraction catches around it
            self._found[extensive] = None
        return self._found[extensive]

    def title(self) -> str | None:
        document = self._document(with_date=False)
        return document.title if document is not None else None

    def author(self) -> str | None:
        document = self._document(with_date=False)
        return document.author if document is not None else None

    def date(self) -> str | None:
        document = self._document(with_date=True)
        return document.date if document is not None else None


def _selector(html: str) -> Selector | None:
    try:
        return Selector(text=html or "<html></html>", type="html")  # never sniffed as JSON
    except (ValueError, etree.LxmlError):
        return None


def _first(page: Selector | None, queries: tuple[str, ...]) -> str | None:
    return first_text(page, queries) if page is not None else None


def _json_ld(page: Selector | None, key: str) -> Any:
    """`key` of the first JSON-LD object (news CMSs write NewsArticle there) that has it."""
    if page is None:
        return None
    for raw in page.css('script[type="application/ld+json"]::text').getall():
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            continue
        for node in data if isinstance(data, list) else data.get("@graph", [data]):
            if isinstance(node, dict) and node.get(key):
                return node[key]
    return None


def _title(page: Selector | None, found: Callable[[], str | None]) -> str | None:
    title = _first(page, PAGE_METADATA.title)
    if title:
        return title
    head = _first(page, ("title::text",))
    if head:
        return _TITLE_SUFFIX.sub("", head) or head
    fallback = found()
    return clean_line(fallback) if fallback else None


def _published_at(page: Selector | None, found: Callable[[], str | None]) -> datetime | None:
    when = parse_timestamp(_first(page, PAGE_METADATA.published)) or parse_timestamp(_json_ld(page, "datePublished"))
    if when is None and page is not None:
        body_text = " ".join(page.xpath("//body//text()[not(ancestor::script or ancestor::style)]").getall())
        for label in _DATE_LABEL.finditer(clean_line(body_text)):
            when = parse_date(label.group(1))
            if when is not None:
                break
    return when or parse_date(found())


def _author(page: Selector | None, found: Callable[[], str | None]) -> str | None:
    name = _first(page, PAGE_METADATA.author)
    if name is None:
        person = _json_ld(page, "author")
        if isinstance(person, list):
            person = person[0] if person else None
        name = person.get("name") if isinstance(person, dict) else person
    name = clean_line(str(name or found() or ""))
    name = _AUTHOR_PREFIX.sub("", name).strip()
    if not name or name.startswith(("http://", "https://")) or len(name) > 60:
        return None  # a profile URL or a whole sentence is not a name
    return name


def _drop_header_lines(lines: list[str], title: str | None) -> list[str]:
    """trafilatura keeps the headline and a date/byline line at the top of the text: they are not body."""
    start = 0
    while start < len(lines) and start < 3:
        line = lines[start]
        if (title and line == title) or (len(line) <= 40 and (_DATE_LABEL.match(line)
                                                                or _AUTHOR_PREFIX.match(line))):
            start += 1
            continue
        break
    return lines[start:]


def _drop_contact_lines(lines: list[str]) -> list[str]:
    """A media-contact block closing a press release (a label, then only short detail lines) is not body."""
    for index in range(max(len(lines) - _CONTACT_TAIL, 1), len(lines)):
        if _CONTACT_LINE.match(lines[index]) and all(
                len(line) <= _CONTACT_DETAIL_CHARS for line in lines[index + 1:]):
            return lines[:index]
    return lines

"""Base spider for the TRS-style CMS of Shenzhen and Guangdong government sites: lists, articles, gkmlpt."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from parsel import Selector
from scrapy.http import Response, TextResponse

from spiders import gov_cn_gkmlpt as gkmlpt
from spiders.dates import first_date, parse_epoch_or_text
from spiders.htmltext import clean_line, html_to_text
from spiders.items import ArticleItem, Attachment, FieldOrigin
from spiders.listing import ListSpider
from spiders.merge import Layer, layer
from spiders.select import first_html, first_text
from spiders.selectors import GOV_CN_SZ, SiteSelectors

# post_ is the article itself; mpost_ is the same CMS article filed again under another column.
ARTICLE_PATH = re.compile(r"/(?:content/(?:m?post_\d+)\.html|gkmlpt/content/.+\.html)$")
# Classic TRS: createPageHTML(3, 0, "index", "html");
# newer: createPageHTML('page_div', 3, 1, 'index', 'html', 40). Only the page count (first number) is used.
_PAGE_SCRIPT = re.compile(r"createPageHTML\(\s*(?:['\"][^'\"]*['\"]\s*,\s*)?['\"]?(\d+)")
_FILE_LINK = re.compile(r"\.(?:pdf|docx?|xlsx?|wps|ofd|zip|rar|7z|txt|csv|pptx?)$", re.I)
_DATE_LINE = re.compile(r"^(?:信息提供日期|发布日期|发布时间|时间)\s*[:：]")
_SOURCE_LINE = re.compile(r"^\s*(?:信息)?来源\s*[:：]\s*(.+?)\s*$")
_GKMLPT_SECTION = "gkmlpt:"


class GovCmsSpider(ListSpider):
    """Shared by szgov, htcz, gdgov, gdstc; subclasses set the site and the selector order."""

    language = "zh-Hans"
    # Where the template keeps each field (spiders/selectors.py); gd.gov.cn's subclasses name their own.
    selectors: ClassVar[SiteSelectors] = GOV_CN_SZ
    first_list_page = 0  # index.html, then index_1.html …
    login_path_words = ("login", "cas", "sso", "passport")
    # Column names for sections whose pages lack a ColumnName meta tag.
    section_names: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, gkmlpt: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if gkmlpt:
            self.sections = [
                f"{_GKMLPT_SECTION}{cat.strip()}" for cat in str(gkmlpt).split(",") if cat.strip()
            ]

    # --- start ------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        for section in self.sections:
            if section.startswith(_GKMLPT_SECTION):
                cat = section[len(_GKMLPT_SECTION) :]
                self.paging_started(section)
                yield self.request(
                    f"{self.real_base}/gkmlpt/index",
                    self.parse_gkmlpt_index,
                    cb_kwargs={"cat": cat},
                    dont_filter=True,
                )
            else:
                yield self.first_list_request(section)

    # --- list pages ---------------------------------------------------------------------------
    def is_article(self, url: str) -> bool:
        parts, base = urlsplit(url), urlsplit(self.real_base)
        return parts.hostname == base.hostname and bool(ARTICLE_PATH.search(parts.path))

    def next_list_page(self, response: TextResponse, section: str, page: int) -> str | None:
        following = page + 1
        return f"{self.real_base}/{section}/index_{following}.html" if following < self.page_count(response) else None

    @staticmethod
    def page_count(response: TextResponse) -> int:
        """Pages in the list per its createPageHTML call; 1 when the script is missing."""
        match = _PAGE_SCRIPT.search(response.text)
        return int(match.group(1)) if match else 1

    # --- article pages ------------------------------------------------------------------------
    def parse_article(
        self, response: Response, section: str | None = None, listed_at: datetime | None = None
    ) -> Iterator[ArticleItem]:
        named = self.section_names.get(section or "")
        # A document page reached from a list keeps the list's section as its label, named or not.
        yield from self._article(response, layer(FieldOrigin.LIST, published_at=listed_at),
                                 html_section=named, document_section=named or section)

    def _article(self, response: Response, listing: Layer, html_section: str | None,
                 document_section: str | None) -> Iterator[ArticleItem]:
        page = self.readable(response)
        if page is None:
            return
        # A gkmlpt document page holds its text only in `_CONFIG.DETAIL` (rendered by script): read it
        # there, whether the page came from the catalogue or from a list or a saved file.
        detail = gkmlpt.find_detail(page.text) if "DETAIL" in page.text else None
        if detail is not None and detail.get("content"):
            yield self.item_from_detail(page, detail, None, listing,
                                        layer(FieldOrigin.DEFAULT, section=document_section))
            return
        yield self.article_from_html(page, listing, layer(FieldOrigin.DEFAULT, section=html_section))

    def article_from_html(self, response: TextResponse, *more: Layer) -> ArticleItem:
        """The page read with the site's table; then the `more` layers (listing, defaults), then the fallback."""
        item = self.new_item(response, url=self.page_url(response), title="", text="")
        title = first_text(response, self.selectors.title)
        body_html = first_html(response, self.selectors.body, self.selectors.body_drop)
        body = html_to_text(body_html) if body_html is not None else None
        published_at = first_date(first_text(response, self.selectors.published), self._date_line(response))
        item.missing_fields += [name for name, found in (("title", title), ("body", body_html),
                                                         ("published_at", published_at)) if found is None]
        page = layer(
            FieldOrigin.PAGE, title=title, text=body.text if body else None, captions=body.captions if body else None,
            published_at=published_at, issuer=self._source_of(response),
            section=first_text(response, self.selectors.section),
            keywords=_split_keywords(first_text(response, self.selectors.keywords)),
            attachments=self._attachments(response, body_html),
        )
        fallback = None
        if not title or not page.values["text"]:
            result = self.use_fallback(item, response)
            fallback = layer(FieldOrigin.FALLBACK, title=clean_line(result.title or ""), text=result.text,
                             published_at=result.published_at)
        return self.finish(item, page, *more, fallback)

    def _date_line(self, response: TextResponse) -> str | None:
        # '信息提供日期：2024-05-10' (sz), '时间 : 2024-05-10 09:30:00' (gd): the first such line
        # outside the body.
        for node in response.xpath(f"//body//*[not(self::script)][text()]{self._outside_body()}"):
            own = clean_line(" ".join(node.xpath("text()").getall()))
            if _DATE_LINE.search(own):
                return clean_line(node.xpath("string(.)").get() or "")[:80]
        return None

    def _outside_body(self) -> str:
        """XPath predicate keeping header lines only: a notice's body may start a line with '时间：'."""
        classes = [css.split(".", 1)[1] for css in self.selectors.body if "." in css]
        tests = " or ".join(f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in classes)
        return f"[not(ancestor-or-self::*[{tests}])]" if tests else ""

    def _source_of(self, response: TextResponse) -> str | None:
        found = first_text(response, self.selectors.issuer)
        if found is None:
            for text in response.xpath(f"//body//*[not(self::script)]{self._outside_body()}/text()").getall():
                match = _SOURCE_LINE.match(clean_line(text))
                if match:
                    found = match.group(1)
                    break
        if found is None:
            return None
        return re.sub(r"^(?:信息)?来源\s*[:：]\s*", "", found).strip() or None

    def _attachments(self, response: TextResponse, body_html: str | None) -> list[Attachment]:
        links = [a for css in self.selectors.attachments for a in response.css(css)]
        if body_html:
            links += [
                a
                for a in Selector(text=body_html).css("a[href]")
                if _FILE_LINK.search(urlsplit(a.attrib["href"]).path)
            ]
        found: dict[str, Attachment] = {}
        for link in links:
            href = link.attrib.get("href")
            if not href or href.startswith(("javascript:", "#")):
                continue
            url = self.join(response, href)
            name = clean_line(" ".join(link.css("::text").getall())) or link.attrib.get("title") or url
            found.setdefault(url, Attachment(name=name, url=url))
        return list(found.values())

    # --- gkmlpt policy-document catalogue ----------------------------------------------------
    def parse_gkmlpt_index(self, response: Response, cat: str) -> Iterator[scrapy.Request]:
        sid = gkmlpt.find_sid(response.text) if isinstance(response, TextResponse) else None
        if sid is None:
            self.count(f"{self.source}/error/gkmlpt_no_sid")
            return
        yield self._gkmlpt_page(cat, sid, 1)

    def _gkmlpt_page(self, cat: str, sid: str, page: int) -> scrapy.Request:
        return self.request(
            f"{self.real_base}/gkmlpt/api/all/{cat}?page={page}&sid={sid}",
            self.parse_gkmlpt_api,
            cb_kwargs={"cat": cat, "sid": sid, "page": page},
        )

    def parse_gkmlpt_api(self, response: Response, cat: str, sid: str, page: int) -> Iterator[scrapy.Request]:
        try:
            data = response.json() if isinstance(response, TextResponse) else None
        except ValueError:
            data = None
        entries, total = gkmlpt.parse_catalogue(data)
        if not entries:
            self.count(f"{self.source}/error/gkmlpt_empty")
            return
        entries = [replace(e, url=self.canonical(self.join(response, e.url))) for e in entries]
        fresh = [e for e in entries if not self.known_url(e.url) and not self.too_old(e.date)]
        for entry in fresh:
            self.count(f"{self.source}/listed")
            yield self.request(entry.url, self.parse_gkmlpt_doc, cb_kwargs={"entry": entry, "cat": cat})
        more = total is not None and page * len(entries) < total
        if not more or self.page_settled((e.url, e.date) for e in entries):
            self.paging_ended(f"{_GKMLPT_SECTION}{cat}")
        elif self.max_pages is None or page < self.max_pages:
            yield self._gkmlpt_page(cat, sid, page + 1)

    def parse_gkmlpt_doc(
        self, response: Response, entry: gkmlpt.CatalogueEntry, cat: str
    ) -> Iterator[ArticleItem]:
        section = layer(FieldOrigin.DEFAULT, section=f"{_GKMLPT_SECTION}{cat}")
        detail = gkmlpt.find_detail(response.text) if isinstance(response, TextResponse) else None
        if not isinstance(response, TextResponse) or detail is None or not detail.get("content"):
            self.count(f"{self.source}/gkmlpt_html_page")  # no embedded document: read the HTML template
            # The catalogue stands in for a list: its date, publisher and 文号 fill the page's gaps.
            catalogue = layer(FieldOrigin.FEED, published_at=entry.date, issuer=entry.publisher,
                              document_number=entry.document_number)
            named = self.section_names.get(section.values["section"])
            yield from self._article(response, catalogue, html_section=named or section.values["section"],
                                     document_section=None)
            return
        self.count(f"{self.source}/fetched")
        yield self.item_from_detail(response, detail, entry, section)

    def item_from_detail(self, response: TextResponse, detail: dict[str, Any],
                         entry: gkmlpt.CatalogueEntry | None, *more: Layer) -> ArticleItem:
        """A gkmlpt document from its embedded `_CONFIG.DETAIL`; the catalogue entry (if any) fills gaps, and
        then the `more` layers. Its 文号 comes from the catalogue whenever the document came through it."""
        body = html_to_text(str(detail["content"]))
        item = self.new_item(response, url=self.page_url(response), title="", text="")
        published_at = parse_epoch_or_text(detail.get("publish_time") or detail.get("date"))
        if published_at is None:
            item.missing_fields.append("published_at")
        attachments = [Attachment(name=name, url=self.join(response, href))
                       for name, href in gkmlpt.detail_attachments(detail)]
        attachments += [a for a in self._attachments(response, str(detail["content"]))
                        if a.url not in {b.url for b in attachments}]
        page = layer(
            FieldOrigin.PAGE, title=clean_line(str(detail.get("title") or "")), text=body.text,
            captions=body.captions, issuer=clean_line(str(detail.get("publisher") or "")),
            document_number=clean_line(str(detail.get("document_number") or "")) if entry is None else None,
            keywords=_split_keywords(str(detail.get("keywords") or "")), published_at=published_at,
            attachments=attachments,
        )
        catalogue = None if entry is None else layer(
            FieldOrigin.FEED, title=entry.title, issuer=entry.publisher, document_number=entry.document_number,
            published_at=entry.date)
        return self.finish(item, page, catalogue, *more)

def _split_keywords(value: str | None) -> list[str]:
    return [word for word in re.split(r"[,，;；、\s]+", value or "") if word]

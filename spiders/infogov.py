"""HKSAR press releases (info.gov.hk): EN/TC RSS feeds with full text, daily-index back-fill, pages."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from parsel import Selector
from scrapy.http import Response
from twisted.python.failure import Failure

from spiders.base import GbaSpider
from spiders.dates import parse_date
from spiders.feeds import FeedEntry
from spiders.govhk_release import (
    Release,
    date_from_id,
    is_release_href,
    looks_chinese,
    pair_twins,
    release_number,
    split_release_text,
)
from spiders.htmltext import clean_line, html_to_text
from spiders.items import ArticleItem, Attachment, FieldOrigin
from spiders.merge import Layer, layer, merge
from spiders.select import first_html, first_text, nodes
from spiders.selectors import INFOGOV, SiteSelectors

_CLOCK = re.compile(r"(?<!\d)([01]?\d|2[0-3])[:：]([0-5]\d)(?!\d)")



def parse_day_range(value: str) -> list[date]:
    """`2020-01-07:2020-01-09` (or one day) -> the days, newest first (back-fill walks backwards)."""
    start_text, _, end_text = value.partition(":")
    start, end = parse_date(start_text), parse_date(end_text or start_text)
    if start is None or end is None:
        raise ValueError(f"backfill wants YYYY-MM-DD:YYYY-MM-DD, got {value!r}")
    first, last = sorted((start.date(), end.date()))
    return [last - timedelta(days=n) for n in range((last - first).days + 1)]

_BACKFILL = "backfill"  # the paged walk over daily indexes

class InfoGovSpider(GbaSpider):
    name = "infogov"
    site_base = "https://www.info.gov.hk"
    selectors: ClassVar[SiteSelectors] = INFOGOV  # where the release template keeps each field
    local_currency = "HKD"  # a bare 元 in a Hong Kong government release is Hong Kong dollars
    # Chinese first: the English feed's callback then has both lists and can pair the twins.
    feeds: ClassVar[tuple[tuple[str, str], ...]] = (
        ("zh-Hant", "/gia/rss/general_zh.xml"),
        ("en", "/gia/rss/general_en.xml"),
    )

    def __init__(self, *args: Any, backfill: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.backfill_days = parse_day_range(backfill) if backfill else []
        self.index_gaps = False

    async def start(self) -> AsyncIterator[Any]:
        if self.backfill_days:
            self.paging_started(_BACKFILL)
            yield self._index_request(0, "en", [])
        else:
            yield self._feed_request(0, [])

    # --- feeds: full text inside, no page fetch -------------------------------------------------
    def _feed_request(self, index: int, pending: list[ArticleItem]) -> scrapy.Request:
        path = self.feeds[index][1]
        return self.request(self.real_base + path, self.parse_feed, errback=self.feed_failed,
                            dont_filter=True, cb_kwargs={"index": index, "pending": pending})

    def parse_feed(self, response: Response, index: int = 0,
                   pending: list[ArticleItem] | None = None) -> Iterator[Any]:
        items = list(pending or [])
        language = self.feeds[index][0]
        for entry in self.feed_entries(response):
            item = self.feed_item(response, entry, language)
            if item is not None:
                items.append(item)
        yield from self._next_feed(index, items)

    def feed_failed(self, failure: Failure) -> Iterator[Any]:
        """Counted like any failure; the next feed is still read and the items so far still paired."""
        self.record_failure(failure)
        kwargs = failure.request.cb_kwargs  # type: ignore[attr-defined]
        yield from self._next_feed(kwargs["index"], kwargs["pending"])

    def _next_feed(self, index: int, items: list[ArticleItem]) -> Iterator[Any]:
        if index + 1 < len(self.feeds):
            yield self._feed_request(index + 1, items)
            return
        listed = [Release(i.url, i.language or "", i.published_at) for i in items]
        twins = pair_twins([r for r in listed if r.language == "en"],
                           [r for r in listed if r.language == "zh-Hant"])
        for item in items:
            yield merge(item, layer(FieldOrigin.FEED, twin_url=twins.get(item.url)))

    def feed_item(self, response: Response, entry: FeedEntry, language: str) -> ArticleItem | None:
        url = self.join(response, entry.link)
        self.count(f"{self.source}/listed")
        pub_date = parse_date(entry.published)
        if self.known_url(url) or self.too_old(pub_date):
            self.count(f"{self.source}/skipped_known_or_old")
            return None
        title = entry.title
        item = self.new_item(response, url=url, title="", text="")
        item.language = language  # one spider, two languages: the class-wide default doesn't fit
        if not title:
            item.missing_fields.append("title")
        # The feed carries the release's whole text: the release itself, as its page would give it.
        release, _ = self.release_layer(entry.content)
        return self.finish(item, release, layer(FieldOrigin.FEED, title=title, published_at=pub_date))

    # --- back-fill: daily index pages (EN then TC), then article pages --------------------------
    def _index_request(self, day: int, language: str, english: list[Release]) -> scrapy.Request:
        when = self.backfill_days[day]
        suffix = "" if language == "en" else "c"
        url = f"{self.real_base}/gia/general/{when:%Y%m}/{when:%d}{suffix}.htm"
        return self.request(url, self.parse_index, errback=self.index_failed, dont_filter=True,
                            cb_kwargs={"day": day, "language": language, "english": english})

    def parse_index(self, response: Response, day: int = 0, language: str = "en",
                    english: list[Release] | None = None) -> Iterator[Any]:
        releases = self.index_releases(response, language)
        if not releases:
            self.count(f"{self.source}/error/index_empty")
        yield from self._after_index(day, language, list(english or []), releases)

    def index_failed(self, failure: Failure) -> Iterator[Any]:
        """Counted like any failure; the back-fill goes on with the other language and the next day."""
        self.record_failure(failure)
        self.index_gaps = True  # a day never listed: the walk goes on, but the crawl is not complete
        kwargs = failure.request.cb_kwargs  # type: ignore[attr-defined]
        yield from self._after_index(kwargs["day"], kwargs["language"], kwargs["english"], [])

    def index_releases(self, response: Response, language: str) -> list[Release]:
        """Release links of a daily index, each with the issue time printed on its row, if any."""
        found: dict[str, Release] = {}
        for link in response.xpath("//a[@href]"):
            href = link.attrib["href"]
            if not is_release_href(href):
                continue
            url = self.join(response, href)
            if url in found or release_number(url) is None:
                continue
            title = clean_line(" ".join(link.xpath(".//text()").getall()))
            row = " ".join(link.xpath("ancestor::*[self::tr or self::li][1]//text()").getall())
            clock = _CLOCK.search(row.replace(title, " "))
            day = date_from_id(url)
            issued = (day.replace(hour=int(clock[1]), minute=int(clock[2]))
                      if day is not None and clock else None)
            found[url] = Release(url, language, issued, title)
        return list(found.values())

    def _after_index(self, day: int, language: str, english: list[Release],
                     releases: list[Release]) -> Iterator[Any]:
        if language == "en":
            yield self._index_request(day, "zh-Hant", releases)
            return
        twins = pair_twins(english, releases)
        listed = [*english, *releases]
        newest: list[tuple[str, datetime | None]] = []
        for release in listed:
            self.count(f"{self.source}/listed")
            day_end = date_from_id(release.url)
            newest_possible = release.issued or (day_end + timedelta(days=1) if day_end else None)
            newest.append((release.url, newest_possible))
            if self.known_url(release.url) or self.too_old(newest_possible):
                self.count(f"{self.source}/skipped_known_or_old")
                continue
            yield self.request(release.url, self.parse_article,
                               cb_kwargs={"language": release.language, "twin": twins.get(release.url),
                                          "listed_at": release.issued})
        # Older days only hold older releases: stop at a listed day crawled before, or too old.
        if listed and self.page_settled(newest):
            self.count(f"{self.source}/stopped_at_known")
            self._end_backfill()
            return
        following = day + 1
        if following >= len(self.backfill_days):
            self._end_backfill()
        elif self.max_pages is None or following < self.max_pages:
            yield self._index_request(following, "en", [])

    def _end_backfill(self) -> None:
        if not self.index_gaps:
            self.paging_ended(_BACKFILL)

    # --- article pages --------------------------------------------------------------------------
    def parse_article(self, response: Response, language: str | None = None, twin: str | None = None,
                      listed_at: datetime | None = None) -> Iterator[ArticleItem]:
        self.count(f"{self.source}/fetched")
        url = self.page_url(response)
        redirects = response.meta.get("redirect_urls") or []
        if redirects and release_number(url) is None:
            # Sent to a login, error or home page: nothing of the release is on it.
            self.count(f"{self.source}/error/redirected")
            return
        title = first_text(response, self.selectors.title)
        body_html = first_html(response, self.selectors.body)
        item = self.new_item(response, url=url, title="", text="")
        item.language = language or ("zh-Hant" if looks_chinese(title or "") else "en")
        page, fallback = layer(FieldOrigin.PAGE, title=title, twin_url=self.page_twin(response, url)), None
        if body_html and title:
            release, footer_found = self.release_layer(body_html)
            page = Layer(FieldOrigin.PAGE, {**page.values, **release.values})
            if not footer_found:
                item.missing_fields.append("footer")  # a truncated page, or the template moved the footer
        else:  # without its headline or body the page is not the template we know: the fallback reads it
            item.missing_fields.extend(name for name, found in (("title", title), ("body", body_html)) if not found)
            result = self.use_fallback(item, response)
            split = split_release_text(result.text)
            fallback = layer(FieldOrigin.FALLBACK, title=result.title, text=split.text, issuer=split.issuer,
                             published_at=split.issued)
        yield self.finish(item, page, fallback, layer(FieldOrigin.LIST, published_at=listed_at, twin_url=twin),
                          # the day only, from the release id: better than none
                          layer(FieldOrigin.URL, published_at=date_from_id(url)))

    def release_layer(self, html: str) -> tuple[Layer, bool]:
        """Body HTML (page span or feed CDATA) -> text, issuer, issue time from the footer, photos; and whether
        the footer was found (feeds never carry one; article pages always should)."""
        photos = [href for query in self.selectors.attachments for href in nodes(Selector(text=html), query).getall()]
        body = html_to_text(html)
        split = split_release_text(body.text)
        return layer(FieldOrigin.PAGE, text=split.text, issuer=split.issuer, captions=body.captions,
                     published_at=split.issued,
                     attachments=[Attachment(urlsplit(href).path.rsplit("/", 1)[-1], href) for href in photos],
                     ), split.footer_found

    def page_twin(self, response: Response, url: str) -> str | None:
        """The other language's version, from the page header's language switch."""
        for href in (href for query in self.selectors.twin for href in nodes(response, query).getall()):
            twin = self.join(response, href)
            if (urlsplit(twin).netloc == urlsplit(self.real_base).netloc and twin != url
                    and release_number(twin) is not None):
                return twin
        return None


"""Ta Kung Pao (大公報 / 大公網): section lists with pagination, then articles, on both script hosts."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from spiders.dates import date_from_path, first_date, parse_timestamp
from spiders.htmltext import clean_line, html_to_text
from spiders.items import ArticleItem, FieldOrigin
from spiders.listing import ListSpider
from spiders.merge import Layer, layer
from spiders.select import first_html, first_nodes, first_raw, first_text
from spiders.selectors import TAKUNGPAO, SiteSelectors

HK_BASE = "https://www.takungpao.com.hk"
CN_BASE = "https://www.takungpao.com"
# /{channel}/{catId}/{YYYY}/{MMDD}/{id}.html: the scheme both hosts share since about 2019.
ARTICLE_PATH = re.compile(r"^/[a-z]+/(?P<cat>\d{6})/(?:19|20)\d\d/\d{4}/\d+\.html$")
# Section ids (from other crawlers) -> (Traditional, Simplified) names, for pages without a breadcrumb.
SECTION_NAMES: dict[str, tuple[str, str]] = {
    "232108": ("內地", "内地"),
    "232109": ("港聞", "港闻"),
    "232110": ("兩岸", "两岸"),
    "232111": ("國際", "国际"),
    "232113": ("大公訪談", "大公访谈"),
    "233119": ("大公評論", "大公评论"),
    "236132": ("中國經濟", "中国经济"),
    "236134": ("經濟觀察家", "经济观察家"),
}
_CJK_NAME = re.compile(r"^[\u3400-\u9fff·]{2,6}$")
# Print-edition reporter lines, at the start or the end of the body: 大公報記者 胡永愛報道,
# \大公报记者 盛德文, 大公報記者胡永愛整理, 大公報深圳記者 X報道. A full-line match only, so prose is safe.
_REPORTER_LINE = re.compile(
    r"^(?:[\\＼/／]|文\s*[／/:：])?\s*大公[報报][\u3400-\u9fff]{0,2}[記记]者\s*(?P<names>[\u3400-\u9fff·、，,\s]{2,40}?)\s*"
    r"(?:綜合報道|综合报道|報道|报道|整理|採訪|采访|撰文)?\s*$"
)
# The same credit opening the first paragraph: 【大公報訊】記者 黃釗深圳報道：…
_REPORTER_PREFIX = re.compile(
    r"^【大公[報报](?:訊|讯)】\s*[記记]者\s*(?P<names>[\u3400-\u9fff·、\s]{2,30}?)\s*(?:報道|报道)\s*[：:]\s*"
)
_AUTHOR_LINE = re.compile(r"^作者\s*[:：]\s*(?P<names>[^\s:：]{2,30}(?:[\s、][^\s:：]{2,10}){0,3})\s*$")
_AUTHOR_IN_BYLINE = re.compile(r"作者\s*[:：]\s*(?P<names>[^\s:：來来時时]+)")
_EDITOR_LINE = re.compile(r"^[\[［(（【]?\s*(?:責任編輯|责任编辑|責編|责编)\s*[:：].{0,20}?[\]］)）】]?$")
_NAME_SPLIT = re.compile(r"[\s、，,及和]+")
# A dateline place often sits between the reporter's name and 報道: 胡永愛深圳報道.
_PLACE_SUFFIX = re.compile(
    r"(?:深圳|香港|廣州|广州|北京|上海|東莞|东莞|珠海|澳門|澳门|佛山|惠州|中山|江門|江门|肇慶|肇庆|"
    r"南沙|前海|橫琴|横琴|河套|杭州|武漢|武汉|合肥|台北)$"
)
_CAPTION_MARK = ("▲", "△", "◀", "►")  # Ta Kung Pao photo captions open with a triangle


class TakungpaoSpider(ListSpider):
    """Shared by the two hosts; subclasses set `site_base`, `language` and the script of section names."""

    default_sections = ("news/232109", "news/232108")
    traditional: ClassVar[bool] = True
    selectors: ClassVar[SiteSelectors] = TAKUNGPAO  # where the template keeps each field
    login_path_words = ("login", "passport", "member", "sso")

    # --- start ------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        for section in self.sections:
            yield self.first_list_request(section)

    def is_article(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.hostname == urlsplit(self.real_base).hostname and bool(ARTICLE_PATH.match(parts.path))

    def next_list_page(self, response: TextResponse, section: str, page: int) -> str | None:
        """The 下一页 link of `div.tkp_page`; on the last page it is missing or points back at the page."""
        here = self.page_url(response)
        href = first_raw(response, self.selectors.list_next)
        if not href:
            return None
        url = self.canonical(self.join(response, href))
        same_host = urlsplit(url).hostname == urlsplit(self.real_base).hostname
        return url if same_host and url != here else None

    # --- article pages ------------------------------------------------------------------------
    def parse_article(self, response: Response, section: str | None = None,
                      listed_at: datetime | None = None) -> Iterator[ArticleItem]:
        page = self.readable(response)
        if page is not None:
            yield self.article_from_html(page, section, listed_at)

    def article_from_html(self, response: TextResponse, section: str | None,
                          listed_at: datetime | None) -> ArticleItem:
        """The page read with the site's table; the URL's day, the list's date and the section's known name
        next; the generic extractor last, for what the page lacked."""
        url = self.page_url(response)
        item = self.new_item(response, url=url, title="", text="")
        page, item.missing_fields = self.page_layer(response, url)
        fallback = None
        if not page.values["title"] or not page.values["text"]:
            fallback = self.fallback_layer(item, response, with_body=not page.values["text"])
        return self.finish(
            item, page,
            layer(FieldOrigin.URL, published_at=date_from_path(urlsplit(url).path)),
            layer(FieldOrigin.LIST, published_at=listed_at),
            layer(FieldOrigin.DEFAULT, section=self._known_section(url, section)),
            fallback,
        )

    def page_layer(self, response: TextResponse, url: str) -> tuple[Layer, list[str]]:
        """What the page says, by the site's table, and the parts of the template it lacked."""
        title = first_text(response, self.selectors.title)
        byline = first_text(response, self.selectors.byline)
        # Byline first (to the second), then a publish-time meta tag (a redesign may keep one).
        published_at = first_date(byline) or parse_timestamp(first_raw(response, self.selectors.published))
        authors = _names(m.group("names")) if (m := _AUTHOR_IN_BYLINE.search(byline or "")) else []
        body_html = first_html(response, self.selectors.body, self.selectors.body_drop)
        text, captions = None, None
        if body_html is not None:
            body = html_to_text(body_html)
            lines, credit_captions, credited = _split_credits(body.text.split("\n"))
            text, captions = "\n".join(lines), [*body.captions, *credit_captions]
            authors += [name for name in credited if name not in authors]
        keywords = first_raw(response, self.selectors.keywords) or ""
        missing = [name for name, found in (("title", title), ("byline", byline), ("published_at", published_at),
                                            ("body", body_html)) if found is None]
        return layer(
            FieldOrigin.PAGE, title=title, published_at=published_at, text=text, captions=captions,
            author="、".join(authors) or None, section=self._breadcrumb_section(response),
            keywords=[w for w in re.split(r"[,，;；、\s]+", keywords) if w], twin_url=self.twin_of(url),
        ), missing

    def fallback_layer(self, item: ArticleItem, response: TextResponse, *, with_body: bool) -> Layer:
        """The generic extractor's title and date; its body (with the credits in it) only for a page that had
        no text of its own, so the author always goes with the text it credits."""
        result = self.use_fallback(item, response)
        values: dict[str, Any] = {"title": clean_line(result.title or ""), "published_at": result.published_at}
        if with_body:
            lines, captions, credited = _split_credits(result.text.split("\n"))
            values.update(text="\n".join(lines), captions=captions, author="、".join(credited) or result.author)
        return Layer(FieldOrigin.FALLBACK, values)

    def twin_of(self, url: str) -> str | None:
        """The same story on the other script's host: both hosts serve it under the same path."""
        parts = urlsplit(url)
        if not ARTICLE_PATH.match(parts.path):
            return None
        other = CN_BASE if parts.hostname == urlsplit(HK_BASE).hostname else HK_BASE
        return f"{urlsplit(other).scheme}://{urlsplit(other).netloc}{parts.path}"

    def _breadcrumb_section(self, response: TextResponse) -> str | None:
        """The deepest breadcrumb link to a section (/NNNNNN/) that has a name."""
        for link in reversed(first_nodes(response, self.selectors.breadcrumb)):
            if re.search(r"/\d{6}/", link.attrib.get("href", "")):
                name = clean_line(" ".join(link.css("::text").getall()))
                if name:
                    return name
        return None

    def _known_section(self, url: str, section: str | None) -> str | None:
        """The section's name in this host's script, by the id in the URL or in the listed section."""
        match = ARTICLE_PATH.match(urlsplit(url).path) or re.search(r"(?P<cat>\d{6})", section or "")
        names = SECTION_NAMES.get(match.group("cat")) if match else None
        return (names[0] if self.traditional else names[1]) if names else None

def _names(raw: str) -> list[str]:
    """'胡永愛、李雪兒深圳' -> ['胡永愛', '李雪兒']; [] when a part does not look like a name."""
    parts = [_PLACE_SUFFIX.sub("", part) for part in _NAME_SPLIT.split(raw.strip()) if part]
    names = [part for part in parts if part]  # '胡永愛 北京報道': the place was a part of its own
    return names if names and all(_CJK_NAME.match(n) for n in names) else []


def _split_credits(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Body lines -> (text lines, caption lines, reporter names): credits and editor lines leave the text."""
    kept: list[str] = []
    captions: list[str] = []
    authors: list[str] = []
    for index, line in enumerate(lines):
        match = _REPORTER_LINE.match(line) or _AUTHOR_LINE.match(line)
        if match and (names := _names(match["names"])):
            authors += [n for n in names if n not in authors]
            continue
        if _EDITOR_LINE.match(line):
            continue  # 責任編輯 is the desk editor, not the author
        if line.startswith(_CAPTION_MARK) and len(line) <= 120:
            captions.append(line)
            continue
        if index == 0 and (match := _REPORTER_PREFIX.match(line)) and (names := _names(match["names"])):
            authors += [n for n in names if n not in authors]
            line = line[match.end():]
        if line:
            kept.append(line)
    return kept, captions, authors


class TakungpaoHkSpider(TakungpaoSpider):
    """大公網 in Traditional Chinese."""

    name = "takungpao_hk"
    site_base = HK_BASE
    language = "zh-Hant"
    traditional = True


class TakungpaoCnSpider(TakungpaoSpider):
    """大公网 in Simplified Chinese."""

    name = "takungpao_cn"
    site_base = CN_BASE
    language = "zh-Hans"
    traditional = False

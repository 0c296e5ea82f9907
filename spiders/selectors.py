"""Where each site keeps each field: one table per site template, data only (read with spiders.select).

Each field lists queries in order of trust; the first that finds something wins, so a redesign is met by adding
its selector to the front and keeping the old one behind it. Changing a site means editing its table here and
reading the gold-page diff (`pytest tests/spiders -k gold`, `benchmarks/extraction_compare.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class SiteSelectors:
    """The selectors of one site template; a field a site does not have stays empty."""

    title: tuple[str, ...] = ()
    body: tuple[str, ...] = ()  # the article body element: its first match is the text
    body_drop: tuple[str, ...] = ()  # blocks inside the body that are not article text
    captions: str = ""  # caption blocks inside the body (CSS for html_to_text)
    byline: tuple[str, ...] = ()  # the line with author and time
    published: tuple[str, ...] = ()  # publication time (meta tags, a date element)
    author: tuple[str, ...] = ()
    issuer: tuple[str, ...] = ()  # the issuing body of a government release
    section: tuple[str, ...] = ()  # a column-name meta tag
    breadcrumb: tuple[str, ...] = ()  # the links of the breadcrumb trail
    keywords: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()  # links to attached files or photos
    twin: tuple[str, ...] = ()  # the link to the same page in the other language
    login_wall: tuple[str, ...] = ()  # only a login page has it (the page then is not read)
    list_rows: tuple[str, ...] = ()  # one element per article on a list page
    list_link: tuple[str, ...] = ()  # the article's link inside a row
    list_date: tuple[str, ...] = ()  # the listed date inside a row
    list_next: tuple[str, ...] = ()  # the next list page's address


# Ta Kung Pao (both hosts): tkp_* classes since about 2019.
TAKUNGPAO = SiteSelectors(
    title=("h2.tkp_con_title", "h1.tkp_con_title"),
    byline=("div.tkp_con_author", "h2.tkp_con_author"),
    body=("div.tkp_content",),
    # Ads and scripts go in htmltext already.
    body_drop=("div.tkp_con_share", "div.tkp_related", "div.tkp_con_editor", "div.tkp_page"),
    # One group: whichever tag comes first in the page (a redesign may keep one of them).
    published=('meta[property="article:published_time"]::attr(content), meta[name="pubdate"]::attr(content)',),
    breadcrumb=("div.path a",),
    keywords=('meta[name="keywords"]::attr(content), meta[name="Keywords"]::attr(content)',),
    # A password box alone is not a login page: a header may carry a login form next to a real article.
    login_wall=("//input[@type='password'][not(//div[contains(concat(' ', normalize-space(@class), ' '),"
                " ' tkp_content ')])]",),
    list_rows=("dl.item",),
    list_link=("dd.intro a[href]", "dd.title a[href]", "dt a[href]"),
    list_date=("dd.sort",),
    list_next=("div.tkp_page a.cms_nextpage::attr(href)",),
)

# The TRS-style CMS of Shenzhen (sz.gov.cn, htcz.sz.gov.cn): meta tags first, then the visible template.
GOV_CN_SZ = SiteSelectors(
    title=('meta[name="ArticleTitle"]::attr(content)', "div.tit h1", "h3.zw-title", "h1"),
    body=("div.news_cont_d_wrap", "div.TRS_Editor", "div.zw"),
    body_drop=("div.fjdown", "div.xgwj", "div.zw-share", "div.bdsharebuttonbox"),
    published=('meta[name="PubDate"]::attr(content)', 'meta[name="pubdate"]::attr(content)'),
    issuer=('meta[name="ContentSource"]::attr(content)', "span.ly"),
    section=('meta[name="ColumnName"]::attr(content)',),
    keywords=('meta[name="Keywords"]::attr(content)',),
    attachments=("div.fjdown a",),
    login_wall=('input[type="password"]',),
    list_rows=("div.zx_ml_list ul li", "ul.list li", "div.viewList ul li"),
    list_link=("span.tit a", "a"),
    list_date=("span.time", "span.date", "span:last-child", "em"),
)

# The provincial template (gd.gov.cn): h3.zw-title, span.ly, a '时间 :' line, div.zw; sz's stay behind.
GOV_CN_GD = replace(
    GOV_CN_SZ,
    title=("h3.zw-title", 'meta[name="ArticleTitle"]::attr(content)', "div.tit h1", "h1"),
    body=("div.zw", "div.news_cont_d_wrap", "div.TRS_Editor"),
    list_rows=("div.viewList ul li", "ul.list li", "div.zx_ml_list ul li"),
)

# gdstc.gd.gov.cn: the provincial template with the plain list first.
GOV_CN_GDSTC = replace(GOV_CN_GD, list_rows=("ul.list li", "div.viewList ul li", "div.zx_ml_list ul li"))

# info.gov.hk press releases: the headline span (the visible div when the span is gone; never the hidden copy).
INFOGOV = SiteSelectors(
    title=("span#PRHeadlineSpan", "div#PRHeadline"),
    body=("span#pressrelease",),
    attachments=("div#photos a::attr(href)",),
    # The header's language switch: an <a> around <img id="hdrTCLnk"> on English pages (real samples); the
    # Chinese page's `hdrENLnk` and the alt texts are the same pattern mirrored.
    twin=("//a[img[@id='hdrTCLnk' or @id='hdrENLnk' or @alt='Traditional Chinese' or @alt='English'"
          " or @alt='繁體' or @alt='English version']]/@href",),
)

# news.gov.hk (Traditional Chinese).
NEWSGOV = SiteSelectors(
    title=("h1.news-title", "meta[property='og:title']::attr(content)"),
    body=("div.newsdetail-content",),
    captions=".photo-caption, .img-caption",
    published=("meta[name=date]::attr(content)", "span.news-date"),
    breadcrumb=("div.breadcrumb a::text",),
    keywords=("meta[name=keywords]::attr(content)",),
)

# Any page (spiders.fallback): the page's own metadata, explicit article metadata first.
PAGE_METADATA = SiteSelectors(
    title=('meta[property="og:title"]::attr(content)', 'meta[name="twitter:title"]::attr(content)',
           'meta[name="ArticleTitle"]::attr(content)', "article h1 ::text", "main h1 ::text", "h1 ::text"),
    published=(
        'meta[property="article:published_time"]::attr(content)',
        'meta[name="article:published_time"]::attr(content)',
        'meta[itemprop="datePublished"]::attr(content)',
        'meta[name="PubDate"]::attr(content)',
        'meta[name="pubdate"]::attr(content)',
        'meta[name="publishdate"]::attr(content)',
        'meta[name="publish-date"]::attr(content)',
        'meta[name="dc.date.issued"]::attr(content)',
        'meta[name="DC.date.issued"]::attr(content)',
        'meta[name="date"]::attr(content)',
        "time[itemprop=datePublished]::attr(datetime)",
        "article time::attr(datetime)",
        "time[pubdate]::attr(datetime)",
    ),
    author=(
        'meta[name="author"]::attr(content)',
        'meta[property="article:author"]::attr(content)',
        'meta[name="byl"]::attr(content)',
        '[itemprop="author"] [itemprop="name"]::text',
        '[itemprop="author"]::text',
        ".byline ::text",
        ".author ::text",
    ),
    section=('meta[property="article:section"]::attr(content)', 'meta[name="ColumnName"]::attr(content)'),
)

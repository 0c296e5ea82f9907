"""Guangdong government (gd.gov.cn) and its science department (gdstc.gd.gov.cn): lists, articles, gkmlpt."""

from __future__ import annotations

from typing import ClassVar

from spiders.gov_cn_cms import GovCmsSpider


class GdGovSpider(GovCmsSpider):
    """gd.gov.cn: 广东要闻, 部门动态; `-a gkmlpt=<catId>` or section `gkmlpt:<catId>` reads the catalogue."""

    name = "gdgov"
    site_base = "https://www.gd.gov.cn"
    default_sections: ClassVar[tuple[str, ...]] = ("gdywdt/gdyw", "gdywdt/bmdt")
    # The provincial template: h3.zw-title, span.ly, a '时间 :' line, div.zw;
    # the sz-style selectors stay as fallbacks.
    title_selectors: ClassVar[tuple[str, ...]] = (
        "h3.zw-title",
        'meta[name="ArticleTitle"]::attr(content)',
        "div.tit h1",
        "h1",
    )
    body_selectors: ClassVar[tuple[str, ...]] = ("div.zw", "div.news_cont_d_wrap", "div.TRS_Editor")
    list_item_selectors: ClassVar[tuple[str, ...]] = (
        "div.viewList ul li",
        "ul.list li",
        "div.zx_ml_list ul li",
    )
    section_names: ClassVar[dict[str, str]] = {"gdywdt/gdyw": "广东要闻", "gdywdt/bmdt": "部门动态"}


class GdstcSpider(GdGovSpider):
    """gdstc.gd.gov.cn, Guangdong science department: 通知公告; its robots.txt reportedly forbids crawling."""

    name = "gdstc"
    site_base = "https://gdstc.gd.gov.cn"
    default_sections = ("zwgk_n/tzgg",)
    list_item_selectors: ClassVar[tuple[str, ...]] = (
        "ul.list li",
        "div.viewList ul li",
        "div.zx_ml_list ul li",
    )
    section_names: ClassVar[dict[str, str]] = {"zwgk_n/tzgg": "通知公告"}

"""Guangdong government (gd.gov.cn) and its science department (gdstc.gd.gov.cn): lists, articles, gkmlpt."""

from __future__ import annotations

from typing import ClassVar

from spiders.gov_cn_cms import GovCmsSpider
from spiders.selectors import GOV_CN_GD, GOV_CN_GDSTC


class GdGovSpider(GovCmsSpider):
    """gd.gov.cn: 广东要闻, 部门动态; `-a gkmlpt=<catId>` or section `gkmlpt:<catId>` reads the catalogue."""

    name = "gdgov"
    site_base = "https://www.gd.gov.cn"
    default_sections: ClassVar[tuple[str, ...]] = ("gdywdt/gdyw", "gdywdt/bmdt")
    selectors = GOV_CN_GD
    section_names: ClassVar[dict[str, str]] = {"gdywdt/gdyw": "广东要闻", "gdywdt/bmdt": "部门动态"}


class GdstcSpider(GdGovSpider):
    """gdstc.gd.gov.cn, Guangdong science department: 通知公告; its robots.txt reportedly forbids crawling."""

    name = "gdstc"
    site_base = "https://gdstc.gd.gov.cn"
    default_sections = ("zwgk_n/tzgg",)
    selectors = GOV_CN_GDSTC
    section_names: ClassVar[dict[str, str]] = {"zwgk_n/tzgg": "通知公告"}

"""Shenzhen government (sz.gov.cn) and Hetao Shenzhen Park office (htcz.sz.gov.cn) lists and articles."""

from __future__ import annotations

from typing import ClassVar

from spiders.gov_cn_cms import GovCmsSpider


class SzGovSpider(GovCmsSpider):
    """sz.gov.cn: 政务动态, 通知公告, 新闻发布; lists index.html, index_1.html … (createPageHTML)."""

    name = "szgov"
    # Plain http by default: HTTPS to sz.gov.cn fails in OpenSSL with BAD_ECPOINT. `-a scheme=https` switches.
    site_base = "http://www.sz.gov.cn"
    default_sections = ("cn/xxgk/zfxxgj/zwdt", "cn/xxgk/zfxxgj/tzgg", "cn/xxgk/xwfyr/xwtg")
    section_names: ClassVar[dict[str, str]] = {
        "cn/xxgk/zfxxgj/zwdt": "政务动态",
        "cn/xxgk/zfxxgj/tzgg": "通知公告",
        "cn/xxgk/xwfyr/xwtg": "新闻发布",
    }


class HtczSpider(GovCmsSpider):
    """htcz.sz.gov.cn, the Hetao Shenzhen Park office: same CMS and content/post_{id}.html scheme."""

    name = "htcz"
    site_base = "https://htcz.sz.gov.cn"
    # Guessed column paths (the notes only confirm the post_ scheme); override with `-a sections=…`.
    default_sections = ("xwzx/gzdt", "xwzx/tzgg")
    section_names: ClassVar[dict[str, str]] = {"xwzx/gzdt": "工作动态", "xwzx/tzgg": "通知公告"}

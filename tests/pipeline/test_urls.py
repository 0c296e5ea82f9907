"""URL variants of one page share one key; twins on .com and .com.hk stay apart."""

from __future__ import annotations

import pytest

from pipeline.urls import canonical_url, url_key

PAGE = "https://www.takungpao.com.hk/news/232109/2025/1010/1130089.html"


@pytest.mark.parametrize("variant", [
    PAGE,
    "http://www.takungpao.com.hk/news/232109/2025/1010/1130089.html",
    "https://takungpao.com.hk/news/232109/2025/1010/1130089.html",
    "https://WWW.TAKUNGPAO.COM.HK:443/news/232109/2025/1010/1130089.html",
    "https://www.takungpao.com.hk/news/232109/2025/1010/1130089.html/",
    "https://www.takungpao.com.hk/news/232109/2025/1010/1130089.html?utm_source=wechat&spm=a.b#top",
    "https://www.takungpao.com.hk//news/232109/2025/1010/1130089.html",
])
def test_variants_share_a_key(variant: str) -> None:
    assert url_key(variant) == url_key(PAGE)


def test_twins_and_real_queries_differ() -> None:
    assert url_key(PAGE) != url_key(PAGE.replace(".com.hk", ".com"))
    assert url_key("https://x.gov.cn/a?id=1") != url_key("https://x.gov.cn/a?id=2")
    assert url_key("https://x.gov.cn/a?b=2&a=1") == url_key("https://x.gov.cn/a?a=1&b=2")


def test_canonical_url_keeps_the_scheme_and_drops_noise() -> None:
    assert canonical_url("http://www.sz.gov.cn/cn/xxgk/content/post_1.html?from=timeline#x") == \
        "http://www.sz.gov.cn/cn/xxgk/content/post_1.html"
    assert canonical_url("https://www.info.gov.hk:8443/gia/") == "https://www.info.gov.hk:8443/gia"

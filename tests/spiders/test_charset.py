"""CharsetRepairMiddleware: UTF-8, GBK/GB18030 and Big5(-HKSCS) pages read right whatever they declare."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.test import get_crawler

from gbawatch.mirror import serving
from spiders.generic import GenericSpider
from spiders.middlewares import CharsetRepairMiddleware, choose_encoding, plausibility

REPO = Path(__file__).resolve().parents[2]
BAD = REPO / "tests" / "mirror" / "bad"
PAGES: dict[str, dict[str, Any]] = json.loads((BAD / "charset_pages.json").read_text("utf-8"))
_STAT = re.compile(r"'((?:gbawatch|downloader)/[^']+)': (\d+)")

TRADITIONAL = ("河套深港科技創新合作區香港園區今日舉行開幕典禮，"
               "創新科技及工業局局長孫東表示，首批150個項目已進駐。")
SIMPLIFIED = "河套深港科技创新合作区深圳园区今日发布新政策，副局长王喆介绍，投入2亿元，逾三成项目来自香港。"
HONG_KONG = "呢部𨋢好啱用，香港科學園新大樓啟用後，住客話上落方便咗好多。"


def html(text: str, meta: str | None = None) -> str:
    charset = f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">' if meta else ""
    return f"<html><head>{charset}<title>t</title></head><body><p>{text}</p><p>{text}</p></body></html>"


def middleware() -> tuple[CharsetRepairMiddleware, Any]:
    crawler = get_crawler(GenericSpider, {"DOWNLOADER_MIDDLEWARES": {}})
    return CharsetRepairMiddleware.from_crawler(crawler), crawler


def through(body: bytes, header: str | None) -> tuple[TextResponse, dict[str, Any]]:
    mw, crawler = middleware()
    crawler.stats.open_spider()
    url = "https://charset.example.test/news/a.html"
    headers = {"Content-Type": f"text/html; charset={header}" if header else "text/html"}
    response = HtmlResponse(url=url, body=body, headers=headers, request=scrapy.Request(url))
    out = mw.process_response(scrapy.Request(url), response)
    assert isinstance(out, TextResponse)
    return out, crawler.stats.get_stats()


# (text, real encoding): GBK-only 喆 needs GB18030 when a page says gb2312; 𨋢 and 啱 need Big5-HKSCS.
CASES = [(TRADITIONAL, "utf-8"), (SIMPLIFIED, "utf-8"), (SIMPLIFIED, "gb18030"), (TRADITIONAL, "gb18030"),
         (SIMPLIFIED.replace("王喆", "王明"), "gb2312"), (TRADITIONAL, "big5"), (HONG_KONG, "big5hkscs")]
DECLARATIONS = [(None, None), ("utf-8", None), ("gb2312", None), ("big5", None), ("iso-8859-1", None),
                (None, "utf-8"), (None, "gb2312"), (None, "big5"), ("utf-8", "gb2312"), ("gbk", "big5")]


@pytest.mark.parametrize(("text", "encoding"), CASES)
def test_every_declaration_reads_right(text: str, encoding: str) -> None:
    for header, meta in DECLARATIONS:
        body = html(text, meta).encode(encoding)
        response, _ = through(body, header)
        assert text in response.text, f"{encoding} bytes, header {header}, meta {meta}: {response.text[:200]}"


def test_a_repair_is_counted_and_relabelled() -> None:
    body = html(SIMPLIFIED, "utf-8").encode("gb18030")
    response, stats = through(body, "utf-8")
    assert stats["gbawatch/charset_repaired"] == 1 and stats["gbawatch/charset_repaired/gb18030"] == 1
    assert response.encoding == "utf-8" and response.headers[b"Content-Type"] == b"text/html; charset=utf-8"
    assert SIMPLIFIED.encode("utf-8") in response.body  # raw-byte parsers (lxml) read it right too


def test_a_right_declaration_is_left_alone() -> None:
    for text, encoding, header in ((TRADITIONAL, "utf-8", "utf-8"), (SIMPLIFIED, "gb18030", "gb2312"),
                                   (HONG_KONG, "big5hkscs", "big5")):
        body = html(text).encode(encoding)
        response, stats = through(body, header)
        assert "gbawatch/charset_repaired" not in stats and response.body == body


def test_ascii_and_western_pages_are_not_touched() -> None:
    assert choose_encoding(b"<html><body>plain ascii</body></html>", None) is None
    cafe = "<p>Caf\u00e9 r\u00e9sum\u00e9 \u201cquoted\u201d</p>" * 10
    assert choose_encoding(cafe.encode("cp1252"), "cp1252") is None
    assert choose_encoding(cafe.encode("utf-8"), "utf-8") is None
    assert choose_encoding(cafe.encode("utf-8"), "cp1252") == "utf-8"  # valid UTF-8 is no accident


def test_plausibility_tells_text_from_mojibake() -> None:
    assert plausibility(TRADITIONAL) > 0.9 and plausibility(SIMPLIFIED) > 0.9
    assert plausibility(SIMPLIFIED.encode("utf-8").decode("gb18030", errors="replace")) < 0.5
    assert plausibility(TRADITIONAL.encode("big5").decode("gb18030", errors="replace")) < 0.5


def test_binary_served_as_html_is_refused_and_counted() -> None:
    mw, crawler = middleware()
    crawler.stats.open_spider()
    url = "https://bad.example.test/news/image-as-html.html"
    png = (BAD / "bad.example.test" / "news" / "image-as-html.html").read_bytes()
    response = HtmlResponse(url=url, body=png, headers={"Content-Type": "text/html; charset=utf-8"},
                            request=scrapy.Request(url))
    with pytest.raises(IgnoreRequest, match="binary body"):
        mw.process_response(scrapy.Request(url), response)
    assert crawler.stats.get_value("gbawatch/error/not_text") == 1


@pytest.mark.slow
def test_crawl_through_the_engine_repairs_each_page(tmp_path: Path) -> None:
    """Real bytes, real headers from the mirror's sidecars, Scrapy's real engine and settings."""
    with serving(BAD, hosts=["charset.example.test"]) as mirror:
        out = tmp_path / "items.jsonl"
        command = [sys.executable, "-m", "scrapy", "crawl", "generic", "-O", str(out),
                   "-a", "site_base=https://charset.example.test", "-a", "source=charsets",
                   "-a", f"base_url={mirror.base('charset.example.test')}",
                   "-a", "list_url=/index.html", "-a", r"link_pattern=/news/[\w-]+\.html$",
                   "-s", "ITEM_PIPELINES={}", "-s", "EXTENSIONS={}", "-s", "DOWNLOAD_DELAY=0",
                   "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"]
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    parsed = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    items = {item["url"].rsplit("/", 1)[-1][:-5]: item for item in parsed}
    assert set(items) == set(PAGES)
    for name, page in PAGES.items():
        assert items[name]["title"] == page["title"], name
        assert page["first"] in items[name]["text"], name
    stats = {key: int(value) for key, value in _STAT.findall(done.stderr)}
    # Wrong header, wrong meta or none: 6 repairs; the right UTF-8 page and the gb2312-labelled GB18030 page
    # (w3lib already reads gb2312 as gb18030) are left alone.
    assert stats["gbawatch/charset_repaired"] == 6

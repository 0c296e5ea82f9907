"""One failure classification and one errback for every spider: each failed request gives one stats key."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.http import Response
from scrapy.spiderloader import SpiderLoader
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.internet import error as tx
from twisted.python.failure import Failure

from gbawatch.config import DEFAULT_SOURCES_FILE, load_sources
from gbawatch.crawl import scrapy_settings
from spiders.base import GbaSpider
from spiders.errors import NotText, RequestRefused
from spiders.failures import FailureKind, failure_reason
from spiders.outbound import Refusal
from spiders.szgov import SzGovSpider

SPIDERS_DIR = Path(__file__).resolve().parents[2] / "spiders"
URL = "http://www.sz.gov.cn/cn/xxgk/zfxxgj/zwdt/content/post_2.html"


def failure_for(exc: BaseException, url: str = URL) -> Failure:
    try:
        raise exc
    except type(exc):
        failure = Failure()
    failure.request = scrapy.Request(url)  # type: ignore[attr-defined]  # Scrapy sets it on errback failures
    return failure


@pytest.mark.parametrize(("exc", "kind"), [
    (HttpError(Response(URL, status=404)), "http_404"),
    (HttpError(Response(URL, status=503)), "http_503"),
    (IgnoreRequest("Forbidden by robots.txt"), FailureKind.ROBOTS),
    (IgnoreRequest("Ignored response <200 x> because its body (1 B compressed, 9 B decompressed so far) "
                   "exceeded DOWNLOAD_MAXSIZE (8 B) during decompression."), FailureKind.TOO_LARGE),
    (DownloadCancelledError("Received 9 bytes which is larger than download max size (8) in request x."),
     FailureKind.TOO_LARGE),
    (IgnoreRequest("max redirections reached"), FailureKind.REDIRECT_LOOP),
    (IgnoreRequest("Filtered offsite request to 'example.org'"), FailureKind.IGNORED),
    (NotText("binary body served as b'text/html'"), FailureKind.NOT_TEXT),
    (RequestRefused("http://127.0.0.1/x", Refusal.LOOPBACK), "refused_loopback"),
    (DownloadTimeoutError("took longer than 30 seconds"), FailureKind.TIMEOUT),
    (tx.TimeoutError(), FailureKind.TIMEOUT),
    (tx.TCPTimedOutError(), FailureKind.TIMEOUT),
    (TimeoutError("took too long"), FailureKind.TIMEOUT),
    (CannotResolveHostError("no.such.host"), FailureKind.DNS),
    (tx.DNSLookupError("no.such.host"), FailureKind.DNS),
    (DownloadConnectionRefusedError(), FailureKind.CONNECTION),
    (tx.ConnectionRefusedError(), FailureKind.CONNECTION),
    (tx.ConnectionLost(), FailureKind.CONNECTION),
    (ResponseDataLossError(), FailureKind.CONNECTION),
    (ConnectionResetError(), FailureKind.CONNECTION),
    (UnsupportedURLSchemeError("ftp"), FailureKind.BAD_URL),
    (ValueError("something else"), FailureKind.OTHER),
])
def test_each_failure_has_one_kind(exc: BaseException, kind: str) -> None:
    assert failure_reason(failure_for(exc)) == kind


def test_the_errback_counts_one_key_per_failure_and_robots_refusals_are_reported() -> None:
    spider = SzGovSpider.from_crawler(get_crawler(SzGovSpider))
    for exc in (HttpError(Response(URL, status=404)), IgnoreRequest("Forbidden by robots.txt"),
                tx.DNSLookupError("x"), tx.ConnectionRefusedError()):
        spider.on_error(failure_for(exc))
    assert spider.crawler.stats is not None
    counted = {k: v for k, v in spider.crawler.stats.get_stats().items() if k.startswith("gbawatch/")}
    assert counted == {"gbawatch/szgov/error/http_404": 1, "gbawatch/szgov/error/robots": 1,
                       "gbawatch/szgov/error/dns": 1, "gbawatch/szgov/error/connection": 1}


def _start_requests(spider: GbaSpider) -> list[Any]:
    async def collect() -> list[Any]:
        return [request async for request in spider.start()]
    return asyncio.run(collect())


@pytest.mark.parametrize("name", sorted(load_sources(DEFAULT_SOURCES_FILE)))
def test_every_spider_s_requests_carry_an_errback(name: str) -> None:
    source = load_sources(DEFAULT_SOURCES_FILE)[name]
    cls = SpiderLoader.from_settings(scrapy_settings("sqlite://")).load(source.spider)
    spider = cls.from_crawler(get_crawler(cls), **source.spider_arguments())
    requests = _start_requests(spider)
    assert requests and all(request.errback is not None for request in requests)


def test_requests_are_built_in_one_place() -> None:
    """Only GbaSpider.request builds a scrapy.Request, so no request can miss the shared errback."""
    builders = []
    for path in SPIDERS_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
                if name in ("Request", "FormRequest", "JsonRequest"):
                    builders.append(path.name)
    assert builders == ["base.py"]

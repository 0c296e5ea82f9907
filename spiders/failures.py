"""One classification of a failed request, for every spider's errback: a short stats key."""

from __future__ import annotations

from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import TimeoutError as TxTimeoutError
from twisted.python.failure import Failure

from spiders.errors import RequestRefused


def failure_reason(failure: Failure) -> str:
    """`http_404`, `timeout`, `too_large`, `refused_loopback`, else the exception's name (`DNSLookupError`)."""
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    if failure.check(RequestRefused):
        return f"refused_{failure.value.reason.value}"
    if failure.check(DownloadTimeoutError, TxTimeoutError):
        return "timeout"
    if failure.check(DownloadCancelledError) and "max size" in failure.getErrorMessage():
        return "too_large"  # DOWNLOAD_MAXSIZE: Scrapy cancelled the download
    return failure.type.__name__ if failure.type is not None else "unknown"

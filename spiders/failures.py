"""One classification of failed requests for every spider: each failure gets one kind, so one stats key."""

from __future__ import annotations

from enum import StrEnum

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx
from twisted.python.failure import Failure
from twisted.web.client import ResponseFailed, ResponseNeverReceived

from spiders.errors import NotText, RequestRefused


class FailureKind(StrEnum):
    """Why a request gave no response a spider can read; besides these, `http_<status>` and
    `refused_<reason>` (spiders.outbound.Refusal) name their family and the detail in one key."""

    ROBOTS = "robots"  # robots.txt forbids the URL
    TOO_LARGE = "too_large"  # over DOWNLOAD_MAXSIZE, as sent or once decompressed
    NOT_TEXT = "not_text"  # binary bytes (an image, an archive) served as a text page
    TIMEOUT = "timeout"  # slower than DOWNLOAD_TIMEOUT, after the retries
    DNS = "dns"  # the host name does not resolve
    CONNECTION = "connection"  # refused, reset or cut off before a whole response arrived
    REDIRECT_LOOP = "redirect_loop"  # more redirects than REDIRECT_MAX_TIMES
    BAD_URL = "bad_url"  # a scheme Scrapy cannot fetch
    IGNORED = "ignored"  # another middleware declined the request or its response
    OTHER = "other"  # none of the above: the log line names the exception


# Transport failures, checked in this order (Scrapy's own exceptions first, then Twisted's and the OS's).
_TRANSPORT: tuple[tuple[tuple[type[BaseException], ...], FailureKind], ...] = (
    ((DownloadTimeoutError, tx.TimeoutError, tx.TCPTimedOutError, TimeoutError), FailureKind.TIMEOUT),
    ((CannotResolveHostError, tx.DNSLookupError), FailureKind.DNS),
    ((DownloadConnectionRefusedError, DownloadFailedError, ResponseDataLossError, tx.ConnectError,
      tx.ConnectionDone, tx.ConnectionLost, ResponseFailed, ResponseNeverReceived, ConnectionError),
     FailureKind.CONNECTION),
    ((UnsupportedURLSchemeError,), FailureKind.BAD_URL),
)


def failure_reason(failure: Failure) -> str:
    """The stats key of a failed request: `http_404`, `refused_loopback`, `timeout`, `robots` … (one per failure)."""
    value = failure.value
    if isinstance(value, HttpError) and value.response is not None:
        return f"http_{value.response.status}"
    if isinstance(value, RequestRefused):
        return f"refused_{value.reason.value}"
    if isinstance(value, NotText):
        return FailureKind.NOT_TEXT
    if isinstance(value, IgnoreRequest):
        return _ignored_kind(str(value))
    if isinstance(value, DownloadCancelledError) and "max size" in str(value):
        return FailureKind.TOO_LARGE  # DOWNLOAD_MAXSIZE: Scrapy cancelled the download
    for classes, kind in _TRANSPORT:
        if isinstance(value, classes):
            return kind
    return FailureKind.OTHER


def _ignored_kind(message: str) -> FailureKind:
    """Scrapy's own middlewares raise a bare IgnoreRequest; only the message says which one and why."""
    if "robots.txt" in message:
        return FailureKind.ROBOTS
    if "DOWNLOAD_MAXSIZE" in message:  # HttpCompression: the body grew too large while decompressing
        return FailureKind.TOO_LARGE
    if "max redirections" in message:
        return FailureKind.REDIRECT_LOOP
    return FailureKind.IGNORED

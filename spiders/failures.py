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


class FailureKind(StrEnum):
    """Why a request gave no response a spider can read (besides `http_<status>`, see `classify`)."""

    ROBOTS = "robots"  # robots.txt forbids the URL
    TOO_LARGE = "too_large"  # over DOWNLOAD_MAXSIZE, as sent or once decompressed
    NOT_TEXT = "not_text"  # binary bytes (an image, an archive) served as a text page
    TIMEOUT = "timeout"  # slower than DOWNLOAD_TIMEOUT, after the retries
    DNS = "dns"  # the host name does not resolve
    CONNECTION = "connection"  # refused, reset or cut off before a whole response arrived
    REDIRECT_LOOP = "redirect_loop"  # more redirects than REDIRECT_MAX_TIMES
    BAD_URL = "bad_url"  # a scheme Scrapy cannot fetch
    REFUSED = "refused"  # any other middleware declined the request or its response
    OTHER = "other"  # none of the above: the log line names the exception


class RequestRefused(IgnoreRequest):
    """Raised by our downloader middlewares to decline a request or response, naming the kind of refusal."""

    def __init__(self, kind: FailureKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind


# Transport failures, checked in this order (Scrapy's own exceptions first, then Twisted's and the OS's).
_TIMEOUTS = (DownloadTimeoutError, tx.TimeoutError, tx.TCPTimedOutError, TimeoutError)
_DNS = (CannotResolveHostError, tx.DNSLookupError)
_CONNECTION = (DownloadConnectionRefusedError, DownloadFailedError, ResponseDataLossError, tx.ConnectError,
               tx.ConnectionDone, tx.ConnectionLost, ResponseFailed, ResponseNeverReceived, ConnectionError)


def classify(failure: Failure) -> str:
    """The stats key of a failed request: `http_<status>` for an HTTP error status, else a FailureKind."""
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"  # type: ignore[union-attr]
    value = failure.value
    if isinstance(value, RequestRefused):
        return value.kind
    if isinstance(value, IgnoreRequest):
        return _ignored_kind(str(value))
    if failure.check(DownloadCancelledError) and "max size" in failure.getErrorMessage():
        return FailureKind.TOO_LARGE
    for kinds, kind in ((_TIMEOUTS, FailureKind.TIMEOUT), (_DNS, FailureKind.DNS),
                        (_CONNECTION, FailureKind.CONNECTION), ((UnsupportedURLSchemeError,), FailureKind.BAD_URL)):
        if failure.check(*kinds):
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
    return FailureKind.REFUSED

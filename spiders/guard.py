"""Downloader middleware: no request or redirect leaves for a target the source's outbound policy refuses.

`RequestGuard` sees every request before anything else (robots.txt included), so a link or a redirect Scrapy
rebuilt into a new request is checked before a connection is made; `RedirectGuard` reads a 3xx `Location`
before Scrapy's redirect middleware acts on it, so a redirect to `file:` or `javascript:` is counted by reason
rather than left as an HTTP 302. Each refusal is counted as `gbawatch/refused/<reason>` and ends in the
spider's errback as `RequestRefused`, which the spiders count as the page error `refused_<reason>`.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urljoin

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from w3lib.url import safe_url_string

from spiders.errors import RequestRefused
from spiders.outbound import OutboundPolicy, Refusal

logger = logging.getLogger(__name__)

_REDIRECT_STATUSES = (301, 302, 303, 307, 308)
# A spider without a policy (none of ours) may still never reach an internal address or a non-web scheme.
_NO_PUBLIC_HOST_NAMED = OutboundPolicy(frozenset())


class _Guard:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)

    def _policy(self) -> OutboundPolicy | None:
        policy = getattr(self.crawler.spider, "outbound", None)
        return policy if isinstance(policy, OutboundPolicy) else None

    def check(self, url: str, *, redirect_from: str | None = None) -> None:
        policy = self._policy()
        reason = policy.refusal(url) if policy is not None else _NO_PUBLIC_HOST_NAMED.refusal(url)
        if policy is None and reason is Refusal.OFF_HOST:
            reason = None  # without a policy, public hosts are the spider's business
        if reason is None:
            return
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("gbawatch/refused")
            stats.inc_value(f"gbawatch/refused/{reason.value}")
        logger.warning("refused %s target %s%s", reason.value, url,
                       f" (redirected from {redirect_from})" if redirect_from else "")
        raise RequestRefused(url, reason, redirect_from=redirect_from)


class RequestGuard(_Guard):
    """Checks every outgoing request against the spider's `outbound` policy."""

    def process_request(self, request: Request, spider: Any = None) -> None:
        redirected = request.meta.get("redirect_urls") or []
        self.check(request.url, redirect_from=redirected[-1] if redirected else None)


class RedirectGuard(_Guard):
    """Checks a redirect's target before Scrapy's RedirectMiddleware builds the request for it."""

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        location = response.headers.get(b"Location")
        if response.status in _REDIRECT_STATUSES and location and self._will_follow(request, response):
            target = urljoin(request.url, safe_url_string(location.decode("latin-1").strip()))
            self.check(target, redirect_from=request.url)
        return response

    def _will_follow(self, request: Request, response: Response) -> bool:
        """Scrapy's own test: a spider that handles the status itself gets the response, not the target."""
        meta = request.meta
        handled = getattr(self.crawler.spider, "handle_httpstatus_list", ())
        return not (meta.get("dont_redirect") or meta.get("handle_httpstatus_all")
                    or response.status in meta.get("handle_httpstatus_list", ()) or response.status in handled)

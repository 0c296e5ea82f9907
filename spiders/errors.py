"""Errors raised by the spiders package."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest

from spiders.outbound import Refusal


class RequestRefused(IgnoreRequest):
    """Raised by spiders.guard for a request or redirect to a target the source may not fetch."""

    def __init__(self, url: str, reason: Refusal, *, redirect_from: str | None = None) -> None:
        self.url, self.reason, self.redirect_from = url, reason, redirect_from
        via = f" (redirected from {redirect_from})" if redirect_from else ""
        super().__init__(f"refused {reason.value} target {url}{via}")


class NotText(IgnoreRequest):
    """Raised by the charset middleware for binary bytes (an image, an archive) served as a text page."""

"""Generic main-text extraction (trafilatura) for pages whose site selectors no longer match."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import trafilatura

from spiders.dates import parse_date
from spiders.htmltext import clean_line


@dataclass
class FallbackResult:
    """What the generic extractor found; `reason` says why a field is empty."""

    title: str | None
    text: str
    published_at: datetime | None
    author: str | None
    reason: str | None = None  # None when a body was found


def extract_article(html: str, url: str) -> FallbackResult:
    document = trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=True, favor_precision=True,
        with_metadata=True,
    )
    if document is None:
        return FallbackResult(None, "", None, None, reason="no main text found")
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = "\n".join(line for line in (clean_line(x) for x in (data.get("text") or "").splitlines()) if line)
    return FallbackResult(
        title=(data.get("title") or None),
        text=text,
        published_at=parse_date(data.get("date")),
        author=data.get("author") or None,
        reason=None if text else "empty main text",
    )

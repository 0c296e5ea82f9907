"""Canonical URLs and URL keys, so a page is stored once whatever variant of its URL was crawled."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track a visit; they never select different content.
_TRACKING = re.compile(r"^(utm_\w+|spm|from|fbclid|gclid|share|sharesource|isappinstalled|wfr|frommm|"
                       r"_ga|mc_cid|mc_eid|ref|source|timestamp|t)$", re.I)


def canonical_url(url: str) -> str:
    """Lowercase host, no default port, no fragment, no tracking query, no trailing slash on paths."""
    parts = urlsplit(url.strip())
    scheme = (parts.scheme or "https").lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    return urlunsplit((scheme, netloc, path, query, ""))


def url_key(url: str) -> str:
    """Identity of a page across scheme and `www.` variants: `takungpao.com.hk/news/…` (.com and .com.hk differ)."""
    parts = urlsplit(canonical_url(url))
    host = parts.netloc[4:] if parts.netloc.startswith("www.") else parts.netloc
    return host + parts.path + (f"?{parts.query}" if parts.query else "")

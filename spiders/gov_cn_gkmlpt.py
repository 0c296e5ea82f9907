"""Read the gkmlpt policy-document catalogue of Guangdong government sites: SID, JSON list, detail."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urldefrag

from spiders.dates import parse_epoch_or_text

# `window._CONFIG = { SID: '2', ... }` on /gkmlpt/index; quotes and key quoting vary between sites.
_SID = re.compile(r"""['"]?SID['"]?\s*[:=]\s*['"]?([\w-]+)""")
_DETAIL = re.compile(r"""['"]?DETAIL['"]?\s*[:=]\s*(?=\{)""")
_CONTENT = re.compile(r'"content"\s*:\s*("(?:\\.|[^"\\])*")', re.S)


@dataclass(frozen=True)
class CatalogueEntry:
    """One document as the catalogue lists it (what the detail page may lack)."""

    url: str
    title: str
    date: datetime | None
    document_number: str | None
    publisher: str | None


def find_sid(page: str) -> str | None:
    """The site id the catalogue API wants, from the gkmlpt index page's `window._CONFIG`."""
    start = page.find("_CONFIG")
    match = _SID.search(page, start if start >= 0 else 0)
    return match.group(1) if match else None


def parse_catalogue(data: Any) -> tuple[list[CatalogueEntry], int | None]:
    """Entries of one API page and the total count (None when the API does not say)."""
    if not isinstance(data, dict):
        return [], None
    raw = data.get("articles") or data.get("data") or []
    entries: list[CatalogueEntry] = []
    for row in raw if isinstance(raw, list) else []:
        if not isinstance(row, dict) or not row.get("url"):
            continue
        entries.append(
            CatalogueEntry(
                url=urldefrag(str(row["url"])).url,  # '#7' names the catalogue column, not the document
                title=str(row.get("title") or "").strip(),
                date=parse_epoch_or_text(row.get("date") or row.get("first_publish_time") or row.get("created_at")),
                document_number=(str(row.get("document_number") or "").strip() or None),
                publisher=(str(row.get("publisher") or "").strip() or None),
            )
        )
    total = data.get("total")
    return entries, int(total) if isinstance(total, int | str) and str(total).isdigit() else None


def find_detail(page: str) -> dict[str, Any] | None:
    """The document object in `_CONFIG.DETAIL`; None if the page has none (then parse the HTML)."""
    match = _DETAIL.search(page)
    if match is None:
        return None
    try:
        detail, _ = json.JSONDecoder().raw_decode(page, match.end())
    except json.JSONDecodeError:
        # A JS literal rather than JSON: the content string itself is still a JSON string.
        content = _CONTENT.search(page, match.end())
        if content is None:
            return None
        return {"content": json.loads(content.group(1))}
    return detail if isinstance(detail, dict) else None


def detail_attachments(detail: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, href) pairs from the detail's attachment list, whatever the key is called."""
    found: list[tuple[str, str]] = []
    for key in ("attachment", "attachments", "files"):
        rows = detail.get(key)
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, dict):
                href = row.get("url") or row.get("link") or row.get("path")
                if href:
                    found.append((str(row.get("name") or row.get("title") or href).strip(), str(href)))
    return found

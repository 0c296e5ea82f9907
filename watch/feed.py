"""An Atom feed per watch rule (RFC 4287), built from the rule's alerts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from watch.messages import alert_html
from watch.safe_text import xml_text

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """Text and attributes pass xml_text: one control character in a title would make the feed ill-formed."""
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_text(str(v)) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(str(text))
    return element


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def render_atom(
    *,
    rule_name: str,
    rule_id: int,
    alerts: Sequence[Any],
    tz: str,
    self_url: str | None = None,
    now: datetime | None = None,
) -> bytes:
    """`alerts` are storage.watch_models.Alert rows, newest first; ids are stable tag: URIs."""
    feed = ET.Element(f"{{{ATOM}}}feed")
    _el(feed, "id", f"tag:gba-watch,2025:rule/{rule_id}")
    _el(feed, "title", f"gba-watch: {rule_name}")
    updated = max((a.created_at for a in alerts), default=now or datetime.now(UTC))
    _el(feed, "updated", _iso(updated))
    author = _el(feed, "author")
    _el(author, "name", "gba-watch")
    if self_url:
        _el(feed, "link", rel="self", href=self_url)
    _el(feed, "generator", "gba-watch")
    for alert in alerts:
        summary = alert.summary or {}
        entry = _el(feed, "entry")
        _el(entry, "id", f"tag:gba-watch,2025:alert/{alert.id}")
        _el(entry, "title", alert.title or summary.get("title", ""))
        _el(entry, "updated", _iso(alert.created_at))
        if summary.get("published_at"):
            _el(entry, "published", _iso(datetime.fromisoformat(summary["published_at"])))
        if summary.get("url"):
            _el(entry, "link", rel="alternate", href=summary["url"])
        for name in summary.get("entities", []):
            _el(entry, "category", term=name)
        _el(entry, "summary", summary.get("lead", summary.get("detail", "")))
        _el(entry, "content", alert_html(summary, tz), type="html")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"

"""What an alert says, per channel: e-mail (plain text + HTML) and the webhook's JSON body."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

SCHEMA_VERSION = 1


def _when(iso: str | None, tz: str) -> str:
    if not iso:
        return ""
    return datetime.fromisoformat(iso).astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M %Z")


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def figure_line(figure: dict[str, Any]) -> str:
    metric = f" ({figure['metric']})" if figure.get("metric") else ""
    return f"{figure['text']} = {_number(float(figure['value']))} {figure['unit']}{metric}"


def _details(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """The article's particulars a reader may want, as (label, value), only those it has."""
    attachments = ", ".join(f"{a.get('name') or a.get('url')} <{a.get('url')}>" for a in summary.get("attachments", []))
    pairs = [
        ("Why", summary.get("why")),
        ("Author", summary.get("author")),
        ("Section", summary.get("section")),
        ("Issued by", summary.get("issuer")),
        ("Document number", summary.get("document_number")),
        ("Attachments", attachments),
        ("Other version", summary.get("twin_url")),
    ]
    return [(label, str(value)) for label, value in pairs if value]


def _published(summary: dict[str, Any], tz: str) -> str:
    when = _when(summary.get("published_at"), tz)
    return f"{when} (no date on the page: the crawl time)" if summary.get("date_missing") else when


def subject(summary: dict[str, Any]) -> str:
    if summary.get("kind", "match") == "match":
        return f"[gba-watch] {summary.get('rule', '')}: {summary.get('title', '')}"[:200]
    return f"[gba-watch] {summary.get('kind')}: {summary.get('title', '')}"[:200]


def alert_text(summary: dict[str, Any], tz: str) -> str:
    if summary.get("kind", "match") != "match":
        return f"{summary.get('title', '')}\n\n{summary.get('detail', '')}\n"
    lines = [
        summary.get("title", ""),
        "",
        f"Source: {summary.get('source', '')}   Published: {_published(summary, tz)}",
        f"Watch: {summary.get('rule', '')}   Relevance: {summary.get('relevance', 0):.2f}",
        *(f"{label}: {value}" for label, value in _details(summary)),
    ]
    if summary.get("terms"):
        lines.append("Matched terms: " + ", ".join(summary["terms"]))
    if summary.get("entities"):
        lines.append("Entities: " + ", ".join(summary["entities"]))
    if summary.get("officials"):
        lines.append("Officials: " + ", ".join(summary["officials"]))
    if summary.get("figures"):
        lines.append("Figures:")
        lines += [f"  - {figure_line(f)} — “{f['sentence']}”" for f in summary["figures"]]
    lines += ["", summary.get("lead", ""), "", summary.get("url", "")]
    return "\n".join(lines) + "\n"


_CSS = {
    "body": "font-family:Helvetica,Arial,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;color:#1f2933;"
    "max-width:640px;margin:0 auto;padding:16px;line-height:1.5",
    "h1": "font-size:18px;margin:0 0 8px 0",
    "meta": "color:#52606d;font-size:13px;margin:0 0 12px 0",
    "tag": "display:inline-block;background:#e4f0fb;color:#0b4f8a;border-radius:3px;padding:1px 6px;"
    "margin:0 4px 4px 0;font-size:12px",
    "lead": "border-left:3px solid #9fb3c8;padding-left:10px;color:#334e68",
    "a": "color:#0b69c7",
}


def alert_html(summary: dict[str, Any], tz: str) -> str:
    if summary.get("kind", "match") != "match":
        return (
            f'<html><body style="{_CSS["body"]}"><h1 style="{_CSS["h1"]}">{escape(summary.get("title", ""))}'
            f"</h1><p>{escape(summary.get('detail', ''))}</p></body></html>"
        )
    tags = "".join(f'<span style="{_CSS["tag"]}">{escape(e)}</span>' for e in summary.get("entities", []))
    officials = ", ".join(escape(o) for o in summary.get("officials", []))
    figures = "".join(
        f"<li><b>{escape(figure_line(f))}</b> — {escape(f['sentence'])}</li>"
        for f in summary.get("figures", [])
    )
    url = escape(summary.get("url", ""), quote=True)
    return (
        f'<html><body style="{_CSS["body"]}">'
        f'<h1 style="{_CSS["h1"]}"><a style="{_CSS["a"]}" href="{url}">'
        f"{escape(summary.get('title', ''))}</a></h1>"
        f'<p style="{_CSS["meta"]}">{escape(summary.get("source", ""))} · '
        f"{escape(_published(summary, tz))} · watch <b>{escape(summary.get('rule', ''))}</b>"
        f" · relevance {summary.get('relevance', 0):.2f}"
        + (f" · matched {escape(', '.join(summary.get('terms', [])))}" if summary.get("terms") else "")
        + "</p>"
        + "".join(f'<p style="{_CSS["meta"]}">{escape(label)}: {escape(value)}</p>'
                  for label, value in _details(summary))
        + (f"<p>{tags}</p>" if tags else "")
        + (f'<p style="{_CSS["meta"]}">Officials: {officials}</p>' if officials else "")
        + (f"<ul>{figures}</ul>" if figures else "")
        + f'<p style="{_CSS["lead"]}">{escape(summary.get("lead", ""))}</p>'
        f'<p><a style="{_CSS["a"]}" href="{url}">{url}</a></p></body></html>'
    )


def alert_email(summary: dict[str, Any], tz: str) -> dict[str, Any]:
    """The outbox payload of an e-mail alert."""
    return {"subject": subject(summary), "text": alert_text(summary, tz), "html": alert_html(summary, tz)}


def alert_json(alert_id: int, summary: dict[str, Any]) -> dict[str, Any]:
    """The webhook body: stable field names, versioned."""
    return {"schema": SCHEMA_VERSION, "alert_id": alert_id, **summary}

"""The digest as an HTML e-mail: inline CSS, tables for layout, the rising-entities chart as a PNG
(a cid: part in the mail, a data: URI in a standalone file)."""

from __future__ import annotations

import base64
import io
import warnings
from html import escape
from typing import Any

from watch.digest import Digest, Story, local_time, number, others_command, render_text

CHART_CID = "rising-chart@gba-watch"
# Fonts with CJK glyphs, first found wins; without one the chart's labels fall back to boxes.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
)

_FONT_STACK = "Helvetica,Arial,'Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei',sans-serif"
S = {
    "body": f"margin:0;padding:0;background:#f0f4f8;font-family:{_FONT_STACK};color:#1f2933",
    "wrap": "max-width:680px;margin:0 auto;background:#ffffff;border-collapse:collapse",
    "cell": "padding:20px 24px",
    "h1": "font-size:20px;margin:0 0 4px 0;color:#102a43",
    "h2": "font-size:16px;margin:20px 0 8px 0;padding-bottom:4px;border-bottom:2px solid #d9e2ec;"
    "color:#243b53",
    "meta": "font-size:13px;color:#627d98;margin:0",
    "story": "margin:0 0 12px 0",
    "title": "font-size:15px;font-weight:bold;color:#0b69c7;text-decoration:none",
    "lead": "font-size:13px;color:#486581;margin:2px 0 0 0",
    "li": "font-size:14px;margin:0 0 6px 0",
    "tag": "display:inline-block;background:#e4f0fb;color:#0b4f8a;border-radius:3px;padding:1px 6px;"
    "margin:0 4px 4px 0;font-size:12px",
    "num": "font-weight:bold;color:#102a43",
    "td": "font-size:13px;padding:3px 8px;border-bottom:1px solid #e5e9ef",
    "a": "color:#0b69c7",
}


def _cjk_font() -> str | None:
    from matplotlib import font_manager

    available = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in available), None)


def render_chart(digest: Digest) -> bytes | None:
    """A small line chart of the rising entities' daily article counts, as PNG; None if nothing rises."""
    if not digest.rising:
        return None
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    font = _cjk_font()
    families = [font, "DejaVu Sans"] if font else ["DejaVu Sans"]
    with rc_context({"font.family": "sans-serif", "font.sans-serif": families, "axes.unicode_minus": False}), \
            warnings.catch_warnings():
        # No CJK font installed: the labels show boxes rather than failing the digest (layout and save both draw).
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        figure = Figure(figsize=(6.4, 2.6), dpi=100)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        for rising in digest.rising:
            days = [d for d, _ in rising.series]
            axes.plot(
                days,  # type: ignore[arg-type]  # matplotlib plots dates
                [n for _, n in rising.series],
                marker="o",
                markersize=3,
                linewidth=1.6,
                label=rising.name,
            )
        axes.set_ylabel("articles / day")
        axes.set_ylim(bottom=0)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.tick_params(labelsize=8)
        axes.xaxis.set_major_formatter(_day_formatter())
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(fontsize=8, frameon=False, loc="upper left")
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _day_formatter() -> Any:
    from matplotlib.dates import DateFormatter

    return DateFormatter("%m-%d")


def render_html(digest: Digest, *, chart_src: str | None = None, limit: int = 50) -> str:
    """The digest page; `chart_src` is a cid: or data: URI for the chart (no chart when None)."""
    body: list[str] = [
        f'<h1 style="{S["h1"]}">{escape(digest.title)}</h1>',
        f'<p style="{S["meta"]}">{escape(digest.timezone)} · {len(digest.articles)} articles in '
        f"{len(digest.stories)} stories · "
        + escape(", ".join(f"{s} {n}" for s, n in digest.per_source.items()))
        + "</p>",
    ]
    if not digest.articles:
        body.append(f'<p style="{S["li"]}">No articles for this day.</p>')
    # The Markdown's order (watch.digest.render_markdown).
    sections = (
        _top(digest),
        _sections(digest, limit),
        _officials(digest),
        _first_mentions(digest),
        _figures(digest),
        _rising(digest, chart_src),
        _others(digest),
    )
    body.extend(part for section in sections for part in section)
    return (
        '<!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<title>{escape(digest.title)}</title></head><body style="{S["body"]}">'
        f'<table role="presentation" width="100%" style="{S["wrap"]}"><tr><td style="{S["cell"]}">'
        + "\n".join(body)
        + "</td></tr></table></body></html>\n"
    )


def _link(url: str, text: str) -> str:
    return f'<a style="{S["a"]}" href="{escape(url, quote=True)}">{escape(text)}</a>'


def _story(story: Story, digest: Digest, rank: int | None = None) -> str:
    first = story.articles[0]
    also = "".join(f" · {_link(a.url, a.source)}" for a in story.articles[1:])
    number = f"{rank}. " if rank is not None else ""
    why = f'<p style="{S["lead"]}">Why: {escape(story.why)}</p>' if rank is not None and story.why else ""
    return (
        f'<div style="{S["story"]}">{number}<a style="{S["title"]}" href="{escape(first.url, quote=True)}">'
        f'{escape(story.title)}</a><p style="{S["meta"]}">{escape(", ".join(story.sources))} · '
        f"{escape(local_time(first, digest.timezone))}{also}</p>{why}</div>"
    )


def _top(digest: Digest) -> list[str]:
    if not digest.top:
        return []
    return [f'<h2 style="{S["h2"]}">What matters today</h2>',
            *(_story(story, digest, n) for n, story in enumerate(digest.top, 1))]


def _sections(digest: Digest, limit: int) -> list[str]:
    out: list[str] = []
    for theme, stories in digest.sections.items():
        out.append(f'<h2 style="{S["h2"]}">{escape(theme)}</h2>')
        out += [_story(story, digest) for story in stories[:limit]]
    return out


def _others(digest: Digest) -> list[str]:
    if not digest.others:
        return []
    out = [f'<h2 style="{S["h2"]}">Everything else</h2>']
    out += [f'<p style="{S["li"]}">{escape(source)}: {count} other article(s) — '
            f'<code>{escape(others_command(digest, source))}</code></p>' for source, count in digest.others.items()]
    return out


def _rising(digest: Digest, chart_src: str | None) -> list[str]:
    if not digest.rising:
        return []
    out = [f'<h2 style="{S["h2"]}">Rising entities</h2>']
    if chart_src:
        out.append(
            f'<img src="{escape(chart_src, quote=True)}" alt="Daily articles of rising entities" '
            'width="640" style="display:block;max-width:100%;height:auto;border:0">'
        )
    rows = "".join(
        f'<tr><td style="{S["td"]}">{escape(r.name)}</td><td style="{S["td"]}">{r.today}</td>'
        f'<td style="{S["td"]}">{r.baseline:.1f}</td></tr>'
        for r in digest.rising
    )
    out.append(
        f'<table style="border-collapse:collapse"><tr><th style="{S["td"]}">Entity</th>'
        f'<th style="{S["td"]}">Today</th><th style="{S["td"]}">Daily mean before</th></tr>'
        f"{rows}</table>"
    )
    return out


def _officials(digest: Digest) -> list[str]:
    if not digest.officials:
        return []
    out = [f'<h2 style="{S["h2"]}">Officials quoted</h2><ul>']
    for person, titles in sorted(digest.officials.items()):
        suffix = f" — {escape('；'.join(sorted(titles)))}" if titles else ""
        out.append(f'<li style="{S["li"]}"><b>{escape(person)}</b>{suffix}</li>')
    out.append("</ul>")
    return out


def _first_mentions(digest: Digest) -> list[str]:
    if not digest.new_entities:
        return []
    tags = "".join(f'<span style="{S["tag"]}">{escape(c)} ({escape(t)})</span>' for t, c in digest.new_entities[:30])
    return [f'<h2 style="{S["h2"]}">First mentions</h2><p>{tags}</p>']


def _figures(digest: Digest) -> list[str]:
    if not digest.figures:
        return []
    out = [f'<h2 style="{S["h2"]}">Figures reported</h2><ul>']
    for figure in digest.figures[:30]:
        metric = f" — {escape(figure.metric)}" if figure.metric else ""
        out.append(
            f'<li style="{S["li"]}"><span style="{S["num"]}">{escape(number(figure.value))} '
            f"{escape(figure.unit)}</span>{metric}: “{escape(figure.sentence)}” "
            f"{_link(figure.url, figure.source)}</li>"
        )
    out.append("</ul>")
    return out


def render_html_file(digest: Digest, *, limit: int = 50) -> str:
    """A standalone page: the chart inlined as a data: URI."""
    chart = render_chart(digest)
    src = "data:image/png;base64," + base64.b64encode(chart).decode("ascii") if chart else None
    return render_html(digest, chart_src=src, limit=limit)


def digest_email(digest: Digest, *, limit: int = 50) -> dict[str, Any]:
    """The outbox payload of a digest mail: text and HTML alternatives, the chart as a cid: image."""
    chart = render_chart(digest)
    payload: dict[str, Any] = {
        "subject": f"[gba-watch] {digest.title}: {len(digest.articles)} articles",
        "text": render_text(digest, limit=limit),
        "html": render_html(digest, chart_src=f"cid:{CHART_CID}" if chart else None, limit=limit),
        "images": [],
    }
    if chart:
        payload["images"].append(
            {"cid": CHART_CID, "filename": "rising.png", "png_b64": base64.b64encode(chart).decode("ascii")}
        )
    return payload

"""The daily digest: what was announced, by whom, about which projects, with which figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from storage.models import Article
from storage.queries import articles_between, counts_by_source, first_mentioned_between


@dataclass(frozen=True)
class DigestArticle:
    title: str
    url: str
    source: str
    published_at: datetime
    date_missing: bool
    lead: str


@dataclass(frozen=True)
class DigestFigure:
    text: str
    value: float
    unit: str
    metric: str | None
    sentence: str
    url: str


@dataclass
class Digest:
    day: date
    timezone: str
    articles: list[DigestArticle] = field(default_factory=list)
    officials: dict[str, set[str]] = field(default_factory=dict)  # person -> titles as written
    entities: dict[str, list[str]] = field(default_factory=dict)  # canonical -> article titles
    new_entities: list[tuple[str, str]] = field(default_factory=list)  # (type, canonical)
    figures: list[DigestFigure] = field(default_factory=list)
    per_source: dict[str, int] = field(default_factory=dict)


def _lead(article: Article, width: int = 120) -> str:
    first = article.text.split("\n", 1)[0]
    return first if len(first) <= width else first[:width] + "…"


def build_digest(session: Session, day: date, tz_name: str = "Asia/Hong_Kong") -> Digest:
    tz = ZoneInfo(tz_name)
    start = datetime.combine(day, time.min, tzinfo=tz)
    end = start + timedelta(days=1)
    digest = Digest(day=day, timezone=tz_name)
    officials: dict[str, set[str]] = defaultdict(set)
    entities: dict[str, list[str]] = defaultdict(list)
    for article in articles_between(session, start, end):
        digest.articles.append(DigestArticle(article.title, article.url, article.source.name,
                                             article.published_at, article.date_missing, _lead(article)))
        for mention in article.mentions:
            entity = mention.entity
            if entity.type == "person":
                officials[entity.canonical].update([mention.title] if mention.title else [])
            elif article.title not in entities[entity.canonical]:
                entities[entity.canonical].append(article.title)
        for figure in article.figures:
            digest.figures.append(DigestFigure(figure.text, figure.value, figure.unit, figure.metric,
                                               figure.sentence, article.url))
    digest.officials = dict(officials)
    digest.entities = dict(sorted(entities.items(), key=lambda kv: (-len(kv[1]), kv[0])))
    digest.new_entities = [(e.type, e.canonical) for e in first_mentioned_between(session, start, end)]
    digest.per_source = {c.source: c.articles for c in counts_by_source(session, start, end)}
    return digest


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def render_markdown(digest: Digest, *, limit: int = 50) -> str:
    lines = [f"# GBA science & technology digest — {digest.day.isoformat()} ({digest.timezone})", ""]
    if not digest.articles:
        lines.append("No articles for this day.")
        return "\n".join(lines) + "\n"
    lines += [f"{len(digest.articles)} articles: " + ", ".join(f"{s} {n}" for s, n in digest.per_source.items()), ""]
    lines.append("## Announcements")
    for article in digest.articles[:limit]:
        flag = " (date not on page)" if article.date_missing else ""
        when = article.published_at.astimezone(ZoneInfo(digest.timezone)).strftime("%H:%M")
        lines.append(f"- **{article.title}** — {article.source}, {when}{flag} — [link]({article.url})")
        lines.append(f"  {article.lead}")
    if digest.officials:
        lines += ["", "## Officials quoted"]
        for person, titles in sorted(digest.officials.items()):
            lines.append(f"- {person}" + (f" ({'；'.join(sorted(titles))})" if titles else ""))
    if digest.entities:
        lines += ["", "## Projects and institutions"]
        for canonical, titles in list(digest.entities.items())[:30]:
            lines.append(f"- {canonical}: {len(titles)} article(s)")
    if digest.new_entities:
        lines += ["", "## First mentions"]
        lines += [f"- {canonical} ({type_})" for type_, canonical in digest.new_entities[:30]]
    if digest.figures:
        lines += ["", "## Figures reported"]
        for figure in digest.figures[:30]:
            metric = f" {figure.metric}" if figure.metric else ""
            lines.append(f"- {figure.text} = {_number(figure.value)} {figure.unit}{metric} — “{figure.sentence}”")
    return "\n".join(lines) + "\n"


def render_text(digest: Digest, *, limit: int = 50) -> str:
    text = render_markdown(digest, limit=limit)
    out = []
    for line in text.splitlines():
        line = line.replace("**", "")
        if line.startswith("#"):
            heading = line.lstrip("# ")
            line = heading + "\n" + "=" * min(60, len(heading) * 2)
        out.append(line)
    return "\n".join(out) + "\n"

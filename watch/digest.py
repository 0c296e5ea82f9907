"""The daily digest: the day's stories and entities, officials with titles, first mentions, figures,
rising entities, per-source counts; rendered as Markdown and plain text (HTML in watch.digest_html)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from storage.models import Article
from storage.queries import articles_between, counts_by_source, first_mentioned_between
from storage.watch import story_members
from watch.matching import cluster_key_of, lead_of
from watch.safe_text import markdown_text, markdown_url, unescape_markdown
from watch.trends import Rising, rising_entities


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
    source: str = ""
    title: str = ""


@dataclass
class Story:
    """Articles about one story: script twins and the members of one story cluster."""

    key: str
    articles: list[DigestArticle] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.articles[0].title

    @property
    def sources(self) -> list[str]:
        return sorted({a.source for a in self.articles})


@dataclass
class Digest:
    day: date
    timezone: str
    articles: list[DigestArticle] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    officials: dict[str, set[str]] = field(default_factory=dict)  # person -> titles as written
    entities: dict[str, list[DigestArticle]] = field(default_factory=dict)  # canonical -> articles
    new_entities: list[tuple[str, str]] = field(default_factory=list)  # (type, canonical)
    figures: list[DigestFigure] = field(default_factory=list)
    rising: list[Rising] = field(default_factory=list)
    per_source: dict[str, int] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"GBA science & technology digest — {self.day.isoformat()}"


def day_bounds(day: date, tz_name: str) -> tuple[datetime, datetime]:
    tz = ZoneInfo(tz_name)
    start = datetime.combine(day, time.min, tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)


def _digest_article(article: Article) -> DigestArticle:
    return DigestArticle(
        article.title,
        article.url,
        article.source.name,
        article.published_at,
        article.date_missing,
        lead_of(article.text, lines=1, width=120),
    )


def build_digest(session: Session, day: date, tz_name: str = "Asia/Hong_Kong") -> Digest:
    start, end = day_bounds(day, tz_name)
    digest = Digest(day=day, timezone=tz_name)
    officials: dict[str, set[str]] = defaultdict(set)
    entities: dict[str, list[DigestArticle]] = defaultdict(list)
    stories: dict[str, Story] = {}
    articles = articles_between(session, start, end)
    members = story_members(session, [a.id for a in articles])
    for article in articles:
        item = _digest_article(article)
        digest.articles.append(item)
        key = cluster_key_of(article, members.get(article.id, ()))
        stories.setdefault(key, Story(key)).articles.append(item)
        for mention in article.mentions:
            entity = mention.entity
            if entity.type == "person":
                officials[entity.canonical].update([mention.title] if mention.title else [])
            elif item not in entities[entity.canonical]:
                entities[entity.canonical].append(item)
        for figure in article.figures:
            digest.figures.append(
                DigestFigure(
                    figure.text,
                    figure.value,
                    figure.unit,
                    figure.metric,
                    figure.sentence.strip(),
                    article.url,
                    item.source,
                    article.title,
                )
            )
    for story in stories.values():
        story.articles.sort(key=lambda a: (a.published_at, a.url))  # the first telling leads
    digest.stories = sorted(stories.values(), key=lambda s: (-len(s.articles), s.articles[0].published_at))
    digest.officials = dict(officials)
    digest.entities = dict(sorted(entities.items(), key=lambda kv: (-len(kv[1]), kv[0])))
    digest.new_entities = [(e.type, e.canonical) for e in first_mentioned_between(session, start, end)]
    digest.rising = rising_entities(session, day, tz_name)
    digest.per_source = {c.source: c.articles for c in counts_by_source(session, start, end)}
    return digest


def number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def local_time(article: DigestArticle, tz_name: str) -> str:
    if article.date_missing:
        return "time unknown"
    return article.published_at.astimezone(ZoneInfo(tz_name)).strftime("%H:%M")


def render_markdown(digest: Digest, *, limit: int = 50) -> str:
    """Markdown; every piece of article text is escaped (a title is literal text, never markup or HTML)."""
    md = markdown_text
    lines = [f"# {md(digest.title)} ({md(digest.timezone)})", ""]
    if not digest.articles:
        lines.append("No articles for this day.")
        return "\n".join(lines) + "\n"
    lines += [
        f"{len(digest.articles)} articles in {len(digest.stories)} stories: "
        + md(", ".join(f"{s} {n}" for s, n in digest.per_source.items())),
        "",
    ]
    lines.append("## Stories")
    for story in digest.stories[:limit]:
        first = story.articles[0]
        lines.append(
            f"- **{md(story.title)}** — {md(', '.join(story.sources))}, {local_time(first, digest.timezone)}"
            f" — [link]({markdown_url(first.url)})"
        )
        lines.append(f"  {md(first.lead)}")
        for other in story.articles[1:]:
            lines.append(f"  - also: [{md(other.title)}]({markdown_url(other.url)}) ({md(other.source)})")
    if digest.officials:
        lines += ["", "## Officials quoted"]
        for person, titles in sorted(digest.officials.items()):
            lines.append(f"- {md(person)}" + (f" ({md('；'.join(sorted(titles)))})" if titles else ""))
    if digest.entities:
        lines += ["", "## By entity"]
        for canonical, articles in list(digest.entities.items())[:30]:
            links = ", ".join(f"[{md(a.title)}]({markdown_url(a.url)})" for a in articles[:3])
            lines.append(f"- **{md(canonical)}** ({len(articles)}): {links}")
    if digest.new_entities:
        lines += ["", "## First mentions"]
        lines += [f"- {md(canonical)} ({md(type_)})" for type_, canonical in digest.new_entities[:30]]
    if digest.figures:
        lines += ["", "## Figures reported"]
        for figure in digest.figures[:30]:
            metric = f" — {md(figure.metric)}" if figure.metric else ""
            lines.append(
                f"- **{md(number(figure.value))} {md(figure.unit)}**{metric} ({md(figure.text)}): "
                f"“{md(figure.sentence)}” — [{md(figure.source)}]({markdown_url(figure.url)})"
            )
    if digest.rising:
        lines += ["", "## Rising entities"]
        for rising in digest.rising:
            lines.append(
                f"- {md(rising.name)}: {rising.today} mention(s) today, {rising.baseline:.1f}/day before "
                f"({rising.sparkline})"
            )
    lines += ["", "## Per source"]
    lines += [f"- {md(source)}: {count}" for source, count in digest.per_source.items()]
    return "\n".join(lines) + "\n"


# A Markdown link whose text may hold backslash-escaped brackets.
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(([^)\s]*)\)")


def render_text(digest: Digest, *, limit: int = 50) -> str:
    """Plain text: the Markdown without markup, links spelled out."""
    out = []
    for line in render_markdown(digest, limit=limit).splitlines():
        line = _LINK.sub(
            lambda m: m.group(2) if m.group(1) == "link" else f"{m.group(1)} <{m.group(2)}>",
            line.replace("**", ""),
        )
        line = unescape_markdown(line)
        if line.startswith("#"):
            heading = line.lstrip("# ")
            line = heading + "\n" + "=" * min(60, len(heading) * 2)
        out.append(line)
    return "\n".join(out) + "\n"

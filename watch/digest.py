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
from watch.digest_rank import rank
from watch.matching import cluster_key_of, lead_of
from watch.profiles import TopicProfile, default_profile
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
    salient: bool | None = None  # the NLP's flag (nlp.salience): a fact a digest shows, not only a count


@dataclass
class Story:
    """Articles about one story: script twins and the members of one story cluster."""

    key: str
    articles: list[DigestArticle] = field(default_factory=list)
    relevance: float = 0.0      # the best of its articles' relevance to the digest's profile
    importance: float = 0.0     # watch.importance
    why: str = ""               # one line: the project, the official and title, the figure
    theme: str = ""
    on_topic: bool = False

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
    profile: str = ""
    top: list[Story] = field(default_factory=list)                  # what matters today, ranked
    sections: dict[str, list[Story]] = field(default_factory=dict)  # theme -> the rest on topic
    others: dict[str, int] = field(default_factory=dict)            # source -> articles off topic

    @property
    def title(self) -> str:
        return f"GBA science & technology digest — {self.day.isoformat()}"

    @property
    def possibly(self) -> list[Story]:
        """The stories listed as possibly on topic (below the profile's threshold, above its digest_threshold)."""
        return [s for stories in self.sections.values() for s in stories if not s.on_topic]


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


def build_digest(session: Session, day: date, tz_name: str = "Asia/Hong_Kong",
                 profile: TopicProfile | None = None) -> Digest:
    """The day's digest, led by what matters to `profile` (default: the shipped profile)."""
    start, end = day_bounds(day, tz_name)
    digest = Digest(day=day, timezone=tz_name)
    officials: dict[str, set[str]] = defaultdict(set)
    entities: dict[str, list[DigestArticle]] = defaultdict(list)
    stories: dict[str, Story] = {}
    by_story: dict[str, list[Article]] = {}
    listed: set[tuple[str, int]] = set()  # (entity, article) already under the entity
    articles = articles_between(session, start, end)
    members = story_members(session, [a.id for a in articles])
    for article in articles:
        item = _digest_article(article)
        digest.articles.append(item)
        key = cluster_key_of(article, members.get(article.id, ()))
        stories.setdefault(key, Story(key)).articles.append(item)
        by_story.setdefault(key, []).append(article)
        for mention in article.mentions:
            entity = mention.entity
            if entity.type == "person":
                officials[entity.canonical].update([mention.title] if mention.title else [])
            elif (entity.canonical, article.id) not in listed:
                listed.add((entity.canonical, article.id))
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
                    figure.salient,
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
    rank(session, digest, by_story, profile or default_profile())
    return digest


def number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def local_time(article: DigestArticle, tz_name: str) -> str:
    if article.date_missing:
        return "time unknown"
    return article.published_at.astimezone(ZoneInfo(tz_name)).strftime("%H:%M")


def others_command(digest: Digest, source: str) -> str:
    """The command that lists a source's full day (the digest counts the off-topic articles only)."""
    day = digest.day.isoformat()
    return f"gbawatch search '' --source {source} --since {day} --until {day} --order recent"


def render_markdown(digest: Digest, *, limit: int = 50) -> str:
    """Markdown; every piece of article text is escaped (a title is literal text, never markup or HTML).

    The order, shared by the text and HTML versions: what matters today, the rest on topic by theme, the
    officials, first mentions, figures and rising entities of those stories, then everything else by source.
    """
    md = markdown_text
    lines = [f"# {md(digest.title)} ({md(digest.timezone)})", ""]
    if not digest.articles:
        lines.append("No articles for this day.")
        return "\n".join(lines) + "\n"
    on_topic = len(digest.top) + sum(len(s) for s in digest.sections.values()) - len(digest.possibly)
    possibly = f", {len(digest.possibly)} possibly" if digest.possibly else ""
    lines += [f"{len(digest.articles)} articles in {len(digest.stories)} stories; {on_topic} on topic{possibly} "
              f"(profile {md(digest.profile)})", ""]
    if digest.top:
        lines.append("## What matters today")
        for n, story in enumerate(digest.top, 1):
            lines.append(f"{n}. " + _story_line(story, digest))
            if story.why:
                lines.append(f"   Why: {md(story.why)}")
    shown = 0
    for theme, stories in digest.sections.items():
        lines += ["", f"## {md(theme)}"]
        for story in stories[: max(0, limit - shown)]:
            lines.append("- " + _story_line(story, digest))
        shown += len(stories)
    if digest.officials:
        lines += ["", "## Officials quoted"]
        for person, titles in sorted(digest.officials.items()):
            lines.append(f"- {md(person)}" + (f" ({md('；'.join(sorted(titles)))})" if titles else ""))
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
    if digest.others:
        lines += ["", "## Everything else"]
        lines += [f"- {md(source)}: {count} other article(s) — `{others_command(digest, source)}`"
                  for source, count in digest.others.items()]
    return "\n".join(lines) + "\n"


def _story_line(story: Story, digest: Digest) -> str:
    md = markdown_text
    first = story.articles[0]
    also = "".join(f" · [{md(a.source)}]({markdown_url(a.url)})" for a in story.articles[1:])
    return (f"**{md(story.title)}** — {md(', '.join(story.sources))}, {local_time(first, digest.timezone)}"
            f" — [link]({markdown_url(first.url)}){also}")


def digest_json(digest: Digest) -> dict[str, object]:
    """`gbawatch digest --format json`: the digest as data, in the rendered order."""

    def story(s: Story) -> dict[str, object]:
        first = s.articles[0]
        return {"title": s.title, "url": first.url, "importance": s.importance, "relevance": s.relevance,
                "why": s.why, "sources": s.sources, "theme": s.theme,
                "also": [{"title": a.title, "url": a.url, "source": a.source} for a in s.articles[1:]]}

    return {
        "date": digest.day.isoformat(),
        "timezone": digest.timezone,
        "profile": digest.profile,
        "articles": len(digest.articles),
        "top": [story(s) for s in digest.top],
        "sections": {theme: [story(s) for s in stories] for theme, stories in digest.sections.items()},
        "officials": {p: sorted(t) for p, t in sorted(digest.officials.items())},
        "first_mentions": [{"type": t, "name": c} for t, c in digest.new_entities],
        "figures": [{"text": f.text, "value": f.value, "unit": f.unit, "metric": f.metric, "url": f.url}
                    for f in digest.figures],
        "rising": [{"name": r.name, "type": r.type, "today": r.today, "baseline": r.baseline} for r in digest.rising],
        "others": digest.others,
    }


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

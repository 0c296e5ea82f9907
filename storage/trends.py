"""Entities over time: mention counts per day/week/month and source, rising entities, figure timelines."""

from __future__ import annotations

import enum
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, bindparam, case, distinct, func, literal, select, text
from sqlalchemy.orm import Session

from storage.archive_models import ROLLUP_UTC_OFFSET, EntityDayCount
from storage.fts import Normalise, basic_normalise
from storage.models import Article, Entity, Figure, Mention, Source
from storage.types import UTCDateTime


class Bucket(enum.StrEnum):
    DAY = "day"
    WEEK = "week"  # ISO weeks, labelled by their Monday
    MONTH = "month"  # labelled by the 1st


@dataclass(frozen=True)
class TrendPoint:
    period: date
    source: str | None  # None: all sources together
    articles: int  # articles mentioning the entity
    mentions: int  # mentions in them


def _local_day(session: Session, tz: str) -> ColumnElement[str]:
    """YYYY-MM-DD of the article's publication in the zone `tz`, computed by the database."""
    column = Article.published_at
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone(tz, column), "YYYY-MM-DD")
    # SQLite has no zone data: use the zone's current UTC offset (exact for zones without DST, like HK).
    offset = ZoneInfo(tz).utcoffset(datetime.now()) or timedelta(0)
    return func.strftime("%Y-%m-%d", column, f"{int(offset.total_seconds() // 60):+d} minutes")


def period_of(day: date, bucket: Bucket) -> date:
    if bucket == Bucket.WEEK:
        return day - timedelta(days=day.weekday())
    if bucket == Bucket.MONTH:
        return day.replace(day=1)
    return day


def mention_counts(
    session: Session,
    entity_ids: Sequence[int],
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    bucket: Bucket = Bucket.DAY,
    by_source: bool = False,
    tz: str = "Asia/Hong_Kong",
) -> list[TrendPoint]:
    """Articles and mentions of the entities per period (and source), oldest first; empty periods omitted."""
    if _rollup_answers(entity_ids, since, until, tz):
        rows = _rollup_day_counts(session, entity_ids[0], since, until, by_source)
    elif session.get_bind().dialect.name == "sqlite":
        rows = _sqlite_day_counts(session, entity_ids, since, until, by_source, tz)
    else:
        day = _local_day(session, tz).label("day")
        source = Source.name if by_source else literal(None)
        per_article = (
            select(Mention.article_id, func.count().label("n"))
            .where(Mention.entity_id.in_(list(entity_ids)))
            .group_by(Mention.article_id)
            .subquery()
        )
        query = (
            select(day, source.label("source"), func.count(), func.sum(per_article.c.n))
            .select_from(per_article)
            .join(Article, Article.id == per_article.c.article_id)
        )
        if by_source:
            query = query.join(Source, Source.id == Article.source_id)
        if since is not None:
            query = query.where(Article.published_at >= since)
        if until is not None:
            query = query.where(Article.published_at < until)
        query = query.group_by(day, source) if by_source else query.group_by(day)
        rows = [tuple(row) for row in session.execute(query)]
    counts: dict[tuple[date, str | None], list[int]] = defaultdict(lambda: [0, 0])
    for day_text, source_name, articles, mentions in rows:
        key = (period_of(date.fromisoformat(day_text), bucket), source_name)
        # An article counted on two days of one week is counted twice; it was published only once,
        # so this cannot happen: days partition articles.
        counts[key][0] += int(articles)
        counts[key][1] += int(mentions)
    return [
        TrendPoint(period, source_name, a, m)
        for (period, source_name), (a, m) in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))
    ]


def _rollup_answers(entity_ids: Sequence[int], since: datetime | None, until: datetime | None, tz: str) -> bool:
    """Whether the entity_day_count rollup gives the exact answer: one entity (an article mentioning two
    would be counted twice), a zone at the rollup's fixed offset, bounds on local midnights."""
    if len(entity_ids) != 1 or not fixed_at_rollup_offset(tz):
        return False
    return all(bound is None or _is_rollup_midnight(bound) for bound in (since, until))


def fixed_at_rollup_offset(tz: str) -> bool:
    zone = ZoneInfo(tz)
    this_year = datetime.now().year
    samples = [datetime(year, month, 1) for year in (2000, this_year) for month in (1, 7)]
    return all(zone.utcoffset(sample) == ROLLUP_UTC_OFFSET for sample in samples)


def _is_rollup_midnight(moment: datetime) -> bool:
    local = moment.astimezone(timezone(ROLLUP_UTC_OFFSET))
    return local.time() == time()


def _rollup_day(moment: datetime) -> date:
    return moment.astimezone(timezone(ROLLUP_UTC_OFFSET)).date()


def _rollup_day_counts(
    session: Session, entity_id: int, since: datetime | None, until: datetime | None, by_source: bool
) -> list[tuple[Any, ...]]:
    source = Source.name if by_source else literal(None)
    query = select(
        EntityDayCount.day, source.label("source"), func.sum(EntityDayCount.articles), func.sum(EntityDayCount.mentions)
    ).where(EntityDayCount.entity_id == entity_id)
    if by_source:
        query = query.join(Source, Source.id == EntityDayCount.source_id)
    if since is not None:
        query = query.where(EntityDayCount.day >= _rollup_day(since))
    if until is not None:
        query = query.where(EntityDayCount.day < _rollup_day(until))
    query = query.group_by(EntityDayCount.day, source) if by_source else query.group_by(EntityDayCount.day)
    return [(day.isoformat(), name, articles, mentions) for day, name, articles, mentions in session.execute(query)]


def _sqlite_day_counts(
    session: Session,
    entity_ids: Sequence[int],
    since: datetime | None,
    until: datetime | None,
    by_source: bool,
    tz: str,
) -> list[tuple[Any, ...]]:
    """Mentions per article straight off the (entity_id, article_id) index, then each article's date and
    source from the narrow (id, published_at, source_id) index: SQLite would otherwise read the wide
    article rows (INDEXED BY has no SQLAlchemy construct, hence the text)."""
    offset = ZoneInfo(tz).utcoffset(datetime.now()) or timedelta(0)
    where = (" AND a.published_at >= :since" if since else "") + (" AND a.published_at < :until" if until else "")
    source = "s.name" if by_source else "NULL"
    join = " JOIN source s ON s.id = a.source_id" if by_source else ""
    group = "day, s.name" if by_source else "day"
    statement = text(
        f"SELECT strftime('%Y-%m-%d', a.published_at, :offset) AS day, {source}, count(*), sum(m.n) "
        "FROM (SELECT article_id, count(*) AS n FROM mention WHERE entity_id IN :ids GROUP BY article_id) AS m "
        f"JOIN article AS a INDEXED BY ix_article_id_published_source ON a.id = m.article_id{join} "
        f"WHERE 1 = 1{where} GROUP BY {group}"
    ).bindparams(
        bindparam("ids", expanding=True),
        *(bindparam(name, type_=UTCDateTime()) for name, value in (("since", since), ("until", until)) if value),
    )
    params: dict[str, Any] = {"ids": list(entity_ids), "offset": f"{int(offset.total_seconds() // 60):+d} minutes"}
    params |= {k: v for k, v in (("since", since), ("until", until)) if v is not None}
    return [tuple(row) for row in session.execute(statement, params)]


@dataclass(frozen=True)
class RisingEntity:
    entity_id: int
    canonical: str
    type: str
    current: int  # articles mentioning it in the period
    baseline: int  # articles mentioning it in the baseline window
    expected: float  # baseline scaled to the period's length
    score: float  # log2((current + 1) / (expected + 1))
    first_seen: datetime | None  # its first mention anywhere in the archive
    new: bool  # first mentioned within the period


def rising(
    session: Session,
    *,
    end: datetime,
    period: timedelta = timedelta(days=7),
    baseline: timedelta = timedelta(days=28),
    min_articles: int = 3,
    types: Sequence[str] = (),
    limit: int = 20,
) -> list[RisingEntity]:
    """Entities mentioned more in [end - period, end) than the baseline window before it predicts.

    score = log2((current + 1) / (expected + 1)), expected = baseline × period / baseline-window: 0 is
    "as usual", 1 twice the usual rate, 3 eight times; +1 smooths entities new to the archive. Only
    entities in at least `min_articles` articles in the period are listed, highest score first.
    """
    start = end - period
    base_start = start - baseline
    query: Any
    if _is_rollup_midnight(end) and period % timedelta(days=1) == baseline % timedelta(days=1) == timedelta(0):
        # Whole local days: the rollup holds the per-entity article counts (days partition articles).
        in_days = EntityDayCount.day >= _rollup_day(start)
        current = func.coalesce(func.sum(case((in_days, EntityDayCount.articles))), 0)
        past = func.coalesce(func.sum(case((~in_days, EntityDayCount.articles))), 0)
        query = (
            select(EntityDayCount.entity_id, current, past)
            .where(EntityDayCount.day >= _rollup_day(base_start), EntityDayCount.day < _rollup_day(end))
            .group_by(EntityDayCount.entity_id)
            .having(current >= min_articles)
        )
    else:
        in_period = Article.published_at >= start
        articles_now = func.count(distinct(case((in_period, Article.id))))
        articles_before = func.count(distinct(case((~in_period, Article.id))))
        query = (
            select(Mention.entity_id, articles_now, articles_before)
            .select_from(Article)
            .join(Mention, Mention.article_id == Article.id)
            .where(Article.published_at >= base_start, Article.published_at < end)
            .group_by(Mention.entity_id)
            .having(articles_now >= min_articles)
        )
    ratio = period / baseline
    scored = []
    for entity_id, now_count, base_count in session.execute(query):
        expected = base_count * ratio
        scored.append((math.log2((now_count + 1) / (expected + 1)), now_count, base_count, expected, entity_id))
    scored.sort(key=lambda s: (-s[0], -s[1], s[4]))
    entities = {e.id: e for e in session.scalars(select(Entity).where(Entity.id.in_([s[4] for s in scored])))}
    if types:
        scored = [s for s in scored if entities[s[4]].type in types]
    scored = scored[:limit]
    firsts = first_mentions(session, [s[4] for s in scored])
    return [
        RisingEntity(
            entity_id,
            entities[entity_id].canonical,
            entities[entity_id].type,
            now_count,
            base_count,
            round(expected, 2),
            round(score, 3),
            firsts.get(entity_id),
            (firsts.get(entity_id) or end) >= start,
        )
        for score, now_count, base_count, expected, entity_id in scored
    ]


def first_mentions(session: Session, entity_ids: Sequence[int]) -> dict[int, datetime]:
    """When each entity was first mentioned (by publication date) in the archive."""
    if not entity_ids:
        return {}
    query = (
        select(Mention.entity_id, func.min(Article.published_at))
        .join(Article, Article.id == Mention.article_id)
        .where(Mention.entity_id.in_(list(entity_ids)))
        .group_by(Mention.entity_id)
    )
    return {entity_id: first for entity_id, first in session.execute(query) if first is not None}


@dataclass(frozen=True)
class TimelineFigure:
    published_at: datetime
    value: float
    unit: str
    currency: str | None
    qualifier: str | None
    text: str
    sentence: str
    article_id: int
    url: str
    title: str
    source: str
    changed: bool  # differs from the previous figure of this metric


@dataclass(frozen=True)
class Timeline:
    metric: str  # as first written
    figures: tuple[TimelineFigure, ...]


def figure_timelines(
    session: Session,
    entity_ids: Sequence[int],
    *,
    metric: str | None = None,
    normalise: Normalise = basic_normalise,
) -> list[Timeline]:
    """Every figure reported about the entities, grouped by metric (either script), oldest first."""
    query = (
        select(Figure, Article.published_at, Article.url, Article.title, Source.name)
        .join(Article, Article.id == Figure.article_id)
        .join(Source, Source.id == Article.source_id)
        .where(Figure.entity_id.in_(list(entity_ids)))
        .order_by(Article.published_at, Article.id, Figure.start)
    )
    groups: dict[str, list[TimelineFigure]] = {}
    names: dict[str, str] = {}
    wanted = normalise(metric) if metric else None
    previous: dict[str, tuple[float, str]] = {}
    for figure, published_at, url, title, source in session.execute(query):
        key = normalise(figure.metric or "")
        if wanted is not None and key != wanted:
            continue
        names.setdefault(key, figure.metric or "")
        value = (figure.value, normalise(figure.unit))
        changed = key in previous and previous[key] != value
        previous[key] = value
        groups.setdefault(key, []).append(
            TimelineFigure(
                published_at,
                figure.value,
                figure.unit,
                figure.currency,
                figure.qualifier,
                figure.text,
                figure.sentence,
                figure.article_id,
                url,
                title,
                source,
                changed,
            )
        )
    return [
        Timeline(names[key], tuple(figures))
        for key, figures in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]

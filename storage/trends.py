"""Entities over time: mention counts per day/week/month and source, rising entities, figure timelines."""

from __future__ import annotations

import enum
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import case, distinct, func, literal, select
from sqlalchemy.orm import Session

from storage.archive_models import ROLLUP_UTC_OFFSET, EntityDayCount
from storage.backends import backend_for
from storage.backends.base import DayCount, DayCountQuery
from storage.models import Article, Entity, Figure, Mention, Source
from storage.search_key import search_key


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
        days = _rollup_day_counts(session, entity_ids[0], since, until, by_source)
    else:
        days = backend_for(session).day_counts(session, DayCountQuery(entity_ids, since, until, by_source, tz))
    return _bucketed(days, bucket)


def _bucketed(days: Sequence[DayCount], bucket: Bucket) -> list[TrendPoint]:
    """Day counts summed per period (and source): days partition articles, so the sums count each once."""
    counts: dict[tuple[date, str | None], list[int]] = defaultdict(lambda: [0, 0])
    for day, source, articles, mentions in days:  # unpacked: thousands of rows for a five-year trend
        key = (period_of(day, bucket), source)
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
) -> list[DayCount]:
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
    return [DayCount(*row) for row in session.execute(query)]


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
    counts = _window_counts(session, start - baseline, start, end, min_articles)
    scored = _scored(counts, period / baseline)
    entities = {e.id: e for e in session.scalars(select(Entity).where(Entity.id.in_([s.entity_id for s in scored])))}
    if types:
        scored = [s for s in scored if entities[s.entity_id].type in types]
    scored = scored[:limit]
    firsts = first_mentions(session, [s.entity_id for s in scored])
    return [
        RisingEntity(
            s.entity_id,
            entities[s.entity_id].canonical,
            entities[s.entity_id].type,
            s.current,
            s.baseline,
            round(s.expected, 2),
            round(s.score, 3),
            firsts.get(s.entity_id),
            (firsts.get(s.entity_id) or end) >= start,
        )
        for s in scored
    ]


class _WindowCount(NamedTuple):
    entity_id: int
    current: int  # articles in the period
    baseline: int  # articles in the baseline window before it


class _Scored(NamedTuple):
    score: float
    current: int
    baseline: int
    expected: float
    entity_id: int


def _window_counts(
    session: Session, base_start: datetime, start: datetime, end: datetime, min_articles: int
) -> list[_WindowCount]:
    """Per entity in at least `min_articles` articles of [start, end): its articles then and in
    [base_start, start). From the rollup when the windows are whole local days, else from the articles."""
    query: Any
    if all(_is_rollup_midnight(moment) for moment in (base_start, start, end)):
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
    return [_WindowCount(*row) for row in session.execute(query)]


def _scored(counts: Sequence[_WindowCount], ratio: float) -> list[_Scored]:
    """Scores, highest first (then most articles, then entity id): expected = baseline count × ratio."""
    scored = []
    for count in counts:
        expected = count.baseline * ratio
        score = math.log2((count.current + 1) / (expected + 1))
        scored.append(_Scored(score, count.current, count.baseline, expected, count.entity_id))
    return sorted(scored, key=lambda s: (-s.score, -s.current, s.entity_id))


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
    wanted = search_key(metric) if metric else None
    previous: dict[str, tuple[float, str]] = {}
    for figure, published_at, url, title, source in session.execute(query):
        key = search_key(figure.metric or "")
        if wanted is not None and key != wanted:
            continue
        names.setdefault(key, figure.metric or "")
        value = (figure.value, search_key(figure.unit))
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

"""Read-side queries used by search, digests and reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from storage.models import Article, Entity, Mention, Source


def articles_between(session: Session, start: datetime, end: datetime) -> list[Article]:
    query = (select(Article).where(Article.published_at >= start, Article.published_at < end)
             .options(selectinload(Article.mentions).selectinload(Mention.entity),
                      selectinload(Article.figures), selectinload(Article.source))
             .order_by(Article.published_at.desc(), Article.id))
    return list(session.scalars(query))


def first_mentioned_between(session: Session, start: datetime, end: datetime) -> list[Entity]:
    """Entities whose first article was published in [start, end): the digest's 'first mention'."""
    first = (select(Mention.entity_id, func.min(Article.published_at).label("first_at"))
             .join(Article, Article.id == Mention.article_id).group_by(Mention.entity_id).subquery())
    query = (select(Entity).join(first, first.c.entity_id == Entity.id)
             .where(first.c.first_at >= start, first.c.first_at < end).order_by(Entity.type, Entity.canonical))
    return list(session.scalars(query))


@dataclass(frozen=True)
class SourceCount:
    source: str
    articles: int


def counts_by_source(session: Session, start: datetime, end: datetime) -> list[SourceCount]:
    query = (select(Source.name, func.count(Article.id)).join(Article, Article.source_id == Source.id)
             .where(Article.published_at >= start, Article.published_at < end)
             .group_by(Source.name).order_by(Source.name))
    return [SourceCount(name, count) for name, count in session.execute(query)]


def article_count(session: Session) -> int:
    return int(session.scalar(select(func.count(Article.id))) or 0)

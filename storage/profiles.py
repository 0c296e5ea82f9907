"""Profiles repository: stored topic profiles and each article's relevance to them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.models import Article
from storage.profile_models import ArticleRelevance, TopicProfileRow
from storage.types import utcnow


@dataclass(frozen=True)
class RelevanceRow:
    """One article's score for one profile, as written and read."""

    article_id: int
    profile: str
    score: float
    why: list[Any]
    model: str = ""


def save_profile(session: Session, name: str, definition: dict[str, Any]) -> tuple[TopicProfileRow, bool]:
    """Insert or replace the profile NAME; returns the row and whether it was new."""
    row = session.scalar(select(TopicProfileRow).where(TopicProfileRow.name == name))
    created = row is None
    if row is None:
        row = TopicProfileRow(name=name, definition=dict(definition))
        session.add(row)
    else:
        row.definition = dict(definition)
        row.updated_at = utcnow()
    session.flush()
    return row, created


def get_profile_row(session: Session, name: str) -> TopicProfileRow | None:
    return session.scalar(select(TopicProfileRow).where(TopicProfileRow.name == name))


def list_profile_rows(session: Session) -> list[TopicProfileRow]:
    return list(session.scalars(select(TopicProfileRow).order_by(TopicProfileRow.name)))


def remove_profile(session: Session, name: str) -> bool:
    """Delete the profile and its scores; False if there was none."""
    row = get_profile_row(session, name)
    session.execute(delete(ArticleRelevance).where(ArticleRelevance.profile == name))
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def write_relevance(session: Session, rows: Iterable[RelevanceRow]) -> int:
    """Replace the scores of these (article, profile) pairs (one read per 500 to find those already stored)."""
    now = utcnow()
    pending = list(rows)
    for start in range(0, len(pending), 500):
        chunk = pending[start : start + 500]
        existing = {(r.article_id, r.profile): r for r in session.scalars(select(ArticleRelevance).where(
            ArticleRelevance.article_id.in_({row.article_id for row in chunk}),
            ArticleRelevance.profile.in_({row.profile for row in chunk})))}
        for row in chunk:
            found = existing.get((row.article_id, row.profile))
            if found is None:
                found = ArticleRelevance(article_id=row.article_id, profile=row.profile)
                existing[(row.article_id, row.profile)] = found
                session.add(found)
            found.score, found.why, found.model, found.computed_at = row.score, list(row.why), row.model, now
    session.flush()
    return len(pending)


def relevance_of(session: Session, article_ids: Sequence[int], profile: str) -> dict[int, RelevanceRow]:
    """The stored scores of these articles for `profile` (articles never scored are absent)."""
    out: dict[int, RelevanceRow] = {}
    ids = list(article_ids)
    for start in range(0, len(ids), 500):  # stay under the bound-parameter limits of both back ends
        chunk = ids[start : start + 500]
        for r in session.scalars(select(ArticleRelevance).where(
                ArticleRelevance.profile == profile, ArticleRelevance.article_id.in_(chunk))):
            out[r.article_id] = RelevanceRow(r.article_id, r.profile, r.score, list(r.why or []), r.model)
    return out


def scores_of(session: Session, article_ids: Sequence[int], profile: str) -> dict[int, float]:
    """Only the stored scores (a digest ranks a day's articles by them; the signals stay in the database)."""
    out: dict[int, float] = {}
    ids = list(article_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = session.execute(select(ArticleRelevance.article_id, ArticleRelevance.score).where(
            ArticleRelevance.profile == profile, ArticleRelevance.article_id.in_(chunk)))
        out.update((article_id, score) for article_id, score in rows)
    return out


def article_ids_between(session: Session, start: datetime | None = None, end: datetime | None = None,
                        *, after_id: int = 0, limit: int = 500) -> list[int]:
    """Ids of articles (optionally published in [start, end)) after `after_id`, in id order: a rescoring walk."""
    query = select(Article.id).where(Article.id > after_id).order_by(Article.id).limit(limit)
    if start is not None:
        query = query.where(Article.published_at >= start)
    if end is not None:
        query = query.where(Article.published_at < end)
    return list(session.scalars(query))

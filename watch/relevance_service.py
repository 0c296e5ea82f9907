"""Relevance in the archive: score articles against every profile and store it (at ingest, when a profile
changes, when the model is retrained)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from storage.models import Article, Mention
from storage.profiles import RelevanceRow, article_ids_between, write_relevance
from storage.records import ArticleRecord
from watch.profiles import TopicProfile, all_profiles
from watch.relevance import score
from watch.relevance_inputs import signals_from_article, signals_from_record
from watch.relevance_model import RelevanceModel, shipped_model


def score_stored(session: Session, article_ids: Sequence[int], profiles: Sequence[TopicProfile] | None = None,
                 model: RelevanceModel | None = None) -> int:
    """Score these stored articles against `profiles` (default: every profile) and store the scores."""
    if not article_ids:
        return 0
    profiles = all_profiles(session) if profiles is None else profiles
    model = model or shipped_model()
    articles = session.scalars(
        select(Article).where(Article.id.in_(list(article_ids)))
        .options(selectinload(Article.mentions).selectinload(Mention.entity), selectinload(Article.source)))
    rows = []
    for article in articles:
        signals = signals_from_article(article)
        for profile in profiles:
            relevance = score(signals, profile, model)
            rows.append(RelevanceRow(article.id, profile.name, relevance.score, relevance.why_dicts(), model.version))
    return write_relevance(session, rows)


def score_records(session: Session, stored: Sequence[tuple[int, ArticleRecord]],
                  profiles: Sequence[TopicProfile] | None = None, model: RelevanceModel | None = None) -> int:
    """Score articles just stored, from their records (article id, record): what ingest does, without reading
    back what it has in hand. The profiles are read once for the batch."""
    if not stored:
        return 0
    profiles = all_profiles(session) if profiles is None else profiles
    model = model or shipped_model()
    rows = []
    for article_id, record in stored:
        signals = signals_from_record(record)
        for profile in profiles:
            relevance = score(signals, profile, model)
            rows.append(RelevanceRow(article_id, profile.name, relevance.score, relevance.why_dicts(), model.version))
    return write_relevance(session, rows)


def rescore(sessions: sessionmaker[Session], profiles: Sequence[TopicProfile] | None = None,
            model: RelevanceModel | None = None, batch: int = 500) -> int:
    """Score the whole archive again, one committed batch at a time (a profile or the model changed)."""
    done, after = 0, 0
    while True:
        with sessions.begin() as session:
            ids = article_ids_between(session, after_id=after, limit=batch)
            if not ids:
                return done
            score_stored(session, ids, profiles, model)
        done, after = done + len(ids), ids[-1]


def rescore_profile(sessions: sessionmaker[Session], profile: TopicProfile) -> int:
    return rescore(sessions, [profile])

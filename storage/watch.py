"""Watching repository: rules, once-only alerts, the outbox (claim, sent, retry) and the digest log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session, selectinload

from storage.backends import backend_for
from storage.models import Article, CrawlRun, Figure, Mention, Source
from storage.types import utcnow
from storage.watch_models import Alert, DigestLog, OutboxMessage, WatchRule

# --- rules --------------------------------------------------------------------------------------------------


def add_rule(
    session: Session,
    *,
    name: str,
    query: str = "",
    entities: Sequence[str] = (),
    sources: Sequence[str] = (),
    min_relevance: float = 0.0,
    channels: Sequence[str] = (),
    watermark_at: datetime | None = None,
    profile: str | None = None,
    min_profile_relevance: float = 0.0,
) -> WatchRule:
    """A new rule; it considers articles first seen from now on (or from `watermark_at`)."""
    rule = WatchRule(
        name=name,
        query=query,
        entities=list(entities),
        sources=list(sources),
        min_relevance=min_relevance,
        profile=profile,
        min_profile_relevance=min_profile_relevance,
        channels=list(channels),
        enabled=True,
        watermark_at=watermark_at or utcnow(),
    )
    session.add(rule)
    session.flush()
    return rule


def get_rule(session: Session, name_or_id: str | int) -> WatchRule | None:
    if isinstance(name_or_id, int) or str(name_or_id).isdigit():
        rule = session.get(WatchRule, int(name_or_id))
        if rule is not None:
            return rule
    return session.scalar(select(WatchRule).where(WatchRule.name == str(name_or_id)))


def list_rules(session: Session, *, enabled_only: bool = False) -> list[WatchRule]:
    query = select(WatchRule).order_by(WatchRule.id)
    if enabled_only:
        query = query.where(WatchRule.enabled.is_(True))
    return list(session.scalars(query))


def remove_rule(session: Session, rule: WatchRule) -> None:
    # Alerts and their pending messages go with the rule (ON DELETE CASCADE; SQLite needs the ORM to do it).
    alert_ids = select(Alert.id).where(Alert.rule_id == rule.id)
    session.execute(delete(OutboxMessage).where(OutboxMessage.alert_id.in_(alert_ids)))
    session.execute(delete(Alert).where(Alert.rule_id == rule.id))
    session.delete(rule)
    session.flush()


def candidate_articles(session: Session, rule: WatchRule, *, lookback: timedelta, limit: int = 2000,
                       article_ids: Sequence[int] | None = None) -> list[Article]:
    """Articles first seen since the rule's watermark (less `lookback`) that this rule has not alerted on,
    among `article_ids` if given.

    The lookback re-reads articles a slow crawl committed after a faster one moved the watermark on;
    the unique constraints, not the watermark, guarantee once-only.
    """
    since = rule.watermark_at - lookback
    already = exists().where(Alert.rule_id == rule.id, Alert.article_id == Article.id)
    query = (
        select(Article)
        .join(Source)
        .where(Article.first_seen_at >= since, ~already)
        .options(
            selectinload(Article.mentions).selectinload(Mention.entity),
            selectinload(Article.figures).selectinload(Figure.entity),
            selectinload(Article.source),
        )
        .order_by(Article.first_seen_at, Article.id)
        .limit(limit)
    )
    if rule.sources:
        query = query.where(Source.name.in_(list(rule.sources)))
    if article_ids is not None:
        query = query.where(Article.id.in_(list(article_ids)))
    return list(session.scalars(query))


def advance_watermark(session: Session, rule: WatchRule, at: datetime) -> None:
    if at > rule.watermark_at:
        rule.watermark_at = at
        session.flush()


# --- alerts -------------------------------------------------------------------------------------------------


def record_alert(
    session: Session,
    *,
    kind: str,
    dedup_key: str,
    title: str,
    summary: dict[str, Any],
    rule_id: int | None = None,
    article_id: int | None = None,
    cluster_key: str | None = None,
    source: str | None = None,
    relevance: float = 0.0,
) -> int | None:
    """The new alert's id, or None if this (rule, article), (rule, cluster) or key already alerted."""
    return backend_for(session).insert_ignoring_conflicts(
        session,
        Alert,
        {
            "kind": kind,
            "dedup_key": dedup_key,
            "rule_id": rule_id,
            "article_id": article_id,
            "cluster_key": cluster_key,
            "source": source,
            "title": title,
            "summary": summary,
            "relevance": relevance,
            "created_at": utcnow(),
        },
    )


def alerts_for_rule(session: Session, rule_id: int, *, limit: int = 50) -> list[Alert]:
    query = (
        select(Alert).where(Alert.rule_id == rule_id).order_by(Alert.created_at.desc(), Alert.id.desc()).limit(limit)
    )
    return list(session.scalars(query))


# --- digest log ---------------------------------------------------------------------------------------------


def claim_digest_day(session: Session, *, day: date, timezone: str, recipients: Sequence[str], articles: int) -> bool:
    """Record that `day`'s digest goes out; False if it already did (the unique day decides)."""
    return (
        backend_for(session).insert_ignoring_conflicts(
            session,
            DigestLog,
            {
                "day": day,
                "timezone": timezone,
                "recipients": list(recipients),
                "articles": articles,
                "created_at": utcnow(),
            },
        )
        is not None
    )


# --- operational signals ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceActivity:
    source: str
    last_article_id: int | None
    last_first_seen_at: datetime | None


def source_activity(session: Session, sources: Sequence[str]) -> list[SourceActivity]:
    """Per source: the newest article (by first seen) — the silence check's input."""
    latest = (
        select(Article.source_id, func.max(Article.first_seen_at).label("at")).group_by(Article.source_id).subquery()
    )
    rows: dict[str, datetime] = dict(
        session.execute(select(Source.name, latest.c.at).join(latest, latest.c.source_id == Source.id)).all()
    )
    out = []
    for name in sources:
        at = rows.get(name)
        last_id = None
        if at is not None:
            last_id = session.scalar(
                select(Article.id)
                .join(Source)
                .where(Source.name == name, Article.first_seen_at == at)
                .order_by(Article.id.desc())
                .limit(1)
            )
        out.append(SourceActivity(name, last_id, at))
    return out


def recent_runs(session: Session, source: str, *, limit: int = 2) -> list[CrawlRun]:
    """The newest finished or failed runs of a source, newest first (for the drift check)."""
    query = (
        select(CrawlRun)
        .where(CrawlRun.source == source, CrawlRun.status != "running")
        .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def abandon_stale_runs(session: Session, *, started_before: datetime, error: str) -> int:
    """Runs still 'running' long after any crawl could have ended: their process died without a word."""
    stale = list(
        session.scalars(select(CrawlRun).where(CrawlRun.status == "running", CrawlRun.started_at < started_before))
    )
    for run in stale:
        run.status = "failed"
        run.finished_at = utcnow()
        run.errors = [*(run.errors or []), error]
    session.flush()
    return len(stale)


def recent_articles(
    session: Session, *, limit: int = 500, sources: Sequence[str] = (), since: datetime | None = None
) -> list[Article]:
    """The newest articles (by publication), with what matching reads loaded: `gbawatch watch test`."""
    query = (
        select(Article)
        .join(Source)
        .options(
            selectinload(Article.mentions).selectinload(Mention.entity),
            selectinload(Article.figures).selectinload(Figure.entity),
            selectinload(Article.source),
        )
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(limit)
    )
    if sources:
        query = query.where(Source.name.in_(list(sources)))
    if since is not None:
        query = query.where(Article.published_at >= since)
    return list(session.scalars(query))


def story_members(session: Session, article_ids: Sequence[int]) -> dict[int, list[int]]:
    """For each article in a story cluster (storage.archive_models), the member ids of its cluster."""
    if not article_ids:
        return {}
    from storage.archive_models import StoryMember  # the archive's table; read only

    mine = StoryMember.__table__.alias("mine")
    rows = session.execute(
        select(mine.c.article_id, StoryMember.article_id)
        .join(StoryMember, StoryMember.cluster_id == mine.c.cluster_id)
        .where(mine.c.article_id.in_(list(article_ids)))
    ).all()
    members: dict[int, list[int]] = {}
    for article_id, member in rows:
        members.setdefault(int(article_id), []).append(int(member))
    return members

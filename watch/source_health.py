"""Operational alerts about the sources themselves: a source gone silent, a source whose extraction drifts.

Each is raised once per silent stretch (keyed by the source's last article) or once per drifting streak of
crawl runs (keyed by the first drifting run), through the same alert table and outbox as watch rules.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import Article, Source
from storage.types import utcnow
from storage.watch import recent_runs, record_alert, source_activity
from watch.alerts import AlertReport, enqueue_alert


@dataclass(frozen=True)
class SilencePolicy:
    factor: float = 3.0  # silent for this many times the source's usual gap …
    floor: timedelta = timedelta(hours=24)  # … and never less than this


def usual_gap(published: Sequence[datetime]) -> timedelta | None:
    """The source's rhythm: the 90th-percentile gap between its recent publications."""
    times = sorted(published)
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(times) if b > a]
    if len(gaps) < 3:
        return None
    return timedelta(seconds=statistics.quantiles(gaps, n=10)[-1])


def check_sources(
    sessions: sessionmaker[Session],
    sources: Sequence[str],
    *,
    channels: Sequence[str] = (),
    tz: str = "Asia/Hong_Kong",
    silence_factor: float = 3.0,
    silence_floor: timedelta = timedelta(hours=24),
    now: datetime | None = None,
) -> AlertReport:
    """Alert once per silent stretch (keyed by the last article) and once per drifting streak of runs."""
    now = now or utcnow()
    policy = SilencePolicy(silence_factor, silence_floor)
    report = AlertReport()
    with sessions.begin() as session:
        for activity in source_activity(session, sources):
            if activity.last_article_id is None:
                continue  # never published anything we saw: nothing to compare with
            summary = silence_summary(session, activity.source, now, policy)
            if summary is not None:
                key = f"silence:{activity.source}:{activity.last_article_id}"
                _raise(session, report, "silence", key, activity.source, summary, channels, tz)
        for source in sources:
            drift = drift_summary(session, source)
            if drift is not None:
                key = f"drift:{source}:{drift['run_id']}"
                _raise(session, report, "drift", key, source, drift, channels, tz)
    return report


def silence_summary(session: Session, source: str, now: datetime, policy: SilencePolicy) -> dict[str, Any] | None:
    """What a silence alert says, or None while the source keeps its rhythm."""
    published = list(
        session.scalars(
            select(Article.published_at)
            .join(Source)
            .where(Source.name == source, Article.date_missing.is_(False))
            .order_by(Article.published_at.desc())
            .limit(50)
        )
    )
    if not published:
        return None
    gap = usual_gap(published)
    threshold = max(policy.floor, gap * policy.factor) if gap else policy.floor
    last = max(published)
    quiet = now - last
    if quiet <= threshold:
        return None
    return {
        "kind": "silence",
        "source": source,
        "title": f"{source} has published nothing for {_span(quiet)}",
        "detail": f"Last article published {last.isoformat()}; usually every "
        f"{_span(gap) if gap else 'day or so'} (threshold {_span(threshold)}).",
        "last_published_at": last.isoformat(),
    }


def drift_summary(session: Session, source: str) -> dict[str, Any] | None:
    """What a drift alert says when the latest run drifts and the one before did not (a new streak)."""
    runs = recent_runs(session, source, limit=2)
    if not runs or not runs[0].drifting or (len(runs) > 1 and runs[1].drifting):
        return None
    fetched = runs[0].stats.get(f"gbawatch/{source}/fetched", 0)
    return {
        "kind": "drift",
        "source": source,
        "run_id": runs[0].id,
        "title": f"{source}: extraction is drifting (crawl run #{runs[0].id})",
        "detail": f"The site's selectors failed on a large share of {fetched} fetched "
        "articles; the fallback extractor took over. Check the spider.",
    }


def _raise(session: Session, report: AlertReport, kind: str, key: str, source: str, summary: dict[str, Any],
           channels: Sequence[str], tz: str) -> None:
    alert_id = record_alert(session, kind=kind, dedup_key=key, source=source, title=summary["title"],
                            summary=summary)
    if alert_id is not None:
        report.alerts += 1
        report.messages += enqueue_alert(session, alert_id, summary, channels, tz)


def _span(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours / 24:.1f} days" if hours >= 48 else f"{hours:.1f} hours"

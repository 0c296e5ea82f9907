"""The crawl history: one row per source per crawl, with its counts and errors."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import CrawlRun


def start_run(session: Session, source: str) -> CrawlRun:
    run = CrawlRun(source=source, started_at=datetime.now(timezone.utc), status="running")
    session.add(run)
    session.flush()
    return run


def finish_run(session: Session, run_id: int, *, status: str, stats: dict[str, Any],
               errors: list[Any] | None = None, drifting: bool = False) -> None:
    run = session.get(CrawlRun, run_id)
    if run is None:
        return
    run.finished_at = datetime.now(timezone.utc)
    run.status = status
    run.stats = stats
    run.errors = list(errors or [])
    run.drifting = drifting


def list_runs(session: Session, *, source: str | None = None, limit: int = 20) -> list[CrawlRun]:
    query = select(CrawlRun).order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(limit)
    if source:
        query = query.where(CrawlRun.source == source)
    return list(session.scalars(query))

"""The crawl history: one row per source per crawl, with its counts and errors."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import CrawlRun


def start_run(session: Session, source: str) -> CrawlRun:
    run = CrawlRun(source=source, started_at=datetime.now(timezone.utc), status="running", pid=os.getpid(),
                   host=socket.gethostname())
    session.add(run)
    session.flush()
    return run


def finish_run(session: Session, run_id: int, *, status: str, stats: dict[str, Any],
               errors: list[Any] | None = None, drifting: bool = False, complete: bool = False) -> None:
    run = session.get(CrawlRun, run_id)
    if run is None:
        return
    run.finished_at = datetime.now(timezone.utc)
    run.status = status
    run.stats = stats
    run.errors = list(errors or [])
    run.drifting = drifting
    run.complete = complete


def crawl_horizon(session: Session, source: str) -> datetime | None:
    """When the latest complete crawl of `source` began, or None if none ever completed.

    That crawl listed the source down to articles it had seen before, and stored every article it
    listed; so an article first fetched before this moment was in its lists, and everything listed below
    it was crawled then. A list page of such articles is where paging may stop (spiders.base.page_settled).
    """
    return session.scalar(select(func.max(CrawlRun.started_at))
                          .where(CrawlRun.source == source, CrawlRun.complete.is_(True)))


def list_runs(session: Session, *, source: str | None = None, limit: int = 20) -> list[CrawlRun]:
    query = select(CrawlRun).order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(limit)
    if source:
        query = query.where(CrawlRun.source == source)
    return list(session.scalars(query))


def close_orphaned_runs(session: Session, *, alive: Callable[[int], bool]) -> list[CrawlRun]:
    """Runs still 'running' whose process, on this host, is gone (a killed scheduler's crawls): failed now,
    with the reason, instead of at the next housekeeping. Runs of other hosts, or without a pid, are left."""
    host = socket.gethostname()
    running = session.scalars(select(CrawlRun).where(CrawlRun.status == "running", CrawlRun.host == host,
                                                     CrawlRun.pid.is_not(None)))
    orphaned = [run for run in running if run.pid is not None and not alive(run.pid)]
    for run in orphaned:
        run.status = "failed"
        run.finished_at = datetime.now(timezone.utc)
        run.errors = [*(run.errors or []), f"abandoned: its process (pid {run.pid} on {host}) is gone"]
    session.flush()
    return orphaned

"""The crawl frontier: articles listed and requested but not stored yet, per source (see models.FrontierEntry).

Rows are added when a list page yields its requests, and leave once the article is stored (`settle`,
matched by URL key, so whoever stored it) or after `max_attempts` crawls failed to store it (`due`
returns them as abandoned, for the crawl to count and log).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import Article, FrontierEntry


@dataclass(frozen=True)
class ListedArticle:
    """What a crawl needs to request the article again: where, which spider method, with what arguments."""

    url: str
    url_key: str
    callback: str
    errback: str | None = None
    arguments: dict[str, Any] = field(default_factory=dict)


def remember(session: Session, source: str, listed: Iterable[ListedArticle]) -> int:
    """Add what is not in the frontier yet; returns the rows added. Concurrent crawls may add the same
    article: the unique key decides, and the loser's savepoint rolls back alone."""
    wanted = {entry.url_key: entry for entry in listed}
    if not wanted:
        return 0
    present = set(session.scalars(select(FrontierEntry.url_key).where(
        FrontierEntry.source == source, FrontierEntry.url_key.in_(wanted))))
    added = 0
    for key, entry in wanted.items():
        if key in present:
            continue
        try:
            with session.begin_nested():
                session.add(FrontierEntry(source=source, url_key=key, url=entry.url, callback=entry.callback,
                                          errback=entry.errback, arguments=entry.arguments))
            added += 1
        except IntegrityError:
            continue  # another crawl of the source remembered it first
    return added


def settle(session: Session, source: str) -> int:
    """Drop the entries whose article is stored now; returns how many."""
    stored = exists().where(Article.url_key == FrontierEntry.url_key)
    result = session.execute(delete(FrontierEntry).where(FrontierEntry.source == source, stored)
                             .execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def due(session: Session, source: str, *, max_attempts: int) -> tuple[list[ListedArticle], list[ListedArticle]]:
    """What this crawl should request again (each counted as one more attempt), and what it gives up on
    (removed): entries already requested again by `max_attempts` crawls without being stored."""
    settle(session, source)
    retry: list[ListedArticle] = []
    abandoned: list[ListedArticle] = []
    for row in session.scalars(select(FrontierEntry).where(FrontierEntry.source == source)
                               .order_by(FrontierEntry.id)):
        entry = ListedArticle(row.url, row.url_key, row.callback, row.errback, dict(row.arguments or {}))
        if row.attempts >= max_attempts:
            abandoned.append(entry)
            session.delete(row)
        else:
            row.attempts += 1
            retry.append(entry)
    return retry, abandoned

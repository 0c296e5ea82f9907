"""Keep the search index in step with `article`: drain the queue the triggers fill into the back end's index.

    index_pending(session)   # after storing articles, in the same transaction: stored means findable

The back end (storage.backends) writes the entries, with the one search key (storage.search_key).
"""

from __future__ import annotations

import logging

from sqlalchemy import delete, func, select, text, tuple_
from sqlalchemy.orm import Session

from storage.archive_models import GramQueue, SearchQueue
from storage.backends import backend_for
from storage.backends.base import IndexedArticle
from storage.models import Article

logger = logging.getLogger(__name__)


def pending_count(session: Session) -> int:
    """Articles awaiting the search index: new or changed ones, and older ones awaiting their n-gram row."""
    queued = session.scalar(select(func.count()).select_from(SearchQueue)) or 0
    return int(queued) + int(session.scalar(select(func.count()).select_from(GramQueue)) or 0)


def grams_pending(session: Session) -> bool:
    """True while articles indexed before the phrase prefilter await their n-gram row (search skips it)."""
    return session.scalar(select(GramQueue.article_id).limit(1)) is not None


def _read_articles(session: Session, ids: list[int]) -> list[IndexedArticle]:
    rows = session.execute(
        select(Article.id, Article.title, Article.text, Article.published_at).where(Article.id.in_(ids))
    )
    return [IndexedArticle(*row) for row in rows]


def index_pending(session: Session, *, batch: int = 500, limit: int | None = None) -> int:
    """Index queued articles (new or changed) in batches, then any awaiting only their n-grams; returns how
    many. Runs in the caller's transaction; commit afterwards."""
    backend = backend_for(session)
    done = 0
    while limit is None or done < limit:
        size = batch if limit is None else min(batch, limit - done)
        queued = session.execute(
            select(SearchQueue.article_id, SearchQueue.version).order_by(SearchQueue.article_id).limit(size)
        ).all()
        if not queued:
            break
        ids = [article_id for article_id, _ in queued]
        backend.write_documents(session, _read_articles(session, ids))
        # Their n-grams are written (or rewritten) too: none of them awaits the backfill any more.
        session.execute(delete(GramQueue).where(GramQueue.article_id.in_(ids)))
        # Only the versions we read: an article changed meanwhile stays queued and is indexed next time.
        session.execute(
            delete(SearchQueue).where(
                tuple_(SearchQueue.article_id, SearchQueue.version).in_([tuple(q) for q in queued])
            )
        )
        done += len(queued)
        logger.debug("indexed %d articles", done)
    if limit is None or done < limit:
        done += _backfill_grams(session, batch=batch, limit=None if limit is None else limit - done)
    return done


def _backfill_grams(session: Session, *, batch: int, limit: int | None) -> int:
    """Write the n-gram rows of articles indexed before migration 0007 (the gram queue); returns how many."""
    backend = backend_for(session)
    done = 0
    while limit is None or done < limit:
        size = batch if limit is None else min(batch, limit - done)
        ids = list(session.scalars(select(GramQueue.article_id).order_by(GramQueue.article_id).limit(size)))
        if not ids:
            break
        backend.write_grams(session, _read_articles(session, ids))
        session.execute(delete(GramQueue).where(GramQueue.article_id.in_(ids)))
        done += len(ids)
        logger.debug("wrote n-grams of %d articles indexed earlier", done)
    return done


def rebuild(session: Session) -> int:
    """Queue every article and index them all (after a change of the search key, or a suspect index)."""
    session.execute(delete(SearchQueue))
    session.execute(delete(GramQueue))
    backend_for(session).clear_index(session)
    session.execute(text("INSERT INTO search_queue (article_id, version) SELECT id, 1 FROM article"))
    return index_pending(session)

"""Keep the search index in step with `article`: drain the queue the triggers fill (FTS5 or tsvector)."""

from __future__ import annotations

import logging

from sqlalchemy import bindparam, delete, func, select, text, tuple_
from sqlalchemy.orm import Session

from storage.archive_models import SearchQueue
from storage.fts import Normalise, basic_normalise, docid, fts5_document, tsvector_literal
from storage.models import Article

logger = logging.getLogger(__name__)

_FTS_DELETE = text(
    "DELETE FROM article_fts WHERE rowid IN (SELECT docid FROM search_doc WHERE article_id IN :ids)"
).bindparams(bindparam("ids", expanding=True))
_DOC_DELETE = text("DELETE FROM search_doc WHERE article_id IN :ids").bindparams(bindparam("ids", expanding=True))
_FTS_INSERT = text("INSERT INTO article_fts (rowid, title, body) VALUES (:docid, :title, :body)")
_DOC_INSERT = text("INSERT INTO search_doc (article_id, docid) VALUES (:id, :docid)")
_PG_UPSERT = text(
    "INSERT INTO article_search (article_id, document) VALUES (:id, CAST(:document AS tsvector)) "
    "ON CONFLICT (article_id) DO UPDATE SET document = excluded.document"
)


def pending_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(SearchQueue)) or 0)


def index_pending(
    session: Session, normalise: Normalise = basic_normalise, *, batch: int = 500, limit: int | None = None
) -> int:
    """Index queued articles (new or changed) in batches; returns how many. Call after storing articles.

    The caller passes the same `normalise` it uses for queries (gba-watch: nlp.convert.normalise_for_search).
    Runs in the caller's transaction; commit afterwards.
    """
    postgres = session.get_bind().dialect.name == "postgresql"
    done = 0
    while limit is None or done < limit:
        size = batch if limit is None else min(batch, limit - done)
        queued = session.execute(
            select(SearchQueue.article_id, SearchQueue.version).order_by(SearchQueue.article_id).limit(size)
        ).all()
        if not queued:
            break
        ids = [article_id for article_id, _ in queued]
        rows = session.execute(
            select(Article.id, Article.title, Article.text, Article.published_at).where(Article.id.in_(ids))
        ).all()
        if postgres:
            documents = [{"id": i, "document": tsvector_literal(title, body, normalise)} for i, title, body, _ in rows]
            if documents:
                session.execute(_PG_UPSERT, documents)
        else:
            session.execute(_FTS_DELETE, {"ids": ids})
            session.execute(_DOC_DELETE, {"ids": ids})
            documents = []
            for article_id, title, body, published_at in rows:
                title_tokens, body_tokens = fts5_document(title, body, normalise)
                documents.append(
                    {
                        "id": article_id,
                        "docid": docid(article_id, published_at),
                        "title": title_tokens,
                        "body": body_tokens,
                    }
                )
            if documents:
                session.execute(_FTS_INSERT, documents)
                session.execute(_DOC_INSERT, documents)
        # Only the versions we read: an article changed meanwhile stays queued and is indexed next time.
        session.execute(
            delete(SearchQueue).where(
                tuple_(SearchQueue.article_id, SearchQueue.version).in_([tuple(q) for q in queued])
            )
        )
        done += len(queued)
        logger.debug("indexed %d articles", done)
    return done


def rebuild(session: Session, normalise: Normalise = basic_normalise) -> int:
    """Queue every article and index them all (after a change of normaliser, or a suspect index)."""
    session.execute(delete(SearchQueue))
    if session.get_bind().dialect.name != "postgresql":
        session.execute(text("DELETE FROM article_fts"))
        session.execute(text("DELETE FROM search_doc"))
    session.execute(text("INSERT INTO search_queue (article_id, version) SELECT id, 1 FROM article"))
    return index_pending(session, normalise)

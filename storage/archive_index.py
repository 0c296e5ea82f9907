"""Keep the search index in step with `article`: drain the queue the triggers fill (FTS5 or tsvector)."""

from __future__ import annotations

import logging

from sqlalchemy import bindparam, delete, func, select, text, tuple_
from sqlalchemy.orm import Session

from storage.archive_models import GramQueue, SearchQueue
from storage.fts import (
    Normalise,
    basic_normalise,
    docid,
    fts5_document,
    grams_document,
    grams_tsvector,
    tsvector_literal,
)
from storage.models import Article

logger = logging.getLogger(__name__)

_FTS_DELETE = text(
    "DELETE FROM article_fts WHERE rowid IN (SELECT docid FROM search_doc WHERE article_id IN :ids)"
).bindparams(bindparam("ids", expanding=True))
_DOC_DELETE = text("DELETE FROM search_doc WHERE article_id IN :ids").bindparams(bindparam("ids", expanding=True))
_FTS_INSERT = text("INSERT INTO article_fts (rowid, title, body) VALUES (:docid, :title, :body)")
_DOC_INSERT = text("INSERT INTO search_doc (article_id, docid) VALUES (:id, :docid)")
# The n-gram table takes no deletes (migration 0007): a re-indexed article gets a second row under its id,
# whose union with the first still holds every n-gram it has, which is all the prefilter needs.
_GRAMS_INSERT = text("INSERT INTO article_grams (rowid, grams) VALUES (:id, :grams)")
_PG_UPSERT = text(
    "INSERT INTO article_search (article_id, document, grams) "
    "VALUES (:id, CAST(:document AS tsvector), CAST(:grams AS tsvector)) "
    "ON CONFLICT (article_id) DO UPDATE SET document = excluded.document, grams = excluded.grams"
)
_PG_GRAMS = text("UPDATE article_search SET grams = CAST(:grams AS tsvector) WHERE article_id = :id")


def pending_count(session: Session) -> int:
    """Articles awaiting the search index: new or changed ones, and older ones awaiting their n-gram row."""
    queued = session.scalar(select(func.count()).select_from(SearchQueue)) or 0
    return int(queued) + int(session.scalar(select(func.count()).select_from(GramQueue)) or 0)


def grams_pending(session: Session) -> bool:
    """True while articles indexed before the phrase prefilter await their n-gram row (search skips it)."""
    return session.scalar(select(GramQueue.article_id).limit(1)) is not None


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
            documents = [
                {
                    "id": i,
                    "document": tsvector_literal(title, body, normalise),
                    "grams": grams_tsvector(title, body, normalise),
                }
                for i, title, body, _ in rows
            ]
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
                _write_grams(session, [(i, title, body) for i, title, body, _ in rows], normalise, postgres=False)
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
        done += _backfill_grams(session, normalise, batch=batch, limit=None if limit is None else limit - done)
    return done


def _backfill_grams(session: Session, normalise: Normalise, *, batch: int, limit: int | None) -> int:
    """Write the n-gram rows of articles indexed before migration 0007 (the gram queue); returns how many."""
    done = 0
    while limit is None or done < limit:
        size = batch if limit is None else min(batch, limit - done)
        ids = list(session.scalars(select(GramQueue.article_id).order_by(GramQueue.article_id).limit(size)))
        if not ids:
            break
        rows = session.execute(select(Article.id, Article.title, Article.text).where(Article.id.in_(ids))).all()
        _write_grams(
            session,
            [(i, title, body) for i, title, body in rows],
            normalise,
            postgres=session.get_bind().dialect.name == "postgresql",
        )
        session.execute(delete(GramQueue).where(GramQueue.article_id.in_(ids)))
        done += len(ids)
        logger.debug("wrote n-grams of %d articles indexed earlier", done)
    return done


def _write_grams(session: Session, rows: list[tuple[int, str, str]], normalise: Normalise, *, postgres: bool) -> None:
    """Write the prefilter n-grams of (id, title, text) rows: FTS5 rows, or the tsvector column."""
    if not rows:
        return
    if postgres:
        session.execute(
            _PG_GRAMS, [{"id": i, "grams": grams_tsvector(title, body, normalise)} for i, title, body in rows]
        )
    else:
        session.execute(
            _GRAMS_INSERT, [{"id": i, "grams": grams_document(title, body, normalise)} for i, title, body in rows]
        )


def rebuild(session: Session, normalise: Normalise = basic_normalise) -> int:
    """Queue every article and index them all (after a change of normaliser, or a suspect index)."""
    session.execute(delete(SearchQueue))
    session.execute(delete(GramQueue))
    if session.get_bind().dialect.name != "postgresql":
        session.execute(text("DELETE FROM article_fts"))
        session.execute(text("DELETE FROM search_doc"))
        session.execute(text("INSERT INTO article_grams (article_grams) VALUES ('delete-all')"))
    session.execute(text("INSERT INTO search_queue (article_id, version) SELECT id, 1 FROM article"))
    return index_pending(session, normalise)

"""SQLite: FTS5 tables of CJK-bigram tokens keyed by time-ordered docids, n-grams in a contentless FTS5 table."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Engine,
    LargeBinary,
    bindparam,
    cast,
    column,
    event,
    func,
    literal_column,
    make_url,
    select,
    table,
    text,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from storage.backends.base import DayCount, DayCountQuery, IndexedArticle, MatchQuery, SearchBackend, Statement
from storage.errors import DatabaseUnavailable, NoDatabase, StorageError
from storage.fts import And, Node, Not, Or, QueryError, Term, article_grams, document_tokens, keyed_grams
from storage.models import Article
from storage.search_key import search_key
from storage.types import UTCDateTime

DOCID_BITS = 26  # article ids below 2**26 (67 million); the minute of publication above them
DOCID_MASK = (1 << DOCID_BITS) - 1

_FTS = table("article_fts", column("rowid"))
_FTS_NAME: ColumnClause[Any] = literal_column("article_fts")
_GRAMS = table("article_grams", column("rowid"))
_GRAMS_NAME: ColumnClause[Any] = literal_column("article_grams")
_DOC = table("search_doc", column("article_id"), column("docid"))

_FTS_DELETE = text(
    "DELETE FROM article_fts WHERE rowid IN (SELECT docid FROM search_doc WHERE article_id IN :ids)"
).bindparams(bindparam("ids", expanding=True))
_DOC_DELETE = text("DELETE FROM search_doc WHERE article_id IN :ids").bindparams(bindparam("ids", expanding=True))
_FTS_INSERT = text("INSERT INTO article_fts (rowid, title, body) VALUES (:docid, :title, :body)")
_DOC_INSERT = text("INSERT INTO search_doc (article_id, docid) VALUES (:id, :docid)")
# The n-gram table takes no deletes (migration 0007): a re-indexed article gets a second row under its id,
# whose union with the first still holds every n-gram it has, which is all the prefilter needs.
_GRAMS_INSERT = text("INSERT INTO article_grams (rowid, grams) VALUES (:id, :grams)")


def docid(article_id: int, published_at: datetime) -> int:
    """The FTS5 rowid of an article: publication minute, then id. Unique, and ordered by time, so FTS5 yields
    the newest matches first without sorting them all; `docid & DOCID_MASK` is the article id."""
    if article_id > DOCID_MASK:
        raise StorageError(f"article id {article_id} too large for the search index (max {DOCID_MASK})")
    return (max(0, int(published_at.timestamp()) // 60) << DOCID_BITS) | article_id


def docid_floor(moment: datetime) -> int:
    """The smallest docid of articles published at or after `moment` (to the minute)."""
    return max(0, int(moment.timestamp()) // 60) << DOCID_BITS


def to_fts5(node: Node) -> str:
    """FTS5 MATCH text built from our tokens only (double-quoted strings, AND / OR / NOT, parentheses)."""
    if isinstance(node, Term):
        quoted = '"' + " ".join(node.phrase.tokens).replace('"', '""') + '"'
        return quoted + ("*" if node.phrase.prefix else "")
    if isinstance(node, Or):
        return "(" + " OR ".join(to_fts5(child) for child in node.nodes) + ")"
    if isinstance(node, And):
        positives = [to_fts5(c) for c in node.nodes if not isinstance(c, Not)]
        negatives = [to_fts5(c.node) for c in node.nodes if isinstance(c, Not)]
        text_ = "(" + " AND ".join(positives) + ")"
        for negative in negatives:  # FTS5's NOT is binary: (a AND b) NOT c NOT d
            text_ = f"({text_} NOT {negative})"
        return text_
    raise QueryError("a query cannot only exclude")


def to_grams_match(grams: frozenset[str]) -> str:
    """FTS5 MATCH text for the prefilter table: all of the n-grams (quoted, so nothing is syntax)."""
    return " AND ".join('"' + gram.replace('"', '""') + '"' for gram in sorted(grams))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the digest and search read while a crawl writes; foreign keys are off by default.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _utc_offset(tz: str) -> str:
    """The zone's current UTC offset as an SQLite date modifier: SQLite has no zone data (exact for zones
    without daylight saving, like Hong Kong's)."""
    offset = ZoneInfo(tz).utcoffset(datetime.now()) or timedelta(0)
    return f"{int(offset.total_seconds() // 60):+d} minutes"


class SQLiteFTS5(SearchBackend):
    """FTS5 rows whose rowid is a docid (publication minute, article id): the newest matches stream off the
    index and a date range is a rowid range. `search_doc` maps articles to docids."""

    name = "sqlite"

    @classmethod
    def prepare_engine(cls, engine: Engine) -> None:
        event.listen(engine, "connect", _sqlite_pragmas)

    @classmethod
    def require_existing(cls, url: str) -> None:
        """Connecting creates a missing file and switches an existing one to WAL: look first, read-only."""
        path = make_url(url).database
        if not path or path == ":memory:":
            return
        if not Path(path).exists():
            raise NoDatabase(f"no database at {path}: run `gbawatch db upgrade` or a crawl first")
        try:
            probe = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
            try:
                ours = probe.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'article'").fetchone()
            finally:
                probe.close()
        except sqlite3.DatabaseError as exc:
            raise DatabaseUnavailable(f"cannot read database {path}: {exc}") from exc
        if not ours:
            raise NoDatabase(f"the database at {path} has no gba-watch tables: run `gbawatch db upgrade` first")

    def write_documents(self, session: Session, articles: Sequence[IndexedArticle]) -> None:
        ids = [a.id for a in articles]
        if not ids:
            return
        session.execute(_FTS_DELETE, {"ids": ids})
        session.execute(_DOC_DELETE, {"ids": ids})
        documents, grams = [], []
        for article in articles:
            title, body = search_key(article.title), search_key(article.text)
            documents.append(
                {
                    "id": article.id,
                    "docid": docid(article.id, article.published_at),
                    "title": " ".join(document_tokens(title)),
                    "body": " ".join(document_tokens(body)),
                }
            )
            grams.append({"id": article.id, "grams": " ".join(keyed_grams(title, body))})
        session.execute(_FTS_INSERT, documents)
        session.execute(_DOC_INSERT, documents)
        session.execute(_GRAMS_INSERT, grams)

    def write_grams(self, session: Session, articles: Sequence[IndexedArticle]) -> None:
        if articles:
            session.execute(
                _GRAMS_INSERT, [{"id": a.id, "grams": " ".join(article_grams(a.title, a.text))} for a in articles]
            )

    def clear_index(self, session: Session) -> None:
        session.execute(text("DELETE FROM article_fts"))
        session.execute(text("DELETE FROM search_doc"))
        session.execute(text("INSERT INTO article_grams (article_grams) VALUES ('delete-all')"))

    def match(self, query: MatchQuery) -> Statement:
        # FTS5 rowids are docids, ordered by publication time: the newest matches stream off the index, the
        # date range narrows the rowid range, and the filters are checked per row until enough have passed.
        rowid = _FTS.c.rowid
        narrowing: list[ColumnElement[bool]] = []
        if query.since is not None:
            narrowing.append(rowid >= docid_floor(query.since))
        if query.until is not None:
            narrowing.append(rowid < docid_floor(query.until) + (1 << DOCID_BITS))
        if query.candidates is not None:
            narrowing.append(rowid.in_(query.candidates))
        article_id = rowid.op("&")(DOCID_MASK)
        newest = (
            select(article_id.label("id"), literal_column("0.0").label("score"))
            .join_from(_FTS, Article, Article.id == article_id)
            .where(_FTS_NAME.op("MATCH")(bindparam("match", to_fts5(query.node))), *query.conditions, *narrowing)
            .order_by(rowid.desc())
        )
        return newest.limit(query.limit) if query.limit else newest

    def gram_candidates(self, session: Session, grams: frozenset[str], limit: int) -> list[int]:
        """Docids, not article ids: `match` narrows the FTS5 rowid range with them."""
        query = (
            select(_DOC.c.docid)
            .select_from(_GRAMS)
            .join(_DOC, _DOC.c.article_id == _GRAMS.c.rowid)
            .where(_GRAMS_NAME.op("MATCH")(bindparam("grams", to_grams_match(grams))))
            .limit(limit)
        )
        return [row[0] for row in session.execute(query)]

    def byte_length(self, value: Any) -> ColumnElement[Any]:
        return func.length(cast(value, LargeBinary))

    def day_counts(self, session: Session, query: DayCountQuery) -> list[DayCount]:
        """Mentions per article straight off the (entity_id, article_id) index, then each article's date and
        source from the narrow (id, published_at, source_id) index: SQLite would otherwise read the wide
        article rows (INDEXED BY has no SQLAlchemy construct, hence the text)."""
        since, until = query.since, query.until
        where = (" AND a.published_at >= :since" if since else "") + (" AND a.published_at < :until" if until else "")
        source = "s.name" if query.by_source else "NULL"
        join = " JOIN source s ON s.id = a.source_id" if query.by_source else ""
        group = "day, s.name" if query.by_source else "day"
        statement = text(
            f"SELECT strftime('%Y-%m-%d', a.published_at, :offset) AS day, {source}, count(*), sum(m.n) "
            "FROM (SELECT article_id, count(*) AS n FROM mention WHERE entity_id IN :ids GROUP BY article_id) AS m "
            f"JOIN article AS a INDEXED BY ix_article_id_published_source ON a.id = m.article_id{join} "
            f"WHERE 1 = 1{where} GROUP BY {group}"
        ).bindparams(
            bindparam("ids", expanding=True),
            *(bindparam(name, type_=UTCDateTime()) for name, value in (("since", since), ("until", until)) if value),
        )
        params: dict[str, Any] = {"ids": list(query.entity_ids), "offset": _utc_offset(query.tz)}
        params |= {k: v for k, v in (("since", since), ("until", until)) if v is not None}
        return [DayCount(date.fromisoformat(day), *rest) for day, *rest in session.execute(statement, params)]

    def json_array_values(self, column: Any) -> Any:
        return func.json_each(column).table_valued("value")

    def insert_ignoring_conflicts(self, session: Session, model: type[Any], values: dict[str, Any]) -> int | None:
        statement = sqlite.insert(model).values(**values).on_conflict_do_nothing().returning(model.id)
        return session.execute(statement).scalar_one_or_none()

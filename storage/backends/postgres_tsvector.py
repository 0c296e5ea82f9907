"""PostgreSQL: a tsvector of CJK-bigram tokens per article with a GIN index, n-grams in a position-free one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    bindparam,
    cast,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import TSQUERY, TSVECTOR
from sqlalchemy.orm import Session

from storage.backends.base import DayCount, DayCountQuery, IndexedArticle, MatchQuery, SearchBackend, Statement
from storage.fts import Node, Not, Or, Term, article_grams, document_tokens, keyed_grams
from storage.models import Article, Mention, Source
from storage.search_key import search_key

MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
MAX_POSITIONS = 256  # positions it keeps per lexeme

_PG = table("article_search", column("article_id"), column("document", TSVECTOR), column("grams", TSVECTOR))
_UPSERT = text(
    "INSERT INTO article_search (article_id, document, grams) "
    "VALUES (:id, CAST(:document AS tsvector), CAST(:grams AS tsvector)) "
    "ON CONFLICT (article_id) DO UPDATE SET document = excluded.document, grams = excluded.grams"
)
_SET_GRAMS = text("UPDATE article_search SET grams = CAST(:grams AS tsvector) WHERE article_id = :id")


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def to_tsquery(node: Node) -> str:
    """tsquery input text (cast, not parsed by to_tsquery(), so our tokens stay as they are)."""
    if isinstance(node, Term):
        parts = [_lexeme(t) for t in node.phrase.tokens]
        if node.phrase.prefix:
            parts[-1] += ":*"
        return "(" + " <-> ".join(parts) + ")"
    if isinstance(node, Not):
        return "!" + to_tsquery(node.node)
    joiner = " | " if isinstance(node, Or) else " & "
    return "(" + joiner.join(to_tsquery(child) for child in node.nodes) + ")"


def grams_tsquery(grams: frozenset[str]) -> str:
    """tsquery input text requiring all of the n-grams."""
    return " & ".join(_lexeme(gram) for gram in sorted(grams))


def grams_tsvector(grams: Sequence[str]) -> str:
    """The prefilter's n-grams as tsvector input text, without positions."""
    return " ".join(_lexeme(gram) for gram in grams)


def tsvector_literal(title_key: str, text_key: str) -> str:
    """tsvector input text of normalised title and text: title tokens weighted A, body tokens unweighted,
    positions as in FTS5.

    PostgreSQL caps positions at 16383 and keeps 256 positions per lexeme, so in very long articles
    phrases are matched on the first ~16,000 tokens; single words match anywhere.
    """
    positions: dict[str, list[str]] = {}
    title_tokens = document_tokens(title_key)
    for index, token in enumerate(title_tokens, start=1):
        positions.setdefault(token, []).append(f"{min(index, MAX_POSITION)}A")
    start = len(title_tokens) + 2  # a gap, so no phrase runs from the title into the body
    for index, token in enumerate(document_tokens(text_key), start=start):
        positions.setdefault(token, []).append(str(min(index, MAX_POSITION)))
    return " ".join(f"{_lexeme(token)}:{','.join(places[:MAX_POSITIONS])}" for token, places in positions.items())


class PostgresTsvector(SearchBackend):
    """`article_search` holds each article's token tsvector (`document`) and n-gram tsvector (`grams`)."""

    name = "postgresql"

    @classmethod
    def engine_url(cls, url: str) -> str:
        # psycopg 3 is the driver we ship; SQLAlchemy's default for a bare postgresql:// is psycopg2.
        if url.startswith("postgresql://"):
            return "postgresql+psycopg://" + url[len("postgresql://") :]
        return url

    @classmethod
    def engine_options(cls) -> dict[str, Any]:
        return {"pool_pre_ping": True, "connect_args": {"connect_timeout": 5}}

    def write_documents(self, session: Session, articles: Sequence[IndexedArticle]) -> None:
        documents = []
        for article in articles:
            title, body = search_key(article.title), search_key(article.text)
            documents.append(
                {
                    "id": article.id,
                    "document": tsvector_literal(title, body),
                    "grams": grams_tsvector(keyed_grams(title, body)),
                }
            )
        if documents:
            session.execute(_UPSERT, documents)

    def write_grams(self, session: Session, articles: Sequence[IndexedArticle]) -> None:
        if articles:
            session.execute(
                _SET_GRAMS, [{"id": a.id, "grams": grams_tsvector(article_grams(a.title, a.text))} for a in articles]
            )

    def clear_index(self, session: Session) -> None:
        """Nothing to empty: every article's row is overwritten (upsert) when the queue is drained."""

    def match(self, query: MatchQuery) -> Statement:
        tsquery = cast(bindparam("tsquery", to_tsquery(query.node)), TSQUERY)
        # A condition on the n-grams themselves would let the planner intersect a common phrase's whole
        # posting lists where walking the date index stops after the first matches: give it ids, or nothing.
        narrowing = [_PG.c.article_id.in_(query.candidates)] if query.candidates is not None else []
        stmt: Statement = (
            select(Article.id, literal_column("0.0").label("score"))
            .join_from(_PG, Article, Article.id == _PG.c.article_id)
            .where(_PG.c.document.op("@@")(tsquery), *query.conditions, *narrowing)
            .order_by(Article.published_at.desc(), Article.id.desc())
        )
        return stmt.limit(query.limit) if query.limit else stmt

    def gram_candidates(self, session: Session, grams: frozenset[str], limit: int) -> list[int]:
        # Without positions the GIN answer is exact (no recheck), so the LIMIT stops the heap visits early.
        query = (
            select(_PG.c.article_id)
            .where(_PG.c.grams.op("@@")(cast(bindparam("grams", grams_tsquery(grams)), TSQUERY)))
            .limit(limit)
        )
        return [row[0] for row in session.execute(query)]

    def byte_length(self, value: Any) -> ColumnElement[Any]:
        return func.octet_length(value)

    def day_counts(self, session: Session, query: DayCountQuery) -> list[DayCount]:
        day = func.to_char(func.timezone(query.tz, Article.published_at), "YYYY-MM-DD").label("day")
        source = Source.name if query.by_source else literal(None)
        per_article = (
            select(Mention.article_id, func.count().label("n"))
            .where(Mention.entity_id.in_(list(query.entity_ids)))
            .group_by(Mention.article_id)
            .subquery()
        )
        statement = (
            select(day, source.label("source"), func.count(), func.sum(per_article.c.n))
            .select_from(per_article)
            .join(Article, Article.id == per_article.c.article_id)
        )
        if query.by_source:
            statement = statement.join(Source, Source.id == Article.source_id)
        if query.since is not None:
            statement = statement.where(Article.published_at >= query.since)
        if query.until is not None:
            statement = statement.where(Article.published_at < query.until)
        statement = statement.group_by(day, source) if query.by_source else statement.group_by(day)
        return [DayCount(date.fromisoformat(day), *rest) for day, *rest in session.execute(statement)]

    def json_array_values(self, column: Any) -> Any:
        return func.json_array_elements_text(column).table_valued("value")

    def insert_ignoring_conflicts(self, session: Session, model: type[Any], values: dict[str, Any]) -> int | None:
        statement = postgresql.insert(model).values(**values).on_conflict_do_nothing().returning(model.id)
        return session.execute(statement).scalar_one_or_none()

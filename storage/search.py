"""Search the archive: one query API over SQLite FTS5 and PostgreSQL tsvector, with filters and snippets.

The caller passes `normalise` (gba-watch: nlp.convert.normalise_for_search), the same function the index
was built with (storage.archive_index), so a query in either script finds articles in either script.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

import numpy as np
from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    LargeBinary,
    Select,
    bindparam,
    cast,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.dialects.postgresql import TSQUERY, TSVECTOR
from sqlalchemy.orm import Session

from storage.archive_index import grams_pending
from storage.archive_models import StoryMember
from storage.fts import (
    DOCID_BITS,
    DOCID_MASK,
    Node,
    Normalise,
    Phrase,
    QueryError,
    basic_normalise,
    docid_floor,
    grams_tsquery,
    parse_query,
    positive_phrases,
    required_grams,
    to_fts5,
    to_grams_match,
    to_tsquery,
)
from storage.models import Article, Entity, Mention, Source
from storage.profile_models import ArticleRelevance
from storage.ranking import bm25_table


class UnknownEntity(QueryError):
    """Raised by resolve_entities / search when an entity filter names no known entity."""


class Order(enum.StrEnum):
    RELEVANCE = "relevance"  # BM25 over the newest matches (storage.ranking); title matches weigh more
    RECENT = "recent"  # newest first


@dataclass(frozen=True)
class SearchFilters:
    sources: tuple[str, ...] = ()  # any of
    since: datetime | None = None  # published_at >= since
    until: datetime | None = None  # published_at < until
    entities: tuple[str, ...] = ()  # each of: canonical name or alias, either script
    entity_types: tuple[str, ...] = ()  # mentions an entity of any of these types
    sections: tuple[str, ...] = ()  # any of
    profile: str | None = None  # relevant to this topic profile: a stored score of at least…
    min_profile_relevance: float = 0.0  # …this (storage.profile_models.ArticleRelevance)


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    url: str
    source: str
    title: str
    published_at: datetime
    snippet: str
    score: float = 0.0
    section: str | None = None
    cluster_id: int | None = None
    also: tuple[int, ...] = field(default=())  # same-story articles folded into this hit (collapse=True)


RANK_WINDOW = 1000
# The phrase prefilter answers a query among its candidates when there are at most this many: each costs
# article_fts a lookup per token (~0.15 ms), where a scan costs ~1 µs per article holding all the tokens.
GRAM_CANDIDATES = 100
_FTS = table("article_fts", column("rowid"))
_GRAMS = table("article_grams", column("rowid"))
_GRAMS_NAME: ColumnClause[Any] = literal_column("article_grams")
_DOC = table("search_doc", column("article_id"), column("docid"))
_FTS_NAME: ColumnClause[Any] = literal_column("article_fts")
_PG = table("article_search", column("article_id"), column("document", TSVECTOR), column("grams", TSVECTOR))


def resolve_entities(
    session: Session, name: str, *, types: Sequence[str] = (), normalise: Normalise = basic_normalise
) -> list[int]:
    """Ids of the entities called `name` (canonical or alias, Traditional or Simplified)."""
    variants = sorted({name.strip(), normalise(name)} - {""})
    if not variants:
        raise UnknownEntity("an entity filter needs a name")
    type_filter = [Entity.type.in_(types)] if types else []
    ids = set(
        session.scalars(
            select(Entity.id).where(
                or_(Entity.canonical.in_(variants), Entity.canonical_simplified.in_(variants)), *type_filter
            )
        )
    )
    if session.get_bind().dialect.name == "postgresql":
        alias = func.json_array_elements_text(Entity.aliases).table_valued("value").alias("alias")
    else:
        alias = func.json_each(Entity.aliases).table_valued("value").alias("alias")
    ids |= set(
        session.scalars(
            select(Entity.id)
            .select_from(Entity)
            .join(alias, literal_column("true"))
            .where(alias.c.value.in_(variants), *type_filter)
        )
    )
    if not ids:
        raise UnknownEntity(f"no entity called {name!r}" + (f" of type {', '.join(types)}" if types else ""))
    return sorted(ids)


def filter_conditions(
    session: Session, filters: SearchFilters, normalise: Normalise = basic_normalise
) -> list[ColumnElement[bool]]:
    """WHERE conditions on Article for the filters (shared by search, export and trends)."""
    conditions: list[ColumnElement[bool]] = []
    if filters.sources:
        conditions.append(Article.source_id.in_(select(Source.id).where(Source.name.in_(filters.sources))))
    if filters.since is not None:
        conditions.append(Article.published_at >= filters.since)
    if filters.until is not None:
        conditions.append(Article.published_at < filters.until)
    if filters.sections:
        conditions.append(Article.section.in_(filters.sections))
    # EXISTS, probed per candidate row through the mention index, lets the date-ordered scan stop after
    # the first hits; IN (all of an entity's articles) materialises tens of thousands of ids per query.
    for name in filters.entities:
        ids = resolve_entities(session, name, types=filters.entity_types, normalise=normalise)
        conditions.append(
            select(Mention.id).where(Mention.article_id == Article.id, Mention.entity_id.in_(ids)).exists()
        )
    if filters.entity_types and not filters.entities:
        conditions.append(
            select(Mention.id)
            .join(Entity, Entity.id == Mention.entity_id)
            .where(Mention.article_id == Article.id, Entity.type.in_(filters.entity_types))
            .exists()
        )
    if filters.profile is not None:
        # A primary-key probe per candidate, like the entity filter: the date-ordered scan can stop early.
        conditions.append(
            select(ArticleRelevance.article_id)
            .where(
                ArticleRelevance.article_id == Article.id,
                ArticleRelevance.profile == filters.profile,
                ArticleRelevance.score >= filters.min_profile_relevance,
            )
            .exists()
        )
    return conditions


def matching_query(
    session: Session,
    query: str,
    *,
    filters: SearchFilters = SearchFilters(),
    order: Order = Order.RELEVANCE,
    normalise: Normalise = basic_normalise,
    rank_window: int | None = RANK_WINDOW,
    prefilter: bool = True,
) -> tuple[Select, Node | None]:  # type: ignore[type-arg]  # 2.0 and 2.1 parametrise it differently
    """SELECT article id, score (0) for a query and filters, newest first. An empty query lists by date.

    With Order.RELEVANCE the statement stops at the `rank_window` newest matches (all of them with
    rank_window=None): the candidates `search` ranks with storage.ranking.bm25_table. Scoring every match of a
    word found in half a million articles costs seconds, and in a news archive the best of the recent
    matches is what an analyst wants first.

    A query whose every match must hold a Han run of four or more characters is first narrowed by its
    n-grams (`prefilter`, phrase_candidates); the result is the same either way.
    """
    node = parse_query(query, normalise)
    conditions = filter_conditions(session, filters, normalise)
    if node is None:
        stmt: Any = select(Article.id, literal_column("0.0").label("score")).where(*conditions)
        return stmt.order_by(Article.published_at.desc(), Article.id.desc()), None
    if session.get_bind().dialect.name == "postgresql":
        tsquery = cast(bindparam("tsquery", to_tsquery(node)), TSQUERY)
        # A condition on the n-grams themselves would let the planner intersect a common phrase's whole
        # posting lists where walking the date index stops after the first matches: give it ids, or nothing.
        candidates = phrase_candidates(session, node) if prefilter else None
        if candidates is not None:
            conditions.append(_PG.c.article_id.in_(candidates))
        stmt = (
            select(Article.id, literal_column("0.0").label("score"))
            .join_from(_PG, Article, Article.id == _PG.c.article_id)
            .where(_PG.c.document.op("@@")(tsquery), *conditions)
            .order_by(Article.published_at.desc(), Article.id.desc())
        )
        return (stmt if order == Order.RECENT or not rank_window else stmt.limit(rank_window)), node
    # FTS5 rowids are docids, ordered by publication time: the newest matches stream off the index, the
    # date range narrows the rowid range, and the filters are checked per row until enough have passed.
    docid = _FTS.c.rowid
    article_id = docid.op("&")(DOCID_MASK)
    if filters.since is not None:
        conditions.append(docid >= docid_floor(filters.since))
    if filters.until is not None:
        conditions.append(docid < docid_floor(filters.until) + (1 << DOCID_BITS))
    candidates = phrase_candidates(session, node) if prefilter else None
    if candidates is not None:
        conditions.append(docid.in_(candidates))
    newest = (
        select(article_id.label("id"), literal_column("0.0").label("score"))
        .join_from(_FTS, Article, Article.id == article_id)
        .where(_FTS_NAME.op("MATCH")(bindparam("match", to_fts5(node))), *conditions)
        .order_by(docid.desc())
    )
    return (newest if order == Order.RECENT or not rank_window else newest.limit(rank_window)), node


def phrase_candidates(session: Session, node: Node, cap: int = GRAM_CANDIDATES) -> list[int] | None:
    """The only articles that can match `node`, if their n-grams narrow them to `cap` or fewer: FTS5 docids
    on SQLite, article ids on PostgreSQL, newest first.

    None when the query requires no n-gram (no Han run of four or more characters), when the n-grams cannot
    narrow it enough, or while articles indexed before the n-grams existed await theirs (archive_index).
    The candidates are a superset: the bigram index still checks each one, so the answer never changes.
    """
    grams = required_grams(node)
    if not grams or grams_pending(session):
        return None
    if session.get_bind().dialect.name == "postgresql":
        # Without positions the GIN answer is exact (no recheck), so the LIMIT stops the heap visits early.
        query = (
            select(_PG.c.article_id)
            .where(_PG.c.grams.op("@@")(cast(bindparam("grams", grams_tsquery(grams)), TSQUERY)))
            .limit(cap + 1)
        )
    else:
        query = (
            select(_DOC.c.docid)
            .select_from(_GRAMS)
            .join(_DOC, _DOC.c.article_id == _GRAMS.c.rowid)
            .where(_GRAMS_NAME.op("MATCH")(bindparam("grams", to_grams_match(grams))))
            .limit(cap + 1)
        )
    rows = session.execute(query).all()
    return sorted({row[0] for row in rows}, reverse=True) if len(rows) <= cap else None


def search(
    session: Session,
    query: str,
    *,
    filters: SearchFilters = SearchFilters(),
    order: Order = Order.RELEVANCE,
    limit: int = 20,
    offset: int = 0,
    normalise: Normalise = basic_normalise,
    collapse: bool = False,
    mark: tuple[str, str] = ("«", "»"),
    width: int = 60,
    rank_window: int | None = RANK_WINDOW,
    prefilter: bool = True,
) -> list[SearchHit]:
    """Hits for `query` (search syntax: words, "phrases", AND / OR / NOT / -word, parentheses).

    Raises QueryError (or UnknownEntity) with a message for the user; never lets the back end see raw input.
    With `collapse`, articles of one story cluster fold into the best-ranked one (listed in `also`).
    """
    fetch = limit * 4 if collapse else limit
    if rank_window is not None:
        rank_window = max(rank_window, offset + fetch)  # a long page ranks as many matches as it shows
    stmt, node = matching_query(
        session,
        query,
        filters=filters,
        order=order,
        normalise=normalise,
        rank_window=rank_window,
        prefilter=prefilter,
    )
    if order == Order.RELEVANCE and node is not None:
        candidates = [row[0] for row in session.execute(stmt)]
        scores = rank(session, candidates, [p.text for p in positive_phrases(node)])
        # Best first; equal scores keep the candidates' order, newest first.
        ids = sorted(candidates, key=lambda i: -scores[i])[offset : offset + fetch]
    else:
        ids = [row[0] for row in session.execute(stmt.limit(fetch).offset(offset))]
        scores = dict.fromkeys(ids, 0.0)
    clusters = (
        dict(
            session.execute(
                select(StoryMember.article_id, StoryMember.cluster_id).where(StoryMember.article_id.in_(ids))
            ).all()
        )
        if ids
        else {}
    )
    kept: list[int] = []
    folded: dict[int, list[int]] = {}
    lead_of_cluster: dict[int, int] = {}
    for article_id in ids:
        cluster = clusters.get(article_id)
        if collapse and cluster is not None and cluster in lead_of_cluster:
            folded.setdefault(lead_of_cluster[cluster], []).append(article_id)
            continue
        if cluster is not None:
            lead_of_cluster.setdefault(cluster, article_id)
        kept.append(article_id)
    kept = kept[:limit]
    articles = {
        a.id: (a, name)
        for a, name in session.execute(
            select(Article, Source.name).join(Source, Source.id == Article.source_id).where(Article.id.in_(kept))
        )
    }
    phrases = positive_phrases(node)
    folder = _Folder(normalise)
    hits = []
    for article_id in kept:
        article, source = articles[article_id]
        hits.append(
            SearchHit(
                article_id,
                article.url,
                source,
                article.title,
                article.published_at,
                snippet(article.text, article.text_simplified, phrases, folder, mark=mark, width=width),
                scores[article_id],
                article.section,
                clusters.get(article_id),
                tuple(folded.get(article_id, ())),
            )
        )
    return hits


def rank(session: Session, article_ids: Sequence[int], phrases: Sequence[str], chunk: int = 1000) -> dict[int, float]:
    """BM25 scores of the articles for the (normalised) phrases. The database counts each phrase in the
    Simplified title and text (bytes − bytes with the phrase removed, over the phrase's bytes), so no text
    leaves it; lengths are in bytes too (BM25 only compares them with their mean)."""
    needles = [p for p in dict.fromkeys(phrases) if p]
    if not needles:
        return dict.fromkeys(article_ids, 0.0)
    postgres = session.get_bind().dialect.name == "postgresql"

    def size(value: Any) -> ColumnElement[Any]:
        # Byte length: stored, where a character count walks the whole text.
        return func.octet_length(value) if postgres else func.length(cast(value, LargeBinary))

    def folded(column: Any, fold: bool) -> ColumnElement[Any]:
        # Query phrases are lower case; only a phrase with Latin letters needs the text folded.
        text_ = func.coalesce(column, "")
        return func.lower(text_) if fold else text_

    fold = [p != p.upper() for p in needles]
    sources = (Article.title_simplified, Article.text_simplified)
    lengths = [size(folded(c, False)) for c in sources]
    # Per column and phrase: the size without the phrase (the size with it is `lengths`; lower() keeps it).
    without = [
        size(func.replace(folded(c, fold[n]), bindparam(f"p{n}", p), ""))
        for c in sources
        for n, p in enumerate(needles)
    ]
    widths = np.array([len(p.encode("utf-8")) for p in needles], dtype=np.int64)
    k = len(needles)
    rows: list[Any] = []
    for at in range(0, len(article_ids), chunk):
        query = select(Article.id, *lengths, *without).where(Article.id.in_(article_ids[at : at + chunk]))
        rows += map(tuple, session.execute(query))  # plain tuples: numpy probes Row objects attribute by attribute
    if not rows:
        return dict.fromkeys(article_ids, 0.0)
    raw = np.array(rows, dtype=np.int64)
    table = raw[:, 1:].astype(np.float64)
    # Occurrences = (size with − size without) / the phrase's size, per column.
    table[:, 2 : 2 + k] = (raw[:, 1:2] - raw[:, 3 : 3 + k]) // widths
    table[:, 2 + k :] = (raw[:, 2:3] - raw[:, 3 + k :]) // widths
    scores = bm25_table(raw[:, 0], table)
    return {i: scores.get(i, 0.0) for i in article_ids}


def search_articles(
    session: Session, terms: list[str], *, limit: int = 20, normalise: Normalise = basic_normalise
) -> list[SearchHit]:
    """Articles containing every term, best first (the demo's entry point; terms may be pre-normalised)."""
    words = [t for t in terms if t.strip()]
    if not words:
        return []
    query = " ".join('"' + w.replace('"', " ") + '"' for w in words)
    return search(session, query, limit=limit, normalise=normalise)


class _Folder:
    """Character-by-character search folding that keeps offsets, so matches map back to the original."""

    _caches: ClassVar[dict[Normalise, dict[str, str]]] = {}  # per normaliser, kept across searches

    def __init__(self, normalise: Normalise) -> None:
        self.normalise = normalise
        self.cache = self._caches.setdefault(normalise, {})

    def fold(self, text: str) -> str:
        out = []
        cache = self.cache
        for ch in text:
            folded = cache.get(ch)
            if folded is None:
                value = self.normalise(ch)
                folded = cache[ch] = value if len(value) == 1 else ch.lower() if len(ch.lower()) == 1 else ch
            out.append(folded)
        return "".join(out)


def snippet(
    original: str,
    simplified: str,
    phrases: list[Phrase],
    folder: _Folder,
    *,
    mark: tuple[str, str] = ("«", "»"),
    width: int = 60,
) -> str:
    """A window of the original text around the first match, every match in it wrapped in `mark`."""
    base = simplified if len(simplified) == len(original) else original
    folded = folder.fold(base)
    needles = sorted({p.text for p in phrases if p.text}, key=len, reverse=True)
    first = min((i for i in (folded.find(n) for n in needles) if i >= 0), default=-1)
    if first < 0:
        start, end = 0, min(len(original), width * 2)
    else:
        start, end = max(0, first - width), min(len(original), first + width * 2)
    spans: list[tuple[int, int]] = []
    for needle in needles:
        at = folded.find(needle, start)
        while 0 <= at < end:
            if not any(a < at + len(needle) and at < b for a, b in spans):
                spans.append((at, min(at + len(needle), end)))
            at = folded.find(needle, at + len(needle))
    pieces, cursor = [], start
    for a, b in sorted(spans):
        pieces += [original[cursor:a], mark[0], original[a:b], mark[1]]
        cursor = b
    pieces.append(original[cursor:end])
    body = " ".join("".join(pieces).split())
    return ("…" if start else "") + body + ("…" if end < len(original) else "")

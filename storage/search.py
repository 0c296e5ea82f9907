"""Search the archive: one query API over the database's back end (storage.backends), with filters.

Queries, entity names and the index all go through one search key (storage.search_key), so a query in either
script finds articles in either script. Snippets are made in storage.snippets, ranking in storage.ranking.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, literal_column, or_, select
from sqlalchemy.orm import Session

from storage.archive_index import grams_pending
from storage.archive_models import StoryMember
from storage.backends import backend_for
from storage.backends.base import MatchQuery
from storage.fts import Node, QueryError, parse_query, positive_phrases, required_grams
from storage.models import Article, Entity, Mention, Source
from storage.profile_models import ArticleRelevance
from storage.ranking import rank
from storage.search_key import search_key
from storage.snippets import snippet


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


def resolve_entities(session: Session, name: str, *, types: Sequence[str] = ()) -> list[int]:
    """Ids of the entities called `name` (canonical or alias, Traditional or Simplified)."""
    variants = sorted({name.strip(), search_key(name)} - {""})
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
    alias = backend_for(session).json_array_values(Entity.aliases).alias("alias")
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


def filter_conditions(session: Session, filters: SearchFilters) -> list[ColumnElement[bool]]:
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
        ids = resolve_entities(session, name, types=filters.entity_types)
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
    rank_window: int | None = RANK_WINDOW,
    prefilter: bool = True,
) -> tuple[Select, Node | None]:  # type: ignore[type-arg]  # 2.0 and 2.1 parametrise it differently
    """SELECT article id, score (0) for a query and filters, newest first. An empty query lists by date.

    With Order.RELEVANCE the statement stops at the `rank_window` newest matches (all of them with
    rank_window=None): the candidates `search` ranks with storage.ranking.rank. Scoring every match of a
    word found in half a million articles costs seconds, and in a news archive the best of the recent
    matches is what an analyst wants first.

    A query whose every match must hold a Han run of four or more characters is first narrowed by its
    n-grams (`prefilter`, phrase_candidates); the result is the same either way.
    """
    node = parse_query(query)
    conditions = filter_conditions(session, filters)
    if node is None:
        stmt: Any = select(Article.id, literal_column("0.0").label("score")).where(*conditions)
        return stmt.order_by(Article.published_at.desc(), Article.id.desc()), None
    wanted = MatchQuery(
        node,
        conditions,
        since=filters.since,
        until=filters.until,
        candidates=phrase_candidates(session, node) if prefilter else None,
        limit=rank_window if order == Order.RELEVANCE and rank_window else None,
    )
    return backend_for(session).match(wanted), node


def phrase_candidates(session: Session, node: Node, cap: int = GRAM_CANDIDATES) -> list[int] | None:
    """The only articles that can match `node`, if their n-grams narrow them to `cap` or fewer, newest first,
    as the back end's `match` takes them (FTS5 docids on SQLite, article ids on PostgreSQL).

    None when the query requires no n-gram (no Han run of four or more characters), when the n-grams cannot
    narrow it enough, or while articles indexed before the n-grams existed await theirs (archive_index).
    The candidates are a superset: the bigram index still checks each one, so the answer never changes.
    """
    grams = required_grams(node)
    if not grams or grams_pending(session):
        return None
    found = backend_for(session).gram_candidates(session, grams, cap + 1)
    return sorted(set(found), reverse=True) if len(found) <= cap else None


def search(
    session: Session,
    query: str,
    *,
    filters: SearchFilters = SearchFilters(),
    order: Order = Order.RELEVANCE,
    limit: int = 20,
    offset: int = 0,
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
    fetch = limit * 4 if collapse else limit  # room for the articles folded away
    if rank_window is not None:
        rank_window = max(rank_window, offset + fetch)  # a long page ranks as many matches as it shows
    stmt, node = matching_query(
        session, query, filters=filters, order=order, rank_window=rank_window, prefilter=prefilter
    )
    if order == Order.RELEVANCE and node is not None:
        ids, scores = _best_ranked(session, stmt, node, offset, fetch)
    else:
        ids = [row[0] for row in session.execute(stmt.limit(fetch).offset(offset))]
        scores = dict.fromkeys(ids, 0.0)
    clusters = _story_clusters(session, ids)
    kept, folded = _fold_stories(ids, clusters, collapse=collapse)
    kept = kept[:limit]
    phrases = positive_phrases(node)
    return [
        SearchHit(
            article.id,
            article.url,
            source,
            article.title,
            article.published_at,
            snippet(article.text, article.text_simplified, phrases, mark=mark, width=width),
            scores[article.id],
            article.section,
            clusters.get(article.id),
            tuple(folded.get(article.id, ())),
        )
        for article, source in _articles_in_order(session, kept)
    ]


def _best_ranked(
    session: Session, stmt: Select, node: Node, offset: int, fetch: int  # type: ignore[type-arg]
) -> tuple[list[int], dict[int, float]]:
    """The page of the matching candidates by BM25, best first, and every candidate's score."""
    candidates = [row[0] for row in session.execute(stmt)]
    scores = rank(session, candidates, [p.text for p in positive_phrases(node)])
    # Best first; equal scores keep the candidates' order, newest first.
    return sorted(candidates, key=lambda i: -scores[i])[offset : offset + fetch], scores


def _story_clusters(session: Session, article_ids: Sequence[int]) -> dict[int, int]:
    """The story cluster of each article that has one."""
    if not article_ids:
        return {}
    query = select(StoryMember.article_id, StoryMember.cluster_id).where(StoryMember.article_id.in_(article_ids))
    return dict(session.execute(query).all())  # type: ignore[arg-type]


def _fold_stories(
    ranked: Sequence[int], clusters: dict[int, int], *, collapse: bool
) -> tuple[list[int], dict[int, list[int]]]:
    """The articles to list, in order, and (with `collapse`) the later articles of each story folded into
    its first listed one."""
    kept: list[int] = []
    folded: dict[int, list[int]] = {}
    lead_of_cluster: dict[int, int] = {}
    for article_id in ranked:
        cluster = clusters.get(article_id)
        if collapse and cluster is not None and cluster in lead_of_cluster:
            folded.setdefault(lead_of_cluster[cluster], []).append(article_id)
            continue
        if cluster is not None:
            lead_of_cluster.setdefault(cluster, article_id)
        kept.append(article_id)
    return kept, folded


def _articles_in_order(session: Session, article_ids: Sequence[int]) -> list[tuple[Article, str]]:
    """The articles and their source names, in the order of `article_ids`."""
    rows = session.execute(
        select(Article, Source.name).join(Source, Source.id == Article.source_id).where(Article.id.in_(article_ids))
    )
    found = {article.id: (article, name) for article, name in rows}
    return [found[i] for i in article_ids]


def search_articles(session: Session, terms: list[str], *, limit: int = 20) -> list[SearchHit]:
    """Articles containing every term, best first (the demo's entry point)."""
    words = [t for t in terms if t.strip()]
    if not words:
        return []
    query = " ".join('"' + w.replace('"', " ") + '"' for w in words)
    return search(session, query, limit=limit)

"""Does an article match a watch rule? Query terms (either script), entity and source filters, relevance.

The archive's search (storage.search) matches SQL-side on the Simplified columns; a rule is matched
here, in Python, against the few articles a crawl brought in, on the same Simplified text folded with
`nlp.convert.normalise_for_search`, so 「河套」 and 「河套」, 「數碼港」 and 「数码港」 are one term.

Query syntax (the archive search's): words and "quoted phrases" must all appear; `A OR B` needs either;
`-word` must not appear. Relevance per criterion is min(1, (3 × title hits + body hits) / 3), averaged
over the query's criteria and the rule's entities: a term in the title counts fully, one in the body a third.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from nlp.convert import normalise_for_search
from schedules.errors import RuleError


@dataclass(frozen=True)
class Query:
    """A parsed query: each group needs one of its terms; `excluded` terms must not appear."""

    groups: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()

    @property
    def terms(self) -> list[str]:
        return [term for group in self.groups for term in group]


def parse_query(text: str) -> Query:
    """Parse the search syntax; terms come back normalised (Simplified, folded, lower-case)."""
    try:
        tokens = shlex.split(text, posix=True)
    except ValueError as exc:
        raise RuleError(f"cannot parse query {text!r}: {exc}") from exc
    groups: list[list[str]] = []
    excluded: list[str] = []
    join_next = False
    for token in tokens:
        if token == "OR":
            if not groups or join_next:
                raise RuleError(f"query {text!r}: OR needs a term on each side")
            join_next = True
            continue
        if token.startswith("-") and len(token) > 1:
            excluded.append(normalise_for_search(token[1:]))
            continue
        term = normalise_for_search(token)
        if not term:
            continue
        if join_next:
            groups[-1].append(term)
            join_next = False
        else:
            groups.append([term])
    if join_next:
        raise RuleError(f"query {text!r}: OR needs a term on each side")
    return Query(tuple(tuple(g) for g in groups), tuple(excluded))


class MentionLike(Protocol):
    surface: str
    title: str | None

    @property
    def entity(self) -> Any: ...


class ArticleLike(Protocol):
    """What matching reads of an article (storage.models.Article satisfies it)."""

    id: int
    title: str
    text: str
    title_simplified: str
    text_simplified: str
    url: str

    @property
    def mentions(self) -> Sequence[Any]: ...

    @property
    def figures(self) -> Sequence[Any]: ...


@dataclass(frozen=True)
class RuleSpec:
    """A rule as matching sees it (built from storage.watch_models.WatchRule or from CLI flags)."""

    query: Query
    entities: tuple[str, ...] = ()  # normalised
    sources: tuple[str, ...] = ()
    min_relevance: float = 0.0

    @classmethod
    def build(cls, query: str, entities: Sequence[str] = (), sources: Sequence[str] = (),
              min_relevance: float = 0.0) -> RuleSpec:
        if not 0.0 <= min_relevance <= 1.0:
            raise RuleError(f"minimum relevance {min_relevance} is outside 0..1")
        parsed = parse_query(query)
        names = tuple(n for n in (normalise_for_search(e) for e in entities) if n)
        if not parsed.groups and not names and not sources:
            raise RuleError("a rule needs a query, an entity or a source")
        return cls(parsed, names, tuple(sources), min_relevance)


@dataclass(frozen=True)
class Match:
    relevance: float
    terms: tuple[str, ...]
    entities: tuple[str, ...]  # canonical names, as stored
    officials: tuple[str, ...]  # "name (title)" of people mentioned
    figures: tuple[dict[str, Any], ...]
    lead: str
    cluster_key: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _score(title_hits: int, body_hits: int) -> float:
    return min(1.0, (3 * title_hits + body_hits) / 3)


def _entity_keys(entity: Any) -> set[str]:
    names = [entity.canonical, entity.canonical_simplified, *(entity.aliases or [])]
    return {normalise_for_search(n) for n in names if n}


def lead_of(text: str, *, lines: int = 2, width: int = 300) -> str:
    """The first lines of an article, for a message."""
    kept = [line.strip() for line in text.splitlines() if line.strip()][:lines]
    lead = " ".join(kept)
    return lead if len(lead) <= width else lead[:width] + "…"


def cluster_key_of(article: ArticleLike) -> str:
    """One key per story: a bilingual/bi-script twin pair shares its older member's id."""
    twin_id = getattr(article, "twin_id", None)
    return f"a{min(article.id, twin_id) if twin_id else article.id}"


def match_article(rule: RuleSpec, article: ArticleLike, source: str | None = None) -> Match | None:
    """The match, or None if the article does not satisfy the rule (or scores under its threshold)."""
    if rule.sources and source is not None and source not in rule.sources:
        return None
    title = normalise_for_search(article.title_simplified or article.title)
    body = normalise_for_search(article.text_simplified or article.text)
    if any(t in title or t in body for t in rule.query.excluded):
        return None
    scores: list[float] = []
    matched_terms: list[str] = []
    for group in rule.query.groups:
        best = 0.0
        for term in group:
            hits = (title.count(term), body.count(term))
            if sum(hits):
                matched_terms.append(term)
                best = max(best, _score(*hits))
        if best == 0.0:
            return None
        scores.append(best)
    by_key: dict[str, list[Any]] = {}
    for mention in article.mentions:
        for key in _entity_keys(mention.entity):
            by_key.setdefault(key, []).append(mention)
    matched_entities: list[str] = []
    matched_ids: set[int] = set()
    for name in rule.entities:
        mentions = by_key.get(name, [])
        if not mentions:
            return None
        entity = mentions[0].entity
        in_title = any(k in title for k in _entity_keys(entity))
        scores.append(_score(int(in_title), len(mentions)))
        matched_entities.append(entity.canonical)
        matched_ids.add(entity.id)
    relevance = sum(scores) / len(scores) if scores else 1.0
    if relevance < rule.min_relevance:
        return None
    return Match(relevance=round(relevance, 3), terms=tuple(dict.fromkeys(matched_terms)),
                 entities=tuple(dict.fromkeys(matched_entities + _other_entities(article))),
                 officials=_officials(article), figures=_figures(article, matched_terms, matched_ids),
                 lead=lead_of(article.text), cluster_key=cluster_key_of(article))


def _other_entities(article: ArticleLike, limit: int = 8) -> list[str]:
    names = [m.entity.canonical for m in article.mentions if m.entity.type != "person"]
    return list(dict.fromkeys(names))[:limit]


def _officials(article: ArticleLike, limit: int = 5) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for mention in article.mentions:
        if mention.entity.type == "person":
            out[f"{mention.entity.canonical}（{mention.title}）" if mention.title else mention.entity.canonical] = None
    return tuple(out)[:limit]


_SPACE = re.compile(r"\s+")


def _figures(article: ArticleLike, terms: Sequence[str], entity_ids: set[int],
             limit: int = 5) -> tuple[dict[str, Any], ...]:
    """The article's figures, those about what matched first."""
    def about(figure: Any) -> bool:
        sentence = normalise_for_search(figure.sentence)
        return figure.entity_id in entity_ids or any(t in sentence for t in terms)

    figures = sorted(article.figures, key=lambda f: (not about(f), f.start))
    return tuple({"text": f.text, "value": f.value, "unit": f.unit, "metric": f.metric,
                  "sentence": _SPACE.sub(" ", f.sentence).strip()[:300]} for f in figures[:limit])

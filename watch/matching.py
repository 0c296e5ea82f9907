"""Does an article match a watch rule? The archive's search syntax (either script), entity and source
filters, a minimum relevance.

The query is parsed by the archive's own parser (storage.fts.parse_query, with the archive's search key)
and evaluated here on the article's tokens exactly as the search index holds them (storage.fts.text_tokens:
CJK bigrams, words), so a rule matches what `gbawatch search`
finds, without waiting for the index to catch up with a crawl that just finished.

Relevance per query term is min(1, (3 × title hits + body hits) / 3): a term in the title counts fully,
one in the body a third per occurrence. AND averages its positive parts, OR takes its best branch; the
rule's relevance is the mean of the query's and each required entity's score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from storage.article_views import entity_names, officials, plain
from storage.fts import (
    Node,
    Not,
    Or,
    Phrase,
    QueryError,
    Term,
    parse_query,
    positive_phrases,
    text_tokens,
)
from storage.records import ArticleRecord, FigureRecord, MentionRecord
from storage.search_key import search_key
from watch.errors import RuleError


def parse_rule_query(text: str) -> Node | None:
    """The rule's query tree (None for an empty query); RuleError says what is wrong with it."""
    try:
        return parse_query(text)
    except QueryError as exc:
        raise RuleError(f"query {text!r}: {exc}") from exc


def _count(tokens: Sequence[str], phrase: Phrase) -> int:
    n = len(phrase.tokens)
    if n == 0 or n > len(tokens):
        return 0
    head, last = phrase.tokens[:-1], phrase.tokens[-1]
    hits = 0
    for i in range(len(tokens) - n + 1):
        if tuple(tokens[i : i + n - 1]) == head and (
            tokens[i + n - 1].startswith(last) if phrase.prefix else tokens[i + n - 1] == last
        ):
            hits += 1
    return hits


@dataclass(frozen=True)
class _Text:
    title: list[str]
    body: list[str]


def _score_node(node: Node, text: _Text, matched: list[str]) -> float:
    """0.0 when the node does not match, else its relevance in (0, 1]."""
    if isinstance(node, Term):
        hits = (_count(text.title, node.phrase), _count(text.body, node.phrase))
        if not sum(hits):
            return 0.0
        matched.append(node.phrase.text)
        return _score(*hits)
    if isinstance(node, Not):
        return 0.0 if _score_node(node.node, text, []) else 1.0
    if isinstance(node, Or):
        return max((_score_node(child, text, matched) for child in node.nodes), default=0.0)
    scores = []
    for child in node.nodes:
        score = _score_node(child, text, matched)
        if not score:
            return 0.0
        if not isinstance(child, Not):
            scores.append(score)
    return sum(scores) / len(scores) if scores else 1.0


@dataclass(frozen=True)
class RuleSpec:
    """A rule as matching sees it (built from storage.watch_models.WatchRule or from CLI flags)."""

    query: Node | None
    entities: tuple[str, ...] = ()  # normalised names: canonical or alias, either script
    sources: tuple[str, ...] = ()
    min_relevance: float = 0.0

    @classmethod
    def build(
        cls, query: str, entities: Sequence[str] = (), sources: Sequence[str] = (), min_relevance: float = 0.0
    ) -> RuleSpec:
        if not 0.0 <= min_relevance <= 1.0:
            raise RuleError(f"minimum relevance {min_relevance} is outside 0..1")
        parsed = parse_rule_query(query)
        names = tuple(n for n in (search_key(e) for e in entities) if n)
        if parsed is None and not names and not sources:
            raise RuleError("a rule needs a query, an entity or a source")
        return cls(parsed, names, tuple(sources), min_relevance)

    @property
    def terms(self) -> list[str]:
        return [p.text for p in positive_phrases(self.query)]


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


def _entity_keys(mention: MentionRecord) -> set[str]:
    names = [mention.canonical, mention.canonical_simplified, *mention.aliases]
    return {search_key(n) for n in names if n}


def lead_of(text: str, *, lines: int = 2, width: int = 300) -> str:
    """The first lines of an article, for a message."""
    kept = [line.strip() for line in text.splitlines() if line.strip()][:lines]
    lead = " ".join(kept)
    return lead if len(lead) <= width else lead[:width] + "…"


def cluster_key_of(article: Any, story_members: Sequence[int] = ()) -> str:
    """One key per story: the smallest id among the article (a stored one: `id`, `twin_id`), its script twin
    and its story cluster's members. A later article joining the story gets the same key, so (rule, story)
    alerts once."""
    twin_id = getattr(article, "twin_id", None)
    return f"a{min([article.id, *([twin_id] if twin_id else []), *story_members])}"


def match_article(rule: RuleSpec, article: ArticleRecord, cluster_key: str = "") -> Match | None:
    """The match, or None if the article does not satisfy the rule (or scores under its threshold)."""
    if rule.sources and article.source not in rule.sources:
        return None
    scores: list[float] = []
    matched_terms: list[str] = []
    if rule.query is not None:
        text = _Text(
            text_tokens(article.title),
            text_tokens(article.text),
        )
        score = _score_node(rule.query, text, matched_terms)
        if not score:
            return None
        scores.append(score)
    title = search_key(article.title)
    by_key: dict[str, list[MentionRecord]] = {}
    for mention in article.mentions:
        for key in _entity_keys(mention):
            by_key.setdefault(key, []).append(mention)
    matched_entities: list[str] = []
    for name in rule.entities:
        mentions = by_key.get(name, [])
        if not mentions:
            return None
        in_title = any(k in title for k in _entity_keys(mentions[0]))
        scores.append(_score(int(in_title), len(mentions)))
        matched_entities.append(mentions[0].canonical)
    relevance = sum(scores) / len(scores) if scores else 1.0
    if relevance < rule.min_relevance:
        return None
    return Match(
        relevance=round(relevance, 3),
        terms=tuple(dict.fromkeys(matched_terms)),
        entities=tuple(entity_names(article.mentions, first=matched_entities)),
        officials=officials(article.mentions)[:5],
        figures=_figures(article.figures, matched_terms, set(matched_entities)),
        lead=lead_of(article.text),
        cluster_key=cluster_key,
    )


_SPACE = re.compile(r"\s+")


def _figures(
    figures: Sequence[FigureRecord], terms: Sequence[str], entities: set[str], limit: int = 5
) -> tuple[dict[str, Any], ...]:
    """The article's figures, those about what matched first, each with its sentence on one line."""

    def about(figure: FigureRecord) -> bool:
        sentence = search_key(figure.sentence)
        return figure.entity in entities or any(t in sentence for t in terms)

    chosen = sorted(figures, key=lambda f: (not about(f), f.start))[:limit]
    return tuple({**plain(f), "sentence": _SPACE.sub(" ", f.sentence).strip()[:300]} for f in chosen)

"""Relevance of an article to a topic profile: features, the score in [0, 1], and why.

Two groups of features feed one logistic model (watch.relevance_model):
- signals of the profile, meaningful for any profile: mentions of the entities and entity categories it
  follows (in the title, in the text), its queries that match, a government source, the language;
- for a profile with `text_model` (the default one), character n-grams of the title and lead, and mentions
  per entity category, learned from the labelled set (watch/data/relevance/).
Chinese is folded to Simplified before anything is counted, so a Traditional release and its Simplified
copy score alike; English reaches the same topic through its own n-grams, the gazetteer's English aliases
and the profile's English query terms.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from nlp.categories import Category, entity_category
from storage.fts import And, Node, Not, Or, Phrase, Term, document_tokens
from storage.search_key import search_key
from watch.profiles import TopicProfile
from watch.relevance_model import LinearModel, RelevanceModel

LEAD_CHARS = 240      # the lead the text model reads (after the title)
QUERY_CHARS = 4000    # queries read the title and this much of the text: the top of an article says its topic
GOVERNMENT_HOSTS = (".gov.hk", ".gov.cn", ".gov.mo")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_WORD = re.compile(r"[a-z][a-z0-9&'\-]*[a-z0-9]|[a-z]")


@dataclass(frozen=True)
class EntityRef:
    """An entity an article mentions, as relevance needs it."""

    canonical: str
    type: str
    title: str | None                 # a person's title as written
    names: tuple[str, ...]            # canonical, surface and aliases (matched against a profile's entities)
    mentions: int = 1
    in_title: bool = False


@dataclass(frozen=True)
class ArticleSignals:
    title: str
    text: str
    source: str
    url: str
    language: str | None
    entities: tuple[EntityRef, ...]


@dataclass(frozen=True)
class Signal:
    """One reason for a score: its kind, what it was, and how much it added to the log-odds."""

    kind: str      # entity, category, query, text, source, language
    text: str
    weight: float

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "text": self.text, "weight": round(self.weight, 3)}


@dataclass(frozen=True)
class Relevance:
    profile: str
    score: float
    why: tuple[Signal, ...]
    model: str

    def why_dicts(self) -> list[dict[str, object]]:
        return [s.as_dict() for s in self.why]


def is_government(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host.endswith(GOVERNMENT_HOSTS)


# --- text features ------------------------------------------------------------------------------------------


def text_grams(title: str, text: str) -> dict[str, float]:
    """Character n-grams of the title and lead: Han bigrams and trigrams, Latin 3–5-grams inside words.

    Binary, L2-normalised, so a long lead weighs no more than a short one; the title's n-grams count twice.
    """
    counts: dict[str, float] = defaultdict(float)
    lead = " ".join(text[:LEAD_CHARS].split())
    for part, weight in ((search_key(title), 2.0), (search_key(lead), 1.0)):
        grams: set[str] = set()
        for run in _HAN.findall(part):
            grams.update(run[i:i + 2] for i in range(len(run) - 1))
            grams.update(run[i:i + 3] for i in range(len(run) - 2))
            if len(run) == 1:
                grams.add(run)
        for word in _WORD.findall(part):
            padded = f" {word} "
            for n in (3, 4, 5):
                grams.update(padded[i:i + n] for i in range(max(1, len(padded) - n + 1)))
        for gram in grams:
            counts["g:" + gram] = max(counts["g:" + gram], weight)
    norm = math.sqrt(sum(v * v for v in counts.values())) or 1.0
    return {k: v / norm for k, v in counts.items()}


# --- queries ------------------------------------------------------------------------------------------------


class _Indexed:
    """A text's search tokens with the positions of each, so a phrase is found without a scan."""

    def __init__(self, normalised: str) -> None:
        self.tokens = document_tokens(normalised)
        self.at: dict[str, list[int]] = defaultdict(list)
        for i, token in enumerate(self.tokens):
            self.at[token].append(i)

    def count(self, phrase: Phrase) -> int:
        n = len(phrase.tokens)
        if n == 0:
            return 0
        first, rest = phrase.tokens[0], phrase.tokens[1:]
        starts: Iterable[int]
        if n == 1 and phrase.prefix:
            return sum(len(v) for k, v in self.at.items() if k.startswith(first))
        starts = self.at.get(first, ())
        hits = 0
        for i in starts:
            if i + n > len(self.tokens):
                break
            if all(self.tokens[i + k + 1] == t for k, t in enumerate(rest[:-1])) and (
                    not rest or (self.tokens[i + n - 1].startswith(rest[-1]) if phrase.prefix
                                 else self.tokens[i + n - 1] == rest[-1])):
                hits += 1
        return hits


def _hits(node: Node, text: _Indexed, matched: list[str]) -> int:
    """How often the query matches (0: not at all): a term's count, AND's least part, OR's sum."""
    if isinstance(node, Term):
        hits = text.count(node.phrase)
        if hits:
            phrase = node.phrase
            matched.append(" ".join(phrase.tokens) if phrase.text.isascii() else phrase.text)
        return hits
    if isinstance(node, Not):
        return 0 if _hits(node.node, text, []) else 1
    if isinstance(node, Or):
        return sum(_hits(child, text, matched) for child in node.nodes)
    assert isinstance(node, And)
    parts = [(child, _hits(child, text, matched)) for child in node.nodes]
    if any(h == 0 for _, h in parts):
        return 0
    positive = [h for child, h in parts if not isinstance(child, Not)]
    return min(positive) if positive else 1


# --- features -----------------------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _category(canonical: str, type_: str, title: str | None) -> Category:
    return entity_category(canonical, type_, title)


def _language_group(language: str | None) -> str:
    return "en" if language == "en" else "zh"


def features(article: ArticleSignals, profile: TopicProfile, *, text_model: bool) -> tuple[dict[str, float],
                                                                                           dict[str, list[str]]]:
    """The article's features for `profile`, and which names and terms gave each non-text feature."""
    x: dict[str, float] = {}
    names: dict[str, list[str]] = defaultdict(list)
    followed_keys = profile.entity_keys
    by_category: dict[str, float] = defaultdict(float)
    followed = followed_title = 0.0
    for e in article.entities:
        if not _HAN.search(e.canonical):
            # Names the NLP found in English text without a curated entry are capitalised words, not bodies.
            continue
        category = _category(e.canonical, e.type, e.title)
        by_category[category] += e.mentions
        # One signal for both ways a profile follows an entity: by name, or by its category.
        named = bool(followed_keys) and any(search_key(n) in followed_keys for n in e.names)
        if named or category in profile.categories:
            followed += e.mentions
            followed_title = max(followed_title, float(e.in_title))
            label = e.canonical if named else f"{e.canonical} ({category})"
            names["followed"].append(label)
            if e.in_title:
                names["followed_title"].append(label)
    x["followed"] = math.log1p(followed)
    x["followed_title"] = followed_title
    title = _Indexed(search_key(article.title))
    body = _Indexed(search_key(article.text[:QUERY_CHARS]))
    in_title, in_body = 0, 0.0
    for node in profile.parsed_queries:
        in_title += _hits(node, title, names["query_title"]) > 0
        in_body += math.log1p(_hits(node, body, names["query_body"]))
    # As a share of the profile's queries: a profile of one query that matches is as sure as one of four that
    # all match, so the weights learned on the default profile carry over to any profile.
    queries = max(1, len(profile.parsed_queries))
    x["query_title"] = in_title / queries
    x["query_body"] = in_body / queries
    x["government_source"] = float(is_government(article.url))
    x["lang_" + _language_group(article.language)] = 1.0
    if text_model:
        for name, count in by_category.items():
            x[f"cat:{name}"] = math.log1p(count)
        x.update(text_grams(article.title, article.text))
    return x, names


def score(article: ArticleSignals, profile: TopicProfile, model: RelevanceModel) -> Relevance:
    """The article's relevance to `profile`, with the signals that gave it (strongest first)."""
    if not profile.follows_source(article.source):
        return Relevance(profile.name, 0.0, (Signal("source", f"{article.source} not followed", 0.0),),
                         model.version)
    if not profile.follows_language(article.language):
        return Relevance(profile.name, 0.0, (Signal("language", f"{article.language} not followed", 0.0),),
                         model.version)
    linear = model.text if profile.text_model else model.signals
    x, names = features(article, profile, text_model=profile.text_model)
    logit, contributions = linear.decision(x)
    return Relevance(profile.name, round(_sigmoid(logit), 4), _why(contributions, names), model.version)


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z)) if z > -50 else 0.0


_KIND = {"followed": "entity", "followed_title": "entity", "query_title": "query", "query_body": "query",
         "government_source": "source"}


def _why(contributions: dict[str, float], names: dict[str, list[str]], limit: int = 8) -> tuple[Signal, ...]:
    """Signals by weight: entities and categories named, query terms listed, the strongest n-grams."""
    out: list[Signal] = []
    text_weight = sum(w for f, w in contributions.items() if f.startswith(("g:", "cat:")))
    sign = 1 if text_weight >= 0 else -1  # the n-grams that pushed the way the text part went
    grams = sorted(((sign * w, f[2:].strip()) for f, w in contributions.items() if f.startswith("g:") and sign * w > 0),
                   reverse=True)
    for feature, weight in contributions.items():
        if feature in _KIND and abs(weight) >= 0.01:
            what = ", ".join(dict.fromkeys(names.get(feature, [])))[:200] or feature
            where = "in the title: " if feature.endswith("_title") else ""
            out.append(Signal(_KIND[feature], where + what, weight))
    if abs(text_weight) >= 0.01:
        shown = [g for _, g in grams if g][:5]
        out.append(Signal("text", "words " + " ".join(shown) if shown else "text", text_weight))
    out.sort(key=lambda s: -abs(s.weight))
    return tuple(out[:limit])


def score_all(article: ArticleSignals, profiles: Sequence[TopicProfile], model: RelevanceModel) -> list[Relevance]:
    return [score(article, p, model) for p in profiles]


__all__ = ["ArticleSignals", "EntityRef", "LinearModel", "Relevance", "Signal", "features", "score", "score_all"]

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

import heapq
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from nlp.categories import entity_category
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


_name_key = lru_cache(maxsize=65536)(search_key)  # entity names recur from article to article


# --- text features ------------------------------------------------------------------------------------------


def _grams(part: str) -> set[str]:
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
    return grams


def gram_weights(title: str, text: str) -> tuple[set[str], set[str], float]:
    """The title's n-grams, the lead's not in the title, and the value of each: (title, lead, unit), a title
    n-gram worth 2 units and a lead one 1 (`text_grams` as sets, for scoring without a dict per article)."""
    in_title = _grams(search_key(title))
    in_lead = _grams(search_key(" ".join(text[:LEAD_CHARS].split()))) - in_title
    return in_title, in_lead, 1.0 / (math.sqrt(4 * len(in_title) + len(in_lead)) or 1.0)


def text_grams(title: str, text: str) -> dict[str, float]:
    """Character n-grams of the title and lead: Han bigrams and trigrams, Latin 3–5-grams inside words.

    Binary, L2-normalised, so a long lead weighs no more than a short one; the title's n-grams count twice.
    """
    in_title, in_lead, unit = gram_weights(title, text)
    out = {"g:" + g: 2 * unit for g in in_title}
    out.update({"g:" + g: unit for g in in_lead})
    return out


# --- features -----------------------------------------------------------------------------------------------


def _language_group(language: str | None) -> str:
    return "en" if language == "en" else "zh"


def features(article: ArticleSignals, profile: TopicProfile, *, text_model: bool,
             grams: bool = True) -> tuple[dict[str, float], dict[str, list[str]]]:
    """The article's features for `profile`, and which names and terms gave each non-text feature (without
    the n-grams if `grams` is false: `score` weighs those itself)."""
    x: dict[str, float] = {}
    names: dict[str, list[str]] = defaultdict(list)
    followed_keys = profile.entity_keys
    by_category: dict[str, float] = defaultdict(float)
    followed = followed_title = 0.0
    for e in article.entities:
        if not _HAN.search(e.canonical):
            # Names the NLP found in English text without a curated entry are capitalised words, not bodies.
            continue
        category = entity_category(e.canonical, e.type, e.title)
        by_category[category] += e.mentions
        # One signal for both ways a profile follows an entity: by name, or by its category.
        named = bool(followed_keys) and any(_name_key(n) in followed_keys for n in e.names)
        if named or category in profile.categories:
            followed += e.mentions
            followed_title = max(followed_title, float(e.in_title))
            label = e.canonical if named else f"{e.canonical} ({category})"
            names["followed"].append(label)
            if e.in_title:
                names["followed_title"].append(label)
    x["followed"] = math.log1p(followed)
    x["followed_title"] = followed_title
    queries = profile.compiled_queries
    in_title = sum(h > 0 for h in queries.hits(search_key(article.title), names["query_title"]))
    in_body = sum(math.log1p(h) for h in queries.hits(search_key(article.text[:QUERY_CHARS]), names["query_body"]))
    # As a share of the profile's queries: a profile of one query that matches is as sure as one of four that
    # all match, so the weights learned on the default profile carry over to any profile.
    shares = max(1, len(profile.parsed_queries))
    x["query_title"] = in_title / shares
    x["query_body"] = in_body / shares
    x["government_source"] = float(is_government(article.url))
    x["lang_" + _language_group(article.language)] = 1.0
    if text_model:
        for name, count in by_category.items():
            x[f"cat:{name}"] = math.log1p(count)
        if grams:
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
    x, names = features(article, profile, text_model=profile.text_model, grams=False)
    logit, contributions = linear.decision(x)
    if profile.text_model:
        # The n-grams' part of linear.decision(text_grams(…)), looking up only the article's n-grams.
        in_title, in_lead, unit = gram_weights(article.title, article.text)
        weights = linear.gram_weights
        for grams, value in ((in_title, 2 * unit), (in_lead, unit)):
            for gram in grams:
                weight = weights.get(gram)
                if weight is not None:
                    contributions["g:" + gram] = weight * value
                    logit += weight * value
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
    grams = heapq.nlargest(8, ((sign * w, f[2:].strip()) for f, w in contributions.items()
                               if sign * w > 0 and f.startswith("g:")))
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

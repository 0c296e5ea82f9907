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
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from urllib.parse import urlsplit

from nlp.categories import Category, entity_category
from storage.search_key import search_key, simplified_search_key
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
    title_simplified: str | None = None   # the stored Simplified forms, when there are: no second conversion
    text_simplified: str | None = None

    @cached_property
    def keys(self) -> tuple[str, str, str]:
        """Search keys of the title, the lead (LEAD_CHARS) and the text queries read (QUERY_CHARS)."""
        if self.title_simplified is not None and self.text_simplified is not None:
            return (simplified_search_key(self.title_simplified),
                    simplified_search_key(self.text_simplified[:LEAD_CHARS]),
                    simplified_search_key(self.text_simplified[:QUERY_CHARS]))
        return search_key(self.title), search_key(self.text[:LEAD_CHARS]), search_key(self.text[:QUERY_CHARS])


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


@lru_cache(maxsize=65536)
def _entity_facts(followed: frozenset[str], canonical: str, type_: str, title: str | None,
                  names: tuple[str, ...]) -> tuple[Category | None, bool]:
    """An entity's category (None: not counted) and whether the profile follows it by name; cached, as the
    same entities recur from article to article."""
    if not _HAN.search(canonical):
        # Names the NLP found in English text without a curated entry are capitalised words, not bodies.
        return None, False
    # One signal for both ways a profile follows an entity: by name, or by its category (the caller's).
    return entity_category(canonical, type_, title), bool(followed) and any(search_key(n) in followed for n in names)


# --- text features ------------------------------------------------------------------------------------------


def _grams(part: str) -> set[str]:
    """Han bigrams and trigrams (a lone character alone), Latin 3-, 4- and 5-grams of each word padded with a
    space (a short word whole). Each n-gram is the (n-1)-gram plus a character, the shifted copies added in
    C (str.__add__ over map): this runs for every article stored."""
    grams: set[str] = set()
    add = str.__add__
    for run in _HAN.findall(part):
        if len(run) == 1:
            grams.add(run)
        two = list(map(add, run, run[1:]))
        grams.update(two)
        grams.update(map(add, two, run[2:]))
    for word in _WORD.findall(part):
        padded = f" {word} "
        if len(padded) <= 5:
            grams.add(padded)
        three = list(map(add, map(add, padded, padded[1:]), padded[2:]))
        four = list(map(add, three, padded[3:]))
        grams.update(three, four, map(add, four, padded[4:]))
    return grams


def gram_weights(article: ArticleSignals) -> tuple[set[str], set[str], float]:
    """The title's n-grams, the lead's not in the title, and the value of each: (title, lead, unit), a title
    n-gram worth 2 units and a lead one 1 (`text_grams` as sets, for scoring without a dict per article)."""
    title, lead, _ = article.keys
    in_title = _grams(title)
    in_lead = _grams(lead) - in_title
    return in_title, in_lead, 1.0 / (math.sqrt(4 * len(in_title) + len(in_lead)) or 1.0)


def text_grams(article: ArticleSignals) -> dict[str, float]:
    """Character n-grams of the title and lead: Han bigrams and trigrams, Latin 3–5-grams inside words.

    Binary, L2-normalised, so a long lead weighs no more than a short one; the title's n-grams count twice.
    """
    in_title, in_lead, unit = gram_weights(article)
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
        category, named = _entity_facts(followed_keys, e.canonical, e.type, e.title, e.names)
        if category is None:
            continue
        by_category[category] += e.mentions
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
    title_key, _, body_key = article.keys
    in_title = sum(h > 0 for h in queries.hits(title_key, names["query_title"]))
    in_body = sum(math.log1p(h) for h in queries.hits(body_key, names["query_body"]))
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
            x.update(text_grams(article))
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
    grams = _GramPart()
    if profile.text_model:
        # The n-grams' part of linear.decision(text_grams(…)), looking up only the article's n-grams.
        in_title, in_lead, unit = gram_weights(article)
        grams = _GramPart(linear.gram_weights, in_title & linear.grams_known, in_lead & linear.grams_known, unit)
        logit += grams.weight
    return Relevance(profile.name, round(_sigmoid(logit), 4), _why(contributions, grams, names), model.version)


@dataclass
class _GramPart:
    """The n-grams with a weight, in the title (each worth 2 units) and the lead (1 unit)."""

    weights: dict[str, float] = field(default_factory=dict)
    in_title: set[str] = field(default_factory=set)
    in_lead: set[str] = field(default_factory=set)
    unit: float = 0.0

    @property
    def weight(self) -> float:
        get = self.weights.__getitem__
        return self.unit * (2 * sum(map(get, self.in_title)) + sum(map(get, self.in_lead)))

    def strongest(self, sign: int, limit: int = 8) -> list[str]:
        """The n-grams that pushed most the way `sign` says (the title's first, at equal weight)."""
        get = self.weights.__getitem__
        pick = heapq.nlargest if sign > 0 else heapq.nsmallest
        ranked = [(2 * get(g), g) for g in pick(limit, self.in_title, key=get)]
        ranked += [(get(g), g) for g in pick(limit, self.in_lead, key=get)]
        return [g.strip() for w, g in pick(limit, ranked) if sign * w > 0]


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z)) if z > -50 else 0.0


_KIND = {"followed": "entity", "followed_title": "entity", "query_title": "query", "query_body": "query",
         "government_source": "source"}


def _why(contributions: dict[str, float], grams: _GramPart, names: dict[str, list[str]],
         limit: int = 8) -> tuple[Signal, ...]:
    """Signals by weight: entities and categories named, query terms listed, the strongest n-grams (the other
    features in `contributions`)."""
    out: list[Signal] = []
    text_weight = grams.weight + sum(w for f, w in contributions.items() if f.startswith("cat:"))
    sign = 1 if text_weight >= 0 else -1  # the n-grams that pushed the way the text part went
    for feature, weight in contributions.items():
        if feature in _KIND and abs(weight) >= 0.01:
            what = ", ".join(dict.fromkeys(names.get(feature, [])))[:200] or feature
            where = "in the title: " if feature.endswith("_title") else ""
            out.append(Signal(_KIND[feature], where + what, weight))
    if abs(text_weight) >= 0.01:
        shown = [g for g in grams.strongest(sign) if g][:5]
        out.append(Signal("text", "words " + " ".join(shown) if shown else "text", text_weight))
    out.sort(key=lambda s: -abs(s.weight))
    return tuple(out[:limit])


def score_all(article: ArticleSignals, profiles: Sequence[TopicProfile], model: RelevanceModel) -> list[Relevance]:
    return [score(article, p, model) for p in profiles]


__all__ = ["ArticleSignals", "EntityRef", "LinearModel", "Relevance", "Signal", "features", "score", "score_all"]

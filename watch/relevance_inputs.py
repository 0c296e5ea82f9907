"""What relevance reads of an article, built from whichever form the article is in: a fresh analysis, a
record on its way to storage, or a stored article."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from nlp import Analysis
from storage.models import Article
from storage.records import ArticleRecord
from storage.search_key import search_key
from watch.relevance import ArticleSignals, EntityRef

_name_key = lru_cache(maxsize=65536)(search_key)  # the same names recur from article to article


@dataclass
class _Entity:
    canonical: str
    type: str
    title: str | None = None
    names: dict[str, None] = field(default_factory=dict)
    mentions: int = 0


def _refs(mentions: Iterable[tuple[str, str, str | None, str, Iterable[str]]], title: str) -> tuple[EntityRef, ...]:
    """(canonical, type, person title, surface, aliases) per mention → one EntityRef per entity."""
    folded_title = search_key(title)
    by_key: dict[tuple[str, str], _Entity] = {}
    for canonical, type_, person_title, surface, aliases in mentions:
        entity = by_key.setdefault((canonical, type_), _Entity(canonical, type_))
        entity.mentions += 1
        entity.title = entity.title or person_title
        for name in (canonical, surface, *aliases):
            entity.names[name] = None
    out = []
    for e in by_key.values():
        in_title = any(len(n) > 1 and _name_key(n) in folded_title for n in e.names)
        out.append(EntityRef(e.canonical, e.type, e.title, tuple(e.names), e.mentions, in_title))
    return tuple(out)


def signals_from_analysis(*, title: str, text: str, source: str, url: str, language: str | None,
                          analysis: Analysis | None) -> ArticleSignals:
    mentions = [] if analysis is None else [(e.canonical, e.type, e.title, e.text, e.aliases)
                                            for e in analysis.entities]
    return ArticleSignals(title, text, source, url, language, _refs(mentions, title))


def signals_from_record(record: ArticleRecord) -> ArticleSignals:
    mentions = [(m.canonical, m.type, m.title, m.surface, m.aliases) for m in record.mentions]
    return ArticleSignals(record.title, record.text, record.source, record.url, record.language,
                          _refs(mentions, record.title), record.title_simplified or None,
                          record.text_simplified or None)


def signals_from_article(article: Article) -> ArticleSignals:
    """A stored article (its mentions and their entities loaded)."""
    mentions: list[tuple[str, str, str | None, str, Any]] = [
        (m.entity.canonical, m.entity.type, m.title, m.surface, m.entity.aliases or ()) for m in article.mentions]
    return ArticleSignals(article.title, article.text, article.source.name, article.url, article.language,
                          _refs(mentions, article.title), article.title_simplified or None,
                          article.text_simplified or None)

"""Frozen result types of the NLP stage: entity mentions, figures and the analysis."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

ENTITY_TYPES = ("person", "project", "organisation", "place", "document")
DIRECTIONS = ("up", "down")


@dataclass(frozen=True)
class EntityMention:
    text: str
    canonical: str
    type: str
    title: str | None
    start: int
    end: int
    known: bool
    aliases: tuple[str, ...] = ()
    language: str = "zh-Hant"      # of the text it was found in: "en", "zh-Hant" or "zh-Hans"


@dataclass(frozen=True)
class Figure:
    """A number stated as a fact: `value` after scale (2億 -> 200000000), exact."""

    value: Decimal
    unit: str                      # canonical: 元 (money), %, 百分點, 平方米 …, or the classifier / noun counted
    currency: str | None           # ISO 4217 for money
    direction: str | None          # "up" / "down" when the figure is a change (增長5%, fell by 2 per cent)
    qualifier: str | None          # as written: 約, 逾, 以上, 及以上, about, up to …
    metric: str | None             # what it measures, as written
    text: str
    sentence: str
    start: int
    end: int
    upper: Decimal | None = None   # the high end of a range (value is the low end)
    entity: str | None = None      # canonical name of what it is about
    salient: bool = False          # a fact a digest shows (money, area, capacity, funded counts …)


@dataclass(frozen=True)
class Analysis:
    original: str
    simplified: str
    script: str
    entities: tuple[EntityMention, ...] = ()
    figures: tuple[Figure, ...] = field(default=())

    def persons(self) -> tuple[EntityMention, ...]:
        return tuple(e for e in self.entities if e.type == "person")

    def organisations(self) -> tuple[EntityMention, ...]:
        """Projects and organisations, the bodies policy watchers follow."""
        return tuple(e for e in self.entities if e.type in ("project", "organisation"))

    def places(self) -> tuple[EntityMention, ...]:
        return tuple(e for e in self.entities if e.type == "place")

    def new_entities(self) -> tuple[EntityMention, ...]:
        """Discovered (not curated) mentions, first occurrence per canonical name."""
        seen: set[tuple[str, str]] = set()
        out = []
        for e in self.entities:
            key = (e.type, e.canonical)
            if not e.known and key not in seen:
                seen.add(key)
                out.append(e)
        return tuple(out)

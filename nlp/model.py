"""Frozen result types of the NLP stage: entity mentions, figures and the analysis."""
from __future__ import annotations

from dataclasses import dataclass, field

ENTITY_TYPES = ("person", "project", "organisation", "place")


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


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str
    currency: str | None
    metric: str | None
    qualifier: str | None
    text: str
    sentence: str
    start: int
    end: int


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

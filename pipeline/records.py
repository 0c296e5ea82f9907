"""The NLP's findings as parts of the article record: mentions in text order, figures with their subject.

Fields are copied by name (nlp.model and storage.records name them alike), so a field added to both
travels without an edit here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Any, TypeVar

from nlp import Analysis
from nlp.convert import to_simplified
from nlp.model import EntityMention
from storage.records import FigureRecord, MentionRecord

_Part = TypeVar("_Part", MentionRecord, FigureRecord)


def _copy(part: type[_Part], source: Any, **extra: Any) -> _Part:
    names = {f.name for f in fields(part)}
    values = {name: getattr(source, name) for name in names if hasattr(source, name)}
    return part(**{**values, **extra})


def mention_records(entities: Sequence[EntityMention]) -> list[MentionRecord]:
    return [
        _copy(MentionRecord, e, surface=e.text, canonical_simplified=to_simplified(e.canonical),
              aliases=tuple(e.aliases))
        for e in sorted(entities, key=lambda e: e.start)
    ]


def analysis_records(analysis: Analysis) -> tuple[list[MentionRecord], list[FigureRecord]]:
    mentions = mention_records(analysis.entities)
    # The NLP stage names what each figure is about (nlp.analyzer: the last body named before it).
    figures = [_copy(FigureRecord, f) for f in analysis.figures]
    return mentions, figures

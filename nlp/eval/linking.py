"""Cross-language linking: an English and a Chinese release of the same story should name the same
curated bodies, projects and people by the same canonical name."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nlp.analyzer import Analyzer

_LINKED = ("person", "organisation", "project", "document")


@dataclass(frozen=True)
class Linking:
    pairs: int
    zh_entities: int       # curated entities the Chinese releases name, pair by pair
    shared_zh: int         # … that the English twin names too
    en_entities: int
    shared_en: int
    pairs_sharing: int     # pairs whose releases share at least one curated entity

    def as_dict(self) -> dict[str, float | int]:
        return {"pairs": self.pairs, "zh_in_en": round(self.shared_zh / max(1, self.zh_entities), 4),
                "en_in_zh": round(self.shared_en / max(1, self.en_entities), 4),
                "pairs_sharing": round(self.pairs_sharing / max(1, self.pairs), 4),
                "zh_entities": self.zh_entities, "en_entities": self.en_entities}


def canonicals(analyzer: Analyzer, text: str, title: str, local_currency: str = "HKD") -> set[str]:
    """The curated entities (not places) a release names, by canonical name."""
    analysis = analyzer.analyse(text, title=title, local_currency=local_currency)
    return {e.canonical for e in analysis.entities if e.known and e.type in _LINKED}


def pair_linking(analyzer: Analyzer, pairs: Sequence[tuple[tuple[str, str], tuple[str, str]]]) -> Linking:
    """`pairs`: ((English title, text), (Chinese title, text)) of the same story."""
    zh_n = zh_s = en_n = en_s = sharing = 0
    for (en_title, en_text), (zh_title, zh_text) in pairs:
        en, zh = canonicals(analyzer, en_text, en_title), canonicals(analyzer, zh_text, zh_title)
        zh_n, zh_s = zh_n + len(zh), zh_s + len(zh & en)
        en_n, en_s = en_n + len(en), en_s + len(en & zh)
        sharing += bool(en & zh)
    return Linking(len(pairs), zh_n, zh_s, en_n, en_s, sharing)

"""Importance of a story, for ranking a digest: how relevant it is, and how much it carries.

    importance = R × (1 + 0.25·log2(sources) + 0.15·(languages − 1) + 0.15·min(2, salient figures)
                        + 0.10·min(2, first mentions of on-topic entities) + 0.20·seniority + 0.10·government)

R is the story's best relevance to the profile (watch.relevance), so an off-topic story stays near 0 however
widely it is carried; seniority is 1 for a head of government or a secretary, 0.6 for a bureau head or a
director, 0.3 for any other official, 0 for none. The README gives the same formula.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from nlp.convert import to_simplified

# Money and area are salient from these sizes; counts of projects, firms, labs, teams and talents from 5.
_MONEY_MIN = 1_000_000
_AREA_MIN = 1_000
_COUNT_MIN = 5
_AREA_UNITS = ("平方米", "平方公里", "公顷", "亩", "square metre", "square kilometre", "hectare", "sq m")
_COUNTED = ("项目", "企业", "公司", "实验室", "团队", "机构", "人才", "初创", "科研", "院校", "大学", "平台",
            "project", "compan", "start-up", "laborator", "team", "institution", "talent")
_TOP_POSTS = re.compile(r"行政长官|市长|省长|书记|司长|总理|主席|部长|Chief Executive|Secretary|Premier|Mayor|Governor")
_HEAD_POSTS = re.compile(r"局长|署长|主任|院长|校长|处长|厅长|Director|Commissioner|President|Head")


def is_salient(figure: Any) -> bool:
    """Money, area or a count of projects, firms, labs … large enough to report (never dates or small counts).

    The NLP's own `salient` flag wins when the figure has one.
    """
    flag = getattr(figure, "salient", None)
    if flag is not None:
        return bool(flag)
    unit = to_simplified(str(getattr(figure, "unit", "") or "")).lower()
    metric = to_simplified(str(getattr(figure, "metric", "") or "")).lower()
    value = float(getattr(figure, "value", 0) or 0)
    if getattr(figure, "currency", None) or unit.endswith(("元", "dollar", "$")):
        return value >= _MONEY_MIN
    if any(u in unit for u in _AREA_UNITS):
        return value >= _AREA_MIN
    return value >= _COUNT_MIN and any(w in metric or w in unit for w in _COUNTED)


def seniority(titles: Sequence[str]) -> float:
    """The most senior title among the officials quoted."""
    best = 0.0
    for title in titles:
        simplified = to_simplified(title)
        best = max(best, 1.0 if _TOP_POSTS.search(simplified) else 0.6 if _HEAD_POSTS.search(simplified) else 0.3)
    return best


@dataclass
class StoryFacts:
    """What importance reads of a story (all its articles together)."""

    relevance: float = 0.0
    sources: set[str] = field(default_factory=set)
    languages: set[str] = field(default_factory=set)
    salient_figures: list[str] = field(default_factory=list)     # as written: 2億元
    first_mentions: list[str] = field(default_factory=list)      # on-topic entities new today
    officials: dict[str, str] = field(default_factory=dict)      # name -> title as written
    government: bool = False
    entities: list[str] = field(default_factory=list)            # on-topic entities, most mentioned first


def importance(facts: StoryFacts) -> float:
    boost = (0.25 * math.log2(max(1, len(facts.sources))) + 0.15 * max(0, len(facts.languages) - 1)
             + 0.15 * min(2, len(facts.salient_figures)) + 0.10 * min(2, len(facts.first_mentions))
             + 0.20 * seniority(list(facts.officials.values())) + 0.10 * facts.government)
    return round(facts.relevance * (1 + boost), 4)


def why(facts: StoryFacts) -> str:
    """One line: the project, the official and title, the figure, how widely it is carried."""
    parts: list[str] = []
    if facts.entities:
        parts.append(facts.entities[0])
    if facts.officials:
        name, title = max(facts.officials.items(), key=lambda kv: seniority([kv[1]]))
        parts.append(f"{name}（{title}）" if title else name)
    if facts.salient_figures:
        parts.append(facts.salient_figures[0])
    if facts.first_mentions:
        parts.append("new: " + facts.first_mentions[0])
    if len(facts.sources) > 1 or len(facts.languages) > 1:
        parts.append(f"{len(facts.sources)} source(s), {len(facts.languages)} language(s)")
    return " · ".join(parts)

"""Rule matching: the query syntax in either script, entity and source filters, relevance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from nlp.convert import to_simplified
from watch.errors import RuleError
from watch.matching import RuleSpec, match_article, parse_rule_query


@dataclass
class FakeEntity:
    id: int
    canonical: str
    canonical_simplified: str
    type: str = "project"
    aliases: list[str] = field(default_factory=list)


@dataclass
class FakeMention:
    entity: FakeEntity
    surface: str
    title: str | None = None


@dataclass
class FakeArticle:
    title: str
    text: str
    id: int = 1
    url: str = "https://example.org/1"
    twin_id: int | None = None
    mentions: list[Any] = field(default_factory=list)
    figures: list[Any] = field(default_factory=list)

    @property
    def title_simplified(self) -> str:
        return to_simplified(self.title)

    @property
    def text_simplified(self) -> str:
        return to_simplified(self.text)


CYBERPORT = FakeEntity(7, "數碼港", "数码港", aliases=["Cyberport"])
LEE = FakeEntity(9, "李家超", "李家超", type="person")
ARTICLE = FakeArticle(
    "數碼港公布新計劃",
    "行政長官李家超今日到訪數碼港，宣布人工智能資助計劃。\n第二段。",
    mentions=[FakeMention(CYBERPORT, "數碼港"), FakeMention(LEE, "李家超", "行政長官")],
)


def test_rule_queries_use_the_archive_syntax() -> None:
    assert RuleSpec.build('數碼港 "人工 智能" -試驗 (A OR b)').terms == ["数码港", "人工智能", "a", "b"]
    for bad in ("-數碼港", "NOT 試驗", "!!!"):
        with pytest.raises(RuleError):
            parse_rule_query(bad)


@pytest.mark.parametrize(
    "query",
    [
        "数码港 人工智能",
        "數碼港 人工智能",
        "前海 OR 數碼港",
        "CYBERPORT OR 数码港",
        '"数码港" AND (资助 OR 补贴)',
        "数码港 NOT 前海",
    ],
)
def test_matches_in_either_script(query: str) -> None:
    match = match_article(RuleSpec.build(query), ARTICLE, "infogov")
    assert match is not None and match.relevance > 0
    assert match.officials == ("李家超（行政長官）",) and "數碼港" in match.entities
    assert match.lead.startswith("行政長官李家超今日到訪數碼港")


@pytest.mark.parametrize(
    ("spec", "matches"),
    [
        (RuleSpec.build("數碼港 -人工智能"), False),
        (RuleSpec.build("數碼 港"), True),  # words match anywhere; a phrase needs adjacency
        (RuleSpec.build('"港公布"'), True),
        (RuleSpec.build('"數碼 計劃"'), False),
        (RuleSpec.build("河套"), False),
        (RuleSpec.build("", entities=["数码港"]), True),
        (RuleSpec.build("", entities=["cyberport"]), True),
        (RuleSpec.build("", entities=["數碼港", "河套"]), False),
        (RuleSpec.build("數碼港", sources=["takungpao_hk"]), False),
        (RuleSpec.build("數碼港", sources=["infogov"]), True),
    ],
)
def test_filters(spec: RuleSpec, matches: bool) -> None:
    assert (match_article(spec, ARTICLE, "infogov") is not None) is matches


def test_relevance_weighs_the_title_and_the_threshold_filters() -> None:
    in_title = match_article(RuleSpec.build("數碼港"), ARTICLE, "infogov")
    in_body_once = match_article(RuleSpec.build("人工智能"), ARTICLE, "infogov")
    assert in_title is not None and in_body_once is not None
    assert in_title.relevance == 1.0 and in_body_once.relevance == pytest.approx(0.333, abs=0.001)
    assert match_article(RuleSpec.build("人工智能", min_relevance=0.5), ARTICLE, "infogov") is None
    with pytest.raises(RuleError):
        RuleSpec.build("")
    with pytest.raises(RuleError):
        RuleSpec.build("x", min_relevance=2)

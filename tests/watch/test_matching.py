"""Rule matching: the query syntax in either script, entity and source filters, relevance."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from nlp.convert import to_simplified
from storage.records import ArticleRecord, MentionRecord
from watch.errors import RuleError
from watch.matching import RuleSpec, match_article, parse_rule_query


def mention(surface: str, start: int, *, type_: str = "project", title: str | None = None,
            aliases: tuple[str, ...] = ()) -> MentionRecord:
    return MentionRecord(surface=surface, canonical=surface, canonical_simplified=to_simplified(surface),
                         type=type_, title=title, start=start, end=start + len(surface), known=True,
                         aliases=aliases)


def article(title: str, text: str, mentions: list[MentionRecord], source: str = "infogov") -> ArticleRecord:
    return ArticleRecord(url="https://example.org/1", url_key="example.org/1", source=source, title=title,
                         text=text, title_simplified=to_simplified(title), text_simplified=to_simplified(text),
                         published_at=datetime(2025, 10, 10, tzinfo=timezone.utc), content_hash="h",
                         mentions=mentions)


TEXT = "行政長官李家超今日到訪數碼港，宣布人工智能資助計劃。\n第二段。"
ARTICLE = article(
    "數碼港公布新計劃",
    TEXT,
    [mention("李家超", TEXT.index("李家超"), type_="person", title="行政長官"),
     mention("數碼港", TEXT.index("數碼港"), aliases=("Cyberport",))],
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
    match = match_article(RuleSpec.build(query), ARTICLE)
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
    assert (match_article(spec, ARTICLE) is not None) is matches


def test_relevance_weighs_the_title_and_the_threshold_filters() -> None:
    in_title = match_article(RuleSpec.build("數碼港"), ARTICLE)
    in_body_once = match_article(RuleSpec.build("人工智能"), ARTICLE)
    assert in_title is not None and in_body_once is not None
    assert in_title.relevance == 1.0 and in_body_once.relevance == pytest.approx(0.333, abs=0.001)
    assert match_article(RuleSpec.build("人工智能", min_relevance=0.5), ARTICLE) is None
    with pytest.raises(RuleError):
        RuleSpec.build("")
    with pytest.raises(RuleError):
        RuleSpec.build("x", min_relevance=2)

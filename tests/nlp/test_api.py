"""The public API: offsets into the original, titles, known/new flags, figures."""
from __future__ import annotations

import dataclasses

import pytest

import nlp
from nlp import Analysis, EntityMention, Figure, to_simplified
from nlp.analyzer import Analyzer

TEXT = (
    "【大公報訊】記者胡永愛深圳報道：深圳市委常委、常務副市長黃敏12日表示，河套深港科技創新合作區"
    "已集聚超過150個高端科研項目。南方科技大學校長、粵港澳大灣區（廣東）量子科學中心主任薛其坤院士介紹，"
    "量子科學中心今年投入逾2億元人民幣。河套合作區第一批共3個項目於9月12日啟動。"
)


@pytest.fixture(scope="module")
def result(analyzer: Analyzer) -> Analysis:
    return analyzer.analyse(TEXT)


def test_exports() -> None:
    names = {"Analysis", "Analyzer", "EntityMention", "Figure", "get_analyzer", "to_simplified"}
    assert names <= set(nlp.__all__)
    assert dataclasses.is_dataclass(EntityMention) and EntityMention.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert Figure.__dataclass_params__.frozen  # type: ignore[attr-defined]


def test_get_analyzer_is_cached(analyzer: Analyzer) -> None:
    assert nlp.get_analyzer() is analyzer


def test_offsets_map_back(result: Analysis) -> None:
    assert result.original == TEXT and len(result.simplified) == len(TEXT)
    for e in result.entities:
        assert TEXT[e.start:e.end] == e.text
    for f in result.figures:
        assert TEXT[f.start:f.end] == f.text
        assert f.text in f.sentence


def test_script(result: Analysis) -> None:
    assert result.script == "zh-Hant"


def test_people_with_titles_as_written(result: Analysis) -> None:
    people = {p.text: p.title for p in result.persons()}
    assert people["黃敏"] == "深圳市委常委、常務副市長"
    assert people["薛其坤"] == "南方科技大學校長、粵港澳大灣區（廣東）量子科學中心主任"
    assert people["胡永愛"] == "記者"


def test_nested_name_and_abbreviations_resolve(result: Analysis) -> None:
    by_text = {e.text: e for e in result.entities}
    assert "粵港澳大灣區（廣東）量子科學中心" in by_text
    assert by_text["量子科學中心"].canonical == "粵港澳大灣區（廣東）量子科學中心"
    hetao = by_text["河套合作區"]
    assert hetao.canonical == "河套深港科技創新合作區" and hetao.known and hetao.type == "project"
    assert "河套深港科技创新合作区" in by_text["河套深港科技創新合作區"].aliases


def test_figures(result: Analysis) -> None:
    figs = {f.text: f for f in result.figures}
    f = figs["150個"]
    assert (f.value, f.unit, f.qualifier, f.metric) == (150.0, "個", "超過", "高端科研項目")
    money = figs["2億元"]
    assert (money.value, money.unit, money.currency, money.qualifier) == (2e8, "元", "CNY", "逾")
    assert "3個" in figs  # a count
    # Dates and batch numbers are not figures.
    assert not any(t.startswith(("9月", "12日", "第一批", "一批")) for t in figs)


def test_simplified_input_same_entities(analyzer: Analyzer) -> None:
    simp = to_simplified(TEXT)
    r = analyzer.analyse(simp)
    assert r.script == "zh-Hans"
    assert {p.text for p in r.persons()} == {"胡永爱", "黄敏", "薛其坤"}
    assert any(e.canonical == "河套深港科技創新合作區" for e in r.entities)


def test_empty_and_english(analyzer: Analyzer) -> None:
    assert analyzer.analyse("").entities == ()
    r = analyzer.analyse("Hong Kong Science Park opened a new lab.")
    assert r.script == "en"


def test_segment_is_simplified_words(analyzer: Analyzer) -> None:
    words = analyzer.segment("河套深港科技創新合作區發展迅速")
    assert "".join(words) == "河套深港科技创新合作区发展迅速"
    assert "河套深港科技创新合作区" in words


def test_headline_only_helps_resolution(analyzer: Analyzer) -> None:
    text = "合作區今年新增企業80家。"
    with_title = analyzer.analyse(text, title="河套深港科技創新合作區再添新項目")
    assert with_title.original == text
    without = analyzer.analyse(text)
    assert [(e.start, e.end) for e in with_title.entities] == [(e.start, e.end) for e in without.entities]


def test_import_loads_no_dictionaries() -> None:
    import subprocess
    import sys

    code = "import sys, nlp; assert 'jieba' not in sys.modules and 'rjieba' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_bare_yuan_takes_the_local_currency_but_named_renminbi_stays() -> None:
    from nlp import get_analyzer

    text = "政府預留二億元支持首批機構，另一項目投資人民幣三億元。"
    hk = {f.text: f.currency for f in get_analyzer().analyse(text, local_currency="HKD").figures}
    mainland = {f.text: f.currency for f in get_analyzer().analyse(text).figures}
    assert hk == {"二億元": "HKD", "人民幣三億元": "CNY"} or hk == {"二億元": "HKD", "三億元": "CNY"}
    assert set(mainland.values()) == {"CNY"}

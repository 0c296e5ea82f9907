"""Boundaries of discovered names and people on patterns seen on real pages (not the labelled set)."""
from __future__ import annotations

import pytest

from nlp.analyzer import Analyzer


def _orgs(analyzer: Analyzer, text: str) -> list[str]:
    return [e.text for e in analyzer.analyse(text).entities if e.type in ("organisation", "project", "document")]


def _people(analyzer: Analyzer, text: str) -> list[tuple[str, str | None]]:
    return [(e.text, e.title) for e in analyzer.analyse(text).entities if e.type == "person"]


@pytest.mark.parametrize("text, expected", [
    # Time units, counts and words jieba's HMM glued to a preposition never start a name.
    ("過去二十四小時公立醫院共呈報1宗個案", []),
    ("自十二月三十一日起共向衞生署呈報", ["衞生署"]),
    ("病人的樣本送交衞生署化驗", ["衞生署"]),
    ("記者從市科技創新局獲悉", ["市科技創新局"]),
    ("由三所大學合組", []),
    ("醫管局傳染病及緊急應變中央委員會今日開會", ["醫管局"]),  # curated; 中央委員會 alone is no name
    # Verbs before a company and coordinated companies.
    ("將該地段批予漢翔投資有限公司發展", ["漢翔投資有限公司"]),
    ("由長實置業有限公司及鷹君集團有限公司合組的財團", ["鷹君集團有限公司"]),
    ("深圳市投资控股有限公司与深圳市重大产业投资集团有限公司合资",
     ["深圳市投资控股有限公司", "深圳市重大产业投资集团有限公司"]),
    # A Latin short name in brackets is the same body.
    ("香港電訊（HKT）宣布，HKT將擴展網絡", ["香港電訊", "HKT", "HKT"]),
    # A document's title in 《》 may hold dashes and brackets.
    ("市政府印发《广州市促进低空经济发展条例（2024-2026年）》",
     ["广州市促进低空经济发展条例（2024-2026年）"]),
])
def test_discovered_name_boundaries(analyzer: Analyzer, text: str, expected: list[str]) -> None:
    assert _orgs(analyzer, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("前特首林鄭月娥昨日與前立法會主席范徐麗泰會面",
     [("林鄭月娥", "前特首"), ("范徐麗泰", "前立法會主席")]),
    ("會上，李國章博士、陳方安生女士分別致辭", [("李國章", None), ("陳方安生", None)]),
    ("科大副校長（行政）司徒文華教授指出", [("司徒文華", "科大副校長（行政）")]),
    ("城大校長梅彥昌教授、理大校長滕錦光教授出席", [("梅彥昌", "城大校長"), ("滕錦光", "理大校長")]),
    ("副市长黄强、李明出席活动", [("黄强", "副市长"), ("李明", None)]),
    ("主任陈方明日表示", [("陈方", "主任")]),
])
def test_person_names_and_titles(analyzer: Analyzer, text: str,
                                 expected: list[tuple[str, str | None]]) -> None:
    assert _people(analyzer, text) == expected


@pytest.mark.parametrize("text, value, unit", [
    ("地價為43億808萬8千元", 4308088000, "元"),
    ("另一幅為2億零500萬元", 205000000, "元"),
    ("約三成半受訪者", 35, "%"),
    ("兩幅用地", 2, "幅"),
])
def test_figure_forms(analyzer: Analyzer, text: str, value: float, unit: str) -> None:
    figs = analyzer.analyse(text).figures
    assert [(f.value, f.unit) for f in figs] == [(value, unit)]


@pytest.mark.parametrize("text", [
    "過去24小時", "查詢電話2180 8000", "2025年12月31日", "第二屆論壇", "5G網絡",
])
def test_not_figures(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyse(text).figures == ()


@pytest.mark.parametrize("text, expected", [
    # Precision before recall: grammar, photo credits, truncated and generic names are no entities.
    ("醫生和超過250位義工到場，我們向大家致謝。", []),
    ("大公報記者林良堅攝", [("大公報", "organisation")]),
    ("屋宇署暫停11項私樓工程", [("屋宇署", "organisation")]),
    ("政府成立調查及規管工作組", [("調查及規管工作組", "organisation")]),
    ("所有臨時庇護中心已開放", []),
    ("「乘數效應」和「平台」都是「最大公約數」", []),
    ("金磚國家未來網絡研究院今日揭牌", [("金磚國家未來網絡研究院", "organisation")]),
    ("工程違反《建築物條例》", [("建築物條例", "document")]),
    ("深圳印发人工智能产业发展行动方案", [("人工智能产业发展行动方案", "document")]),
])
def test_precision_rules(analyzer: Analyzer, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.text, e.type) for e in analyzer.analyse(text).entities if e.type != "place"] == expected

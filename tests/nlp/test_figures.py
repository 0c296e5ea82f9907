"""Figures: numerals, multipliers, currencies, qualifiers; dates and ordinals are not figures."""
from __future__ import annotations

import pytest

from nlp.analyzer import Analyzer
from nlp.numerals import chinese_to_number, parse_number

Row = tuple[float, str, str | None, str | None]


@pytest.mark.parametrize(("text", "value"), [
    ("一百五十", 150), ("十五", 15), ("两千三百万", 23_000_000), ("三点五", 3.5), ("一万", 10_000),
    ("二十", 20), ("一五〇", 150),
])
def test_chinese_numerals(text: str, value: float) -> None:
    assert chinese_to_number(text) == value


def test_arabic_with_commas() -> None:
    assert parse_number("1,234.5") == 1234.5


def figs(analyzer: Analyzer, text: str) -> list[Row]:
    return [(f.value, f.unit, f.currency, f.qualifier) for f in analyzer.analyse(text).figures]


@pytest.mark.parametrize(("text", "expected"), [
    ("政府撥款約５億港元支持計劃。", [(5e8, "元", "HKD", "約")]),
    ("基金規模達HK$12億。", [(1.2e9, "元", "HKD", None)]),
    ("公司去年營收近3.2萬億元人民幣。", [(3.2e12, "元", "CNY", "近")]),
    ("新增企業逾三成。", [(30.0, "%", None, "逾")]),
    ("比重提高到百分之十五。", [(15.0, "%", None, None)]),
    ("共有两所大学参与。", [(2.0, "所", None, None)]),
    ("園區佔地約3.5平方公里。", [(3.5, "平方公里", None, "約")]),
    ("吸引200多名研究人員。", [(200.0, "名", None, "多")]),
    ("同比增長12.5%。", [(12.5, "%", None, None)]),
    ("引進20家以上企業。", [(20.0, "家", None, "以上")]),
    # Hong Kong government style: thousands grouped with a space (or a no-break / thin space).
    ("地盤面積約為5 170平方米。", [(5170.0, "平方米", None, "約")]),
    (
        "樓面面積分別為11 580平方米及19\u00a0300平方米。",
        [(11580.0, "平方米", None, None), (19300.0, "平方米", None, None)],
    ),
    ("總額為1 234 567.5元。", [(1234567.5, "元", "CNY", None)]),
])
def test_figure_forms(analyzer: Analyzer, text: str, expected: list[Row]) -> None:
    assert figs(analyzer, text) == expected


@pytest.mark.parametrize("text", [
    "會議於9月12日舉行。", "第一批項目已經啟動。", "2025年將完成。", "這是一個重要平台。", "首批企業進駐。",
    "推動「十四五」規劃落實。", "下午3時開幕。", "統一個人資料。",
])
def test_not_figures(analyzer: Analyzer, text: str) -> None:
    assert figs(analyzer, text) == []


def test_metric_after_classifier_and_before_number(analyzer: Analyzer) -> None:
    r = analyzer.analyse("園區已落戶120家高新技術企業，研發投入總額達8億元。")
    by_text = {f.text: f for f in r.figures}
    assert by_text["120家"].metric == "高新技術企業"
    assert by_text["8億元"].metric is not None and "研發投入" in by_text["8億元"].metric
    assert by_text["8億元"].sentence == "園區已落戶120家高新技術企業，研發投入總額達8億元。"

"""Figures as facts: exact values, scale, compound units, currencies, direction, ranges, thresholds,
salience; and what is not a figure."""
from __future__ import annotations

from decimal import Decimal

import pytest

from nlp.analyzer import Analyzer
from nlp.model import Figure

Row = tuple[Decimal, str, str | None, str | None]


def facts(analyzer: Analyzer, text: str, local_currency: str = "CNY") -> list[Figure]:
    return list(analyzer.analyse(text, local_currency=local_currency).figures)


def rows(analyzer: Analyzer, text: str, local_currency: str = "CNY") -> list[Row]:
    return [(f.value, f.unit, f.currency, f.direction) for f in facts(analyzer, text, local_currency)]


def test_values_are_exact_decimals(analyzer: Analyzer) -> None:
    [f] = facts(analyzer, "全市地區生產總值36801.87億元。")
    assert isinstance(f.value, Decimal)
    assert f.value == Decimal("3680187000000") and str(f.value) == "3680187000000"


@pytest.mark.parametrize(("text", "expected"), [
    ("工業生產者出廠價格同比下降0.5%。", [(Decimal("0.5"), "%", None, "down")]),
    ("規模以上工業增加值增長5.2%。", [(Decimal("5.2"), "%", None, "up")]),
    ("出口按年上升約兩成。", [(Decimal(20), "%", None, "up")]),
    ("用電量比上年增加3.1個百分點。", [(Decimal("3.1"), "百分點", None, "up")]),
    ("投訴宗數較去年同期下跌約8%。", [(Decimal(8), "%", None, "down")]),
    ("研發投入占比提升至6.46%。", [(Decimal("6.46"), "%", None, None)]),  # a level, not a change
    ("新增企業120家。", [(Decimal(120), "家", None, None)]),
])
def test_direction(analyzer: Analyzer, text: str, expected: list[Row]) -> None:
    assert rows(analyzer, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("全年進出口總額73.19億美元。", [(Decimal("7319000000"), "元", "USD", None)]),
    ("全社會用電量1053.2億千瓦時。", [(Decimal("105320000000"), "千瓦時", None, None)]),
    ("新建住宅30萬平方米，供水2.5億立方米。", [(Decimal(300000), "平方米", None, None),
                                                (Decimal(250000000), "立方米", None, None)]),
    ("寬頻覆蓋5萬戶，館藏20萬冊，噪音70分貝。", [(Decimal(50000), "戶", None, None),
                                                   (Decimal(200000), "冊", None, None),
                                                   (Decimal(70), "分貝", None, None)]),
    ("投資3億澳門元，另撥澳門幣2億元。", [(Decimal(300000000), "元", "MOP", None),
                                        (Decimal(200000000), "元", "MOP", None)]),
    ("项目获50亿港元和3亿人民币。", [(Decimal(5000000000), "元", "HKD", None),
                                   (Decimal(300000000), "元", "CNY", None)]),
])
def test_units_and_currencies(analyzer: Analyzer, text: str, expected: list[Row]) -> None:
    assert rows(analyzer, text) == expected


def test_bare_yuan_is_the_pages_currency(analyzer: Analyzer) -> None:
    text = "政府撥款約５億元，另撥人民幣3億元，又撥3億元人民幣。"
    assert [f.currency for f in facts(analyzer, text, "HKD")] == ["HKD", "CNY", "CNY"]
    assert [f.currency for f in facts(analyzer, text)] == ["CNY", "CNY", "CNY"]


def test_currency_in_brackets_carries_forward(analyzer: Analyzer) -> None:
    text = "基金每年支持2億（人民幣，下同），其中5000萬用於人才培養，另撥300萬元。"
    got = facts(analyzer, text, "HKD")
    assert [(f.text, f.value, f.currency) for f in got] == [
        ("2億", Decimal(200000000), "CNY"), ("5000萬", Decimal(50000000), "CNY"),
        ("300萬元", Decimal(3000000), "CNY")]
    # Without the bracket a bare amount without a unit is no figure.
    assert facts(analyzer, "其中5000萬用於人才培養。") == []


def test_threshold_and_range(analyzer: Analyzer) -> None:
    [t] = facts(analyzer, "年主營業務收入2000萬元及以上的工業企業。")
    assert (t.value, t.qualifier, t.text) == (Decimal(20000000), "及以上", "2000萬元")
    [r] = facts(analyzer, "預計投資3至5億元。")
    assert (r.value, r.upper, r.unit) == (Decimal(300000000), Decimal(500000000), "元")
    [p] = facts(analyzer, "研發開支預計增長10%至15%。")
    assert (p.value, p.upper, p.direction) == (Decimal(10), Decimal(15), "up")


@pytest.mark.parametrize("text", [
    "第二十屆會議開幕。", "《建築物條例》第16條規定。", "查詢熱線2835 1234。", "賬戶號碼012-345-678。",
    "於2025年11月26日下午3時。", "首批企業進駐。",
])
def test_not_figures(analyzer: Analyzer, text: str) -> None:
    assert facts(analyzer, text) == []


@pytest.mark.parametrize(("text", "salient"), [
    ("兩家中央銀行派員出席。", [False]),
    ("警方拘捕三名男子。", [False]),
    ("成立三個工作組。", [False]),
    ("園區已引進150個科研項目。", [True]),
    ("政府撥款2億元。", [True]),
    ("佔地約3.5平方公里。", [True]),
    ("規模以上工業增加值增長5.2%。", [True]),
    ("計劃招聘約40名博士後研究員。", [True]),
])
def test_salience(analyzer: Analyzer, text: str, salient: list[bool]) -> None:
    assert [f.salient for f in facts(analyzer, text)] == salient


def test_entity_is_the_last_body_named_before_in_the_sentence(analyzer: Analyzer) -> None:
    text = "香港科技園公司今年投入5億港元。另有3個項目。"
    got = facts(analyzer, text)
    assert got[0].entity == "香港科技園公司"
    assert got[1].entity is None

"""English figures: scale words, currencies, percentages, counts; ordinals, dates, phone numbers
and section numbers are not figures."""
from __future__ import annotations

from decimal import Decimal

import pytest

from nlp.analyzer import Analyzer

Row = tuple[str, Decimal, str, str | None, str | None]


def rows(analyzer: Analyzer, text: str, local_currency: str = "HKD") -> list[Row]:
    return [(f.text, f.value, f.unit, f.currency, f.direction)
            for f in analyzer.analyse(text, local_currency=local_currency).figures]


@pytest.mark.parametrize(("text", "expected"), [
    ("The Government will inject HK$1 billion into the fund.",
     [("HK$1 billion", Decimal(10**9), "元", "HKD", None)]),
    ("Its market is worth US$1.5 trillion.", [("US$1.5 trillion", Decimal(15 * 10**11), "元", "USD", None)]),
    ("We set aside HK$500 million and $120,000 for each school.",
     [("HK$500 million", Decimal(5 * 10**8), "元", "HKD", None), ("$120,000", Decimal(120000), "元", "HKD", None)]),
    ("A grant of RMB 5 billion and 3 billion yuan, plus MOP$20m.",
     [("RMB 5 billion", Decimal(5 * 10**9), "元", "CNY", None),
      ("3 billion yuan", Decimal(3 * 10**9), "元", "CNY", None), ("MOP$20m", Decimal(2 * 10**7), "元", "MOP", None)]),
])
def test_money(analyzer: Analyzer, text: str, expected: list[Row]) -> None:
    assert rows(analyzer, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("GDP grew by 6.4 per cent year-on-year.", [("6.4 per cent", Decimal("6.4"), "%", None, "up")]),
    ("The unemployment rate fell 0.3 percentage point.",
     [("0.3 percentage point", Decimal("0.3"), "百分點", None, "down")]),
    ("Exports recorded a 5% increase.", [("5%", Decimal(5), "%", None, "up")]),
    ("Inflation stood at 2.1 per cent.", [("2.1 per cent", Decimal("2.1"), "%", None, None)]),
    ("The site covers 5.8 hectares and 12 000 square metres of floor area.",
     [("5.8 hectares", Decimal("5.8"), "公頃", None, None),
      ("12 000 square metres", Decimal(12000), "平方米", None, None)]),
])
def test_rates_and_measures(analyzer: Analyzer, text: str, expected: list[Row]) -> None:
    assert rows(analyzer, text) == expected


def test_counts_and_their_metric(analyzer: Analyzer) -> None:
    figs = analyzer.analyse("The chamber has some 1 000 members and funded 20 research projects.").figures
    assert [(f.text, f.value, f.unit, f.qualifier, f.metric) for f in figs] == [
        ("1 000 members", Decimal(1000), "members", "some", "members"),
        ("20 research projects", Decimal(20), "projects", None, "research projects")]
    assert [f.salient for f in figs] == [False, True]


@pytest.mark.parametrize("text", [
    "This is the 25th anniversary, on June 17 and 17 June 2021.",
    "In the next 10 minutes, for two years, since 2019.",
    "Call 2835 1234 or visit Room 1203.",
    "Under section 12 of Cap. 123 and Article 23, Phase 2 starts.",
    "Many COVID-19 patients and G20 members attended at 3pm.",
])
def test_not_figures(analyzer: Analyzer, text: str) -> None:
    assert rows(analyzer, text) == []


def test_range_and_qualifier(analyzer: Analyzer) -> None:
    [f] = analyzer.analyse("It will cost about HK$1 billion to HK$2 billion.", local_currency="HKD").figures
    assert (f.value, f.upper, f.qualifier, f.currency) == (Decimal(10**9), Decimal(2 * 10**9), "about", "HKD")


def test_mixed_language_paragraph_is_read_once(analyzer: Analyzer) -> None:
    text = "創科局撥款HK$3億，並投入HK$1 billion推動InnoHK，增長5%。"
    got = [(f.text, f.value) for f in analyzer.analyse(text, local_currency="HKD").figures]
    assert got == [("HK$3億", Decimal(3 * 10**8)), ("HK$1 billion", Decimal(10**9)), ("5%", Decimal(5))]

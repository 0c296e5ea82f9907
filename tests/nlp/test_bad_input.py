"""Bad input: mixed languages, full-width digits and punctuation, numbers split by line breaks or spaces,
tables flattened into text, very long pages: correct output or nothing, never an exception."""
from __future__ import annotations

from decimal import Decimal

import pytest

from nlp.analyzer import Analyzer


def test_full_width_digits_and_punctuation(analyzer: Analyzer) -> None:
    text = "政府撥款ＨＫ＄３億，出口增長５．５％，另撥１２３，４５６元。"
    figs = analyzer.analyse(text, local_currency="HKD").figures
    assert [(f.text, f.value, f.currency, f.direction) for f in figs] == [
        ("ＨＫ＄３億", Decimal(300000000), "HKD", None), ("５．５％", Decimal("5.5"), None, "up"),
        ("１２３，４５６元", Decimal(123456), "HKD", None)]


def test_a_number_split_by_a_line_break_is_no_figure(analyzer: Analyzer) -> None:
    # Correct or nothing: 3 / 億元 across a line is not read as 3 元 nor as 3億元 joined by guess.
    assert analyzer.analyse("撥款3\n億元推動科研。").figures == ()


def test_a_flattened_table_gives_its_cells_figures_and_no_long_names(analyzer: Analyzer) -> None:
    table = ("名稱 地址\n大埔社區中心 大埔鄉事會街\n富善社區會堂 大埔安埔路12號\nName Address\n"
             "Tai Po Community Centre 12 On Po Road\n")
    a = analyzer.analyse(table * 3)
    assert all("\n" not in e.text for e in a.entities)
    assert a.figures == ()


def test_mixed_language_paragraph(analyzer: Analyzer) -> None:
    text = "創新科技及工業局（Innovation, Technology and Industry Bureau）撥款HK$1 billion，增長5%。"
    a = analyzer.analyse(text, local_currency="HKD")
    assert {e.canonical for e in a.entities if e.type == "organisation"} == {"創新科技及工業局"}
    assert {e.language for e in a.entities} == {"zh-Hant", "en"}
    assert [(f.text, f.value) for f in a.figures] == [("HK$1 billion", Decimal(10**9)), ("5%", Decimal(5))]


@pytest.mark.slow
@pytest.mark.parametrize("page", [
    "Secretary for " * 7000,                                   # a title that never reaches a name
    ", ".join(["Alpha Beta"] * 9000) + " and Gamma Bureau",    # a list that never closes
    "5% " * 30000,                                             # figures with no sentence end
    "ＨＫ＄１２３，４５６ 億元 增長５．５％ " * 4000,
    "深圳市科技創新局" * 12000,
    "HK$1 billion 增長5% Hong Kong Science Park 記者陸九如報道 " * 2000,
])
def test_hundred_thousand_character_pages(analyzer: Analyzer, page: str) -> None:
    result = analyzer.analyse(page[:100_000], local_currency="HKD")
    for f in result.figures:
        assert result.original[f.start:f.end] == f.text and len(f.sentence) <= 1000
    for e in result.entities:
        assert result.original[e.start:e.end] == e.text

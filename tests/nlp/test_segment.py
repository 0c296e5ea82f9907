"""Segmentation: rjieba gives jieba's output (the reference) with the domain dictionary."""
from __future__ import annotations

from pathlib import Path

import pytest

from nlp.analyzer import Analyzer
from nlp.convert import to_simplified
from nlp.eval.harness import load_cityu, segmentation_prf
from nlp.segment import Segmenter


@pytest.fixture(scope="module")
def pair(analyzer: Analyzer) -> tuple[Segmenter, Segmenter]:
    words = analyzer.gazetteer.words()
    return Segmenter("jieba", words=words), Segmenter("rjieba", words=words)


def test_domain_words_are_single_tokens(analyzer: Analyzer) -> None:
    assert "河套深港科技创新合作区" in analyzer.segment("河套深港科技創新合作區今日")
    assert "常务副市长" in analyzer.segment("常務副市長黃敏")


def test_rjieba_identical_on_news_sample(pair: tuple[Segmenter, Segmenter]) -> None:
    jb, rj = pair
    text = to_simplified("深圳市委常委、常務副市長黃敏表示，河套合作區已集聚超過150個高端科研項目，"
                         "2025年將新增10家實驗室，比分6-1。")
    assert jb.cut(text) == rj.cut(text)


def test_rjieba_identical_on_cityu(pair: tuple[Segmenter, Segmenter], shared_data: Path) -> None:
    """The accelerated segmenter is used only because this holds on the whole CityU set."""
    jb, rj = pair
    lines = load_cityu(shared_data / "cityu_test_gold.utf8")
    diffs = [i for i, words in enumerate(lines)
             if jb.cut(t := to_simplified("".join(words))) != rj.cut(t)]
    assert diffs == []


def test_cityu_f1_with_and_without_domain_dictionary(analyzer: Analyzer, shared_data: Path) -> None:
    lines = load_cityu(shared_data / "cityu_test_gold.utf8")
    plain = Segmenter(analyzer.segmenter.backend, use_userdict=False)
    without = segmentation_prf(plain.cut, lines).f1
    with_dict = segmentation_prf(analyzer.segmenter.cut, lines).f1
    assert without > 0.8
    assert with_dict >= without - 0.01  # the domain dictionary must not hurt general news

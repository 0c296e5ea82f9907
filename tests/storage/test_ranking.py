"""BM25 over the candidates: what ranks higher and why."""

from __future__ import annotations

import numpy as np

from storage.ranking import bm25_table

FILLER = "深圳市政府今日召开常务会议，研究部署多项工作。" * 4


def scores(*docs: tuple[str, str], phrases: tuple[str, ...] = ("量子",)) -> list[float]:
    rows = [(len(t), len(b), *(t.count(p) for p in phrases), *(b.count(p) for p in phrases)) for t, b in docs]
    got = bm25_table(np.arange(len(docs)), np.array(rows, dtype=np.float64))
    return [got[i] for i in range(len(docs))]


def test_a_title_match_outranks_a_body_match() -> None:
    title, body = scores(("量子中心启用", FILLER), ("会议", FILLER + "量子"))
    assert title > body > 0


def test_more_occurrences_rank_higher_but_saturate() -> None:
    one, two, ten = scores(("", FILLER + "量子"), ("", FILLER + "量子" * 2), ("", FILLER + "量子" * 10))
    assert one < two < ten
    assert ten - two < (two - one) * 8  # saturation: eight more occurrences add less than eight times


def test_shorter_articles_rank_higher_for_the_same_count() -> None:
    short, long = scores(("", "量子" + FILLER), ("", "量子" + FILLER * 10))
    assert short > long


def test_a_rare_phrase_weighs_more_than_a_common_one() -> None:
    docs = [("", FILLER + "量子"), ("", FILLER + "量子"), ("", FILLER + "量子"), ("", FILLER + "河套")]
    got = scores(*docs, ("", FILLER + "量子 河套"), phrases=("量子", "河套"))
    assert got[3] > got[0]  # 河套 is in 2 of 5 candidates, 量子 in 4
    assert got[4] == max(got)  # both


def test_absent_phrases_and_empty_input() -> None:
    assert scores(("标题", FILLER)) == [0.0]
    assert bm25_table(np.array([], dtype=np.int64), np.zeros((0, 4))) == {}
    assert bm25_table(np.array([1]), np.array([[2.0, 0.0]])) == {1: 0.0}  # no phrases

"""The author a lead credits when the byline is empty; photo credits are never authors."""
from __future__ import annotations

import pytest

from nlp.analyzer import Analyzer
from nlp.byline import lead_author


@pytest.mark.parametrize(("text", "author"), [
    ("【大公報訊】記者陸九如報道：河套合作區今日公布新措施。", "陸九如"),
    ("【大公報訊】記者胡永愛、李雪兒深圳報道：深圳市政府今日宣布。", "胡永愛、李雪兒"),
    ("本报讯（记者 刘俊峰）深圳市工业和信息化局近日印发方案。", None),  # no 報道: not a credit this reads
    ("BEIJING, Nov. 27 (Xinhua) -- China will expand its support.", "Xinhua"),
    ("大公報記者林良堅攝。河套合作區今日開幕。", None),
    ("深圳市副市長黃敏表示，記者會上宣布新措施。", None),
])
def test_lead_author(analyzer: Analyzer, text: str, author: str | None) -> None:
    assert lead_author(analyzer.analyse(text)) == author

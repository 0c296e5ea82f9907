"""What a Chinese figure measures: the noun phrase after its classifier (150個高端科研項目) or before
the number across a linking verb (研發投入總額達8億元, 工業增加值同比增長5.2%)."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence

from nlp.lexicon import NAME_BREAKERS, NAME_TAGS
from nlp.segment import Token
from nlp.tags import is_cjk

# Verbs between a metric and its number (研發投入達100億元, 增長15%, 同比下降0.5%).
LINK_WORDS = frozenset("达 达到 为 共 共有 合计 总计 累计 有 约 超 超过 是 占 增至 增长 提升 上升 "
                       "下降 突破 逾 近 接近 高达 多达 约为 分别 已 已达 将 至 到 年均 每年 逾越 同比 环比 "
                       "按年 比 上年 去年 较 增加 减少 下跌 降低 提高 上涨 增幅 降幅 升幅 跌幅 回落 下滑 "
                       "增 降 升 涨 跌 了".split())
_MAX_METRIC = 16


class MetricFinder:
    """Finds metrics over one text's tokens (a callable: start, end, end after a post-qualifier, counted)."""

    def __init__(self, text: str, tokens: Sequence[Token], tag: Callable[[str], str]) -> None:
        self.text = text
        self.tokens = tokens
        self.tag = tag
        self.starts = [t.start for t in tokens]

    def __call__(self, fstart: int, fend: int, after: int, counted: bool) -> str | None:
        if counted:
            return self._after(after) or self._before(fstart)
        return self._before(fstart)

    def _noun(self, w: str, verbs: bool) -> bool:
        tag = self.tag(w)
        # Before a number verbs count too (研發投入總額): the metric is the phrase, not only its nouns.
        return w not in NAME_BREAKERS and w not in LINK_WORDS and all(is_cjk(c) for c in w) \
            and (tag in NAME_TAGS or (verbs and tag == "v" and len(w) == 2))

    def _after(self, after: int) -> str | None:
        """The nouns right after a classifier: 150個|高端|科研|項目."""
        tokens = self.tokens
        i = bisect_right(self.starts, after - 1)
        if i >= len(tokens) or tokens[i - 1].end != after:
            return None
        j = i
        while j < len(tokens) and self._noun(tokens[j].word, False) and tokens[j].end - after <= _MAX_METRIC:
            j += 1
        return self.text[after:tokens[j - 1].end] if j > i else None

    def _before(self, fstart: int) -> str | None:
        """The noun phrase before the number, across up to three linking words."""
        tokens = self.tokens
        i = bisect_right(self.starts, fstart) - 1
        if i >= 0 and tokens[i].start != fstart:
            return None
        i -= 1
        skipped = 0
        while i >= 0 and tokens[i].word in LINK_WORDS and skipped < 3:
            i, skipped = i - 1, skipped + 1
        if i < 0 or self.tag(tokens[i].word) not in NAME_TAGS:  # the phrase must end in a noun
            return None
        j = i
        while j >= 0 and self._noun(tokens[j].word, True) and tokens[i].end - tokens[j].start <= _MAX_METRIC:
            j -= 1
        return self.text[tokens[j + 1].start:tokens[i].end] if j < i else None

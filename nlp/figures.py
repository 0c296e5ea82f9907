"""Figures: numbers with units, currencies, qualifiers and what they count."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence

from nlp.model import Figure
from nlp.numerals import multiplier, parse_number
from nlp.segment import Token

_PRE_QUAL = "超过|超逾|逾|超|大约|约|将近|接近|近|至少|不少于|不低于|多达|最少|最多|高达"
_CURRENCY_PREFIX = r"HK\$|US\$|RMB|HKD|USD|CNY|人民币|港币|美元"
# Hong Kong government releases group thousands with a space (地盤面積約為5 170平方米, 11 580平方米).
_SPACE_GROUPED = r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?:\.\d+)?(?![\d])"
_NUM = (
    _SPACE_GROUPED + r"|\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?"
)
_MULT = "万亿|千亿|百亿|千万|百万|亿|万|千"
# An amount written out in Arabic groups: 43亿808万8千元, 2亿零500万元 (the whole is one number).
_MIXED = r"\d+(?:\.\d+)?(?:亿(?:零?\d+[万千百])+|万(?:零?\d+[千百])+)\d*"
_CURRENCY_UNIT = "港元|港币|美元|欧元|英镑|日元|澳门元|人民币|亿元|元"
_AREA = "平方公里|平方千米|平方米|平方英尺|公顷|亩"
_PCT = "%|个百分点|百分点|成半|成"
# Counting classifiers; time words (年 月 日 时) are deliberately absent: dates are not figures.
_CLASSIFIER = "|".join(
    "人次 个 项 家 名 所 批 位 间 座 条 支 款 件 台 套 人 宗 篇 份 届 倍 "
    "栋 幢 架 艘 辆 吨 公里 兆瓦 千瓦 场 门 幅 张 块".split()
)

FIGURE_RE = re.compile(
    rf"(?:(?P<qual>{_PRE_QUAL})(?:为|达)?)?"  # 约为 / 逾达: the qualifier before a linking verb
    rf"(?P<cur>{_CURRENCY_PREFIX})?\s?"
    rf"(?:(?P<pct>百分之)(?P<pnum>{_NUM})"
    rf"|(?P<num>{_MIXED}|{_NUM})(?P<in1>多|余)?(?P<mult>{_MULT})?(?P<in2>多|余)?"
    rf"(?P<unit>{_CURRENCY_UNIT}|{_AREA}|{_PCT}|{_CLASSIFIER})?)"
    rf"(?P<post>以上|左右|以下|以内|有余)?"
)
_CURRENCY = {"HK$": "HKD", "HKD": "HKD", "港元": "HKD", "港币": "HKD", "US$": "USD", "USD": "USD",
             "美元": "USD", "RMB": "CNY", "CNY": "CNY", "人民币": "CNY", "元": "CNY", "亿元": "CNY",
             "欧元": "EUR", "英镑": "GBP", "日元": "JPY", "澳门元": "MOP"}
# A classifier followed by one of these is the start of another word (个月 is a duration,
# 成为 is a verb, 所有 a determiner).
_NOT_AFTER = {"个": "月人体性", "成": "为立功本果员交就长熟效份都绩型", "成半": "年", "所": "有以在属得谓",
              "名": "单义称字誉额", "家": "庭乡属长园", "人": "员才民士类工口", "件": "事",
              "台": "湾", "条": "件例款", "项": "目", "批": "准复", "间": "隔", "支": "持付援出撑",
              "位": "于置数", "场": "所景合地面馆", "门": "槛户口店诊", "款": "项", "份": "额",
              "张": "力", "块": "钱"}
_NOT_BEFORE = "第数几若每前后头半"
_SENT_END = "。！？；!?;\n"
_NUMERAL_OR_HEDGE = frozenset("零〇一二两三四五六七八九十百千万亿超逾约近多余")


def _value_ok(num: str, hedged: bool) -> bool:
    # Chinese numerals must contain a digit or 十 (百家/千万 alone are idioms, not counts),
    # unless hedged: 逾百名, 百余个 are counts.
    if num[0].isdigit():
        return True
    return hedged or any(c in "一二两三四五六七八九十〇零" for c in num)


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = pos
    while start > 0 and text[start - 1] not in _SENT_END:
        start -= 1
    end = pos
    while end < len(text) and text[end] not in _SENT_END:
        end += 1
    if end < len(text):
        end += 1
    return start, end


def find_figures(original: str, folded: str, tokens: Sequence[Token],
                 metric_of: Callable[[int, int, int, bool], str | None]) -> list[Figure]:
    """Figures in `folded` (simplified, half-width, same length as `original`)."""
    out: list[Figure] = []
    starts = [t.start for t in tokens]
    for m in FIGURE_RE.finditer(folded):
        num = m.group("pnum") or m.group("num")
        hedged = bool(m.group("qual") or m.group("in1") or m.group("in2"))
        if not num or not _value_ok(num, hedged):
            continue
        unit_s = m.group("unit")
        cur = m.group("cur")
        if m.group("pct"):
            unit_s = "%"
        if not unit_s and not cur:
            continue
        nstart = m.start("pct") if m.group("pct") else m.start("num")
        start = m.start("cur") if cur else nstart
        if m.group("unit"):
            end = m.end("unit")
        elif m.group("pct"):
            end = m.end("pnum")
        else:
            end = max(m.end("num"), m.end("mult"), m.end("in1"), m.end("in2"))
        prev = folded[start - 1] if start else ""
        # (prev is "" at the start of the text, and "" is in every string.)
        if prev and (prev in _NOT_BEFORE or prev.isdigit() or prev in ".:/-"):
            continue
        if unit_s and unit_s in _NOT_AFTER and end < len(folded) and folded[end] in _NOT_AFTER[unit_s]:
            continue
        # A lone Chinese 一 before a classifier is an article (一个平台, 一所大学), not a count.
        if unit_s not in (None, "%", "成", "成半", "倍") and num == "一" and not cur and not m.group("mult"):
            continue
        # The numeral must start a word: 统一个人 is not 一个.
        i = bisect_right(starts, nstart) - 1
        if not num[0].isdigit() and i >= 0 and tokens[i].start != nstart and not cur:
            tok = tokens[i].word
            if not all(c in _NUMERAL_OR_HEDGE for c in tok[: nstart - tokens[i].start]):
                continue
        try:
            value = parse_number(num)
        except ValueError:
            continue
        if m.group("mult"):
            value *= multiplier(m.group("mult"))
        unit = unit_s or "元"
        currency = _CURRENCY.get(cur or "") or _CURRENCY.get(unit_s or "")
        if unit_s == "亿元":
            value *= 1e8
        if unit_s in ("成", "成半"):
            value = value * 10 + (5 if unit_s == "成半" else 0)
        if unit in ("成", "成半", "%"):
            unit = "%"
        elif currency or unit_s in _CURRENCY:
            unit = "元"
        elif unit in ("个百分点", "百分点"):
            unit = "百分点"
        else:
            unit = original[m.start("unit"):m.end("unit")]  # classifiers and areas as written
        qual_span = None
        if m.group("qual"):
            qual_span = (m.start("qual"), m.end("qual"))
        elif m.group("in1") or m.group("in2"):
            g = "in1" if m.group("in1") else "in2"
            qual_span = (m.start(g), m.end(g))
        elif m.group("post"):
            qual_span = (m.start("post"), m.end("post"))
        s0, s1 = sentence_bounds(original, start)
        metric = metric_of(start if not m.group("qual") else m.start("qual"), end,
                           m.end() if m.group("post") else end, unit_s in _CLASSIFIER.split("|"))
        out.append(Figure(
            value=float(value), unit=unit, currency=currency, metric=metric,
            qualifier=original[qual_span[0]:qual_span[1]] if qual_span else None,
            text=original[start:end], sentence=original[s0:s1].strip(), start=start, end=end,
        ))
    return out

"""Chinese figures: numbers with scale, unit, currency, qualifier, range and direction."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from nlp.model import Figure
from nlp.numerals import exact, multiplier, parse_number
from nlp.segment import Token
from nlp.units import CLASSIFIERS, CURRENCY_CODES, MEASURE_UNITS, MONEY, PERCENT, POINTS, TIMES

# A metric finder: (figure start, figure end, end after a post-qualifier, counted?) -> metric or None.
MetricOf = Callable[[int, int, int, bool], "str | None"]

_PRE_QUAL = ("不超过|不多于|不少于|不低于|超过|超逾|逾|超|大约|约|将近|接近|近|至少|多达|最少|最多|最高|高达|"
             "低于|少于|多于")
_CURRENCY_PREFIX = r"HK\$|US\$|MOP\$|RMB|HKD|USD|CNY|MOP|人民币|港币|美元|港元|澳门元|澳门币"
# Hong Kong government releases group thousands with a space (地盤面積約為5 170平方米, 11 580平方米).
# Any space character may group them (U+2005 and U+2009 occur on real pages).
GROUP_SPACE = "[ \u00a0\u2000-\u200a\u202f\u205f]"
_SPACE_GROUPED = rf"(?<![\d.,])\d{{1,3}}(?:{GROUP_SPACE}\d{{3}})+(?:\.\d+)?(?![\d])"
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_NUM = _SPACE_GROUPED + "|" + _ARABIC + r"|[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?"
_MULT = "万亿|千亿|百亿|千万|百万|十万|亿|万|千"
# An amount written out in Arabic groups: 43亿808万8千元, 2亿零500万元 (the whole is one number).
_MIXED = r"\d+(?:\.\d+)?(?:亿(?:零?\d+[万千百])+|万(?:零?\d+[千百])+)\d*"
_CURRENCY_UNIT = "港元|港币|美元|美金|欧元|英镑|日元|澳门元|澳门币|澳元|新台币|人民币|元"
_PCT = "%|个百分点|百分点|成半|成[一二三四五六七八九](?![十百千万亿])|成|倍"
_UNITS = "|".join(sorted(MEASURE_UNITS, key=len, reverse=True)) + "|" + \
    "|".join(sorted(CLASSIFIERS, key=len, reverse=True))
# A currency named in brackets after the amount, once for the whole text: 2億（人民幣，下同）.
_BRACKET_CUR = r"[（(](?P<bname>人民币|港元|港币|美元|澳门元|澳门币|欧元)(?:[，,、]?(?P<same>下同))?[）)]"
_POST_QUAL = "及以上|或以上|以上|及以下|或以下|以下|左右|以内|有余|上下"

FIGURE_RE = re.compile(
    rf"(?:(?P<qual>{_PRE_QUAL})(?:为|达)?)?"  # 约为 / 逾达: the qualifier before a linking verb
    rf"(?P<cur>{_CURRENCY_PREFIX})?\s?"
    # The low end of a range: 3至5亿元, 5%-8%, 1亿至2亿元.
    rf"(?:(?P<lo>{_ARABIC}|[零〇一二两三四五六七八九十]+)(?P<lomult>{_MULT})?(?P<lounit>%|元)?"
    rf"(?:至|到|~|～|-|－|—))?"
    rf"(?:(?P<pct>百分之)(?P<pnum>{_NUM})"
    rf"|(?P<num>{_MIXED}|{_NUM})(?P<in1>多|余)?(?P<mult>{_MULT})?(?P<in2>多|余)?"
    rf"(?P<unit>{_CURRENCY_UNIT}|{_PCT}|{_UNITS})?(?P<cur2>人民币|港元|港币)?(?:{_BRACKET_CUR})?)"
    rf"(?P<post>{_POST_QUAL})?"
)
# A classifier followed by one of these is the start of another word (个月 is a duration,
# 成为 is a verb, 所有 a determiner).
_NOT_AFTER = {"个": "月人体性案", "成": "为立功本果员交就长熟效份都绩型", "成半": "年", "所": "有以在属得谓",
              "名": "单义称字誉额", "家": "庭乡属长园", "人": "员才民士类工口", "件": "事",
              "台": "湾", "条": "件例款", "项": "目", "批": "准复", "间": "隔", "支": "持付援出撑",
              "位": "于置数", "场": "所景合地面馆", "门": "槛户口店诊", "款": "项", "份": "额",
              "张": "力", "块": "钱", "户": "口籍主", "层": "面次级", "种": "子植类", "类": "型似别",
              "组": "织成建合长员", "队": "伍员长", "座": "谈位", "倍": "增"}
# A number right after one of these is an ordinal, a batch or a part (第三, 每名, 前三名); 首兩座
# (the first two buildings) is a count, if not a salient one.
_NOT_BEFORE = "第数几若每前后头半"
SENT_END = "。！？；!?;\n"
_NUMERAL_OR_HEDGE = frozenset("零〇一二两三四五六七八九十百千万亿超逾约近多余")
_CLASSIFIER_UNITS = frozenset(CLASSIFIERS)

# Direction: a change verb right before the figure (增長5%, 同比下降0.5%, 增幅達12%); a level reached
# (增至, 提高到) has a 至 / 到 between and is no change.
_YOY = "同比|环比|按年|按月|按季|比上年同期|较上年同期|比上年|较上年|比去年|较去年|年均|平均"
_UP = re.compile(rf"(?:(?:{_YOY})(?:增长|上升|增加|提高|上涨|提升|增|升|涨)|增长|上升|增加|提高|上涨|提升|攀升|"
                 rf"上扬|扩大|增幅|升幅|涨幅)(?:了|为|达|达到|是)?$")
_DOWN = re.compile(rf"(?:(?:{_YOY})(?:下降|减少|下跌|降低|减|降|跌)|下降|减少|下跌|降低|回落|下滑|缩减|缩小|"
                   rf"收窄|萎缩|降幅|跌幅|减幅)(?:了|为|达|达到|是)?$")


# A sentence longer than this on either side is cut there: a page without sentence ends (a flattened table)
# would otherwise make every figure scan the whole page.
MAX_SENTENCE_SIDE = 400


# A sentence end: a Chinese or ASCII stop, a line break, or an English full stop after a letter and before
# a space.
_SENTENCE_END = re.compile(r"[。！？；!?;\n]|(?<=[A-Za-z])\.(?=[ \n])")


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence around `pos` (at most MAX_SENTENCE_SIDE characters on either side)."""
    floor = max(0, pos - MAX_SENTENCE_SIDE)
    start = floor
    for m in _SENTENCE_END.finditer(text, floor, pos):
        start = m.end()
    ceiling = min(len(text), pos + MAX_SENTENCE_SIDE)
    stop = _SENTENCE_END.search(text, pos, ceiling)
    return start, (stop.end() if stop else ceiling)


@dataclass
class FigureContext:
    """What the figures of one text share: the texts, the tokens, the page's money."""

    original: str
    folded: str                  # simplified, half-width, same length as original
    tokens: Sequence[Token]
    metric_of: MetricOf
    local_currency: str          # what a bare 元 means where the text was published
    carried: str | None = None   # a currency stated once for what follows (（人民幣，下同）)

    def __post_init__(self) -> None:
        self.starts = [t.start for t in self.tokens]


def direction_before(folded: str, pos: int) -> str | None:
    """"up" or "down" when a change verb ends right before `pos` (in the same clause)."""
    window = folded[max(0, pos - 8):pos]
    if _UP.search(window):
        return "up"
    if _DOWN.search(window):
        return "down"
    return None


def find_figures(ctx: FigureContext) -> list[Figure]:
    """Chinese figures in the text, in order."""
    out = []
    for m in FIGURE_RE.finditer(ctx.folded):
        fig = _figure(m, ctx)
        if fig is not None:
            out.append(fig)
    return out


def _figure(m: re.Match[str], ctx: FigureContext) -> Figure | None:
    num = m.group("pnum") or m.group("num")
    if not num or _rejected(m, num, ctx):
        return None
    try:
        value, upper = _values(m, num)
    except ValueError:
        return None
    unit, currency = _unit_and_currency(m, ctx)
    if unit is None:
        return None
    if (m.group("unit") or "").startswith("成"):
        value = _tenths(value, m.group("unit"))
        upper = _tenths(upper, "成") if upper is not None else None
    start, end = _span(m)
    qual = _qualifier(m)
    lead = m.start("qual") if m.group("qual") else start
    counted = (m.group("unit") or "") in _CLASSIFIER_UNITS
    s0, s1 = sentence_bounds(ctx.original, start)
    return Figure(
        value=exact(value), upper=exact(upper) if upper is not None else None, unit=unit, currency=currency,
        direction=direction_before(ctx.folded, lead), qualifier=ctx.original[qual[0]:qual[1]] if qual else None,
        metric=ctx.metric_of(lead, end, m.end() if m.group("post") else end, counted),
        text=ctx.original[start:end], sentence=ctx.original[s0:s1].strip(), start=start, end=end,
    )


def _rejected(m: re.Match[str], num: str, ctx: FigureContext) -> bool:
    """Dates, ordinals, articles (一個), idioms (百家) and words that only start like a figure."""
    hedged = bool(m.group("qual") or m.group("in1") or m.group("in2"))
    # Chinese numerals must contain a digit or 十 (百家/千万 alone are idioms, not counts),
    # unless hedged: 逾百名, 百余个 are counts.
    if not num[0].isdigit() and not hedged and not any(c in "一二两三四五六七八九十〇零" for c in num):
        return True
    unit_s = m.group("unit")
    cur = m.group("cur")
    if cur and cur.isascii() and not (unit_s or m.group("mult") or m.group("in1") or m.group("in2")):
        return True  # HK$500 (and HK$1 billion) is read by the English finder
    if not m.group("pct") and not unit_s and not m.group("cur") and not m.group("bname") \
            and not (ctx.carried and m.group("mult")):
        return True
    start, end = _span(m)
    prev = ctx.folded[start - 1] if start else ""
    if prev and (prev in _NOT_BEFORE or prev.isdigit() or prev in ".:/-#"):
        return True
    if prev.isascii() and prev.isalpha():  # COVID-19, A380
        return True
    if unit_s and unit_s in _NOT_AFTER and end < len(ctx.folded) and ctx.folded[end] in _NOT_AFTER[unit_s]:
        return True
    # A lone Chinese 一 before a classifier is an article (一个平台, 一所大学), not a count.
    if unit_s in _CLASSIFIER_UNITS and num == "一" and not m.group("mult") and not m.group("lo"):
        return True
    return not _starts_word(m, num, ctx)


def _starts_word(m: re.Match[str], num: str, ctx: FigureContext) -> bool:
    """A Chinese numeral must start a word: 统一个人 is not 一个."""
    nstart = m.start("pct") if m.group("pct") else m.start("num")
    if num[0].isdigit() or m.group("cur") or m.group("lo"):
        return True
    i = bisect_right(ctx.starts, nstart) - 1
    if i < 0 or ctx.tokens[i].start == nstart:
        return True
    tok = ctx.tokens[i]
    return all(c in _NUMERAL_OR_HEDGE for c in tok.word[: nstart - tok.start])


def _values(m: re.Match[str], num: str) -> tuple[Decimal, Decimal | None]:
    """The value after scale, and the high end when a range's low end precedes it."""
    value = parse_number(num)
    mult = multiplier(m.group("mult")) if m.group("mult") else 1
    value *= mult
    lo = m.group("lo")
    if not lo:
        return value, None
    low = parse_number(lo) * (multiplier(m.group("lomult")) if m.group("lomult") else mult)
    return (low, value) if low < value else (value, None)


def _tenths(value: Decimal, unit: str) -> Decimal:
    """三成 -> 30 (%), 三成半 -> 35, 三成五 -> 35."""
    if unit == "成半":
        return value * 10 + 5
    return value * 10 + (parse_number(unit[1]) if len(unit) == 2 else 0)


def _unit_and_currency(m: re.Match[str], ctx: FigureContext) -> tuple[str | None, str | None]:
    unit_s = m.group("unit")
    if m.group("pct") or unit_s == "%" or (unit_s or "").startswith("成"):
        return PERCENT, None
    if unit_s in ("个百分点", "百分点"):
        return POINTS, None
    if unit_s == "倍":
        return TIMES, None
    if unit_s in MEASURE_UNITS:
        return MEASURE_UNITS[unit_s], None
    if unit_s in CLASSIFIERS:
        return CLASSIFIERS[unit_s], None
    # Money: a named currency wins; a bare 元 is the carried currency, else the page's own.
    named = m.group("cur") or m.group("cur2") or m.group("bname")
    if unit_s and unit_s != "元":
        named = named or unit_s
    if m.group("bname") and m.group("same"):
        ctx.carried = CURRENCY_CODES[m.group("bname")]
    if named:
        return MONEY, CURRENCY_CODES.get(named, ctx.local_currency)
    return MONEY, ctx.carried or ctx.local_currency


def _span(m: re.Match[str]) -> tuple[int, int]:
    """The figure as written: currency prefix, range, number, multiplier, unit (not qualifiers)."""
    if m.group("cur"):
        start = m.start("cur")
    elif m.group("lo"):
        start = m.start("lo")
    else:
        start = m.start("pct") if m.group("pct") else m.start("num")
    if m.group("unit"):
        end = m.end("unit")
    elif m.group("pct"):
        end = m.end("pnum")
    else:
        end = max(m.end("num"), m.end("mult"), m.end("in1"), m.end("in2"))
    return start, end


def _qualifier(m: re.Match[str]) -> tuple[int, int] | None:
    for group in ("qual", "in1", "in2", "post"):
        if m.group(group):
            return m.start(group), m.end(group)
    return None

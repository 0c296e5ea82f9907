"""English figures: HK$1.5 billion, 5.2 per cent, 1 000 members, 20 hectares, with qualifier,
range, currency and direction. Each number is read outwards from its digits."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from nlp.figures import GROUP_SPACE, FigureContext, sentence_bounds
from nlp.model import Figure
from nlp.numerals import ENGLISH_SCALE, ENGLISH_WORDS, exact, parse_number
from nlp.units import CURRENCY_CODES, ENGLISH_UNITS, LOCAL_DOLLAR, MONEY, PERCENT, POINTS

_NUM = rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d{{1,3}}(?:{GROUP_SPACE}\d{{3}})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"
# A number not glued to a word, a decimal point, a slash or a hyphen (COVID-19, G20, 1/2, v2.0).
NUMBER_RE = re.compile(rf"(?<![\w.,\-/])(?:{_NUM})(?![\d])")
_WORD_NUMBER_RE = re.compile(r"(?<![A-Za-z])(?:" + "|".join(sorted(ENGLISH_WORDS, key=len, reverse=True))
                             + r")(?![A-Za-z])")
_CUR = r"HK\$|US\$|MOP\$|A\$|S\$|RMB|HKD|USD|CNY|MOP|EUR|GBP|JPY|£|€|¥|\$"
_CUR_BEFORE = re.compile(rf"(?:{_CUR})\s?$")
_SCALE = re.compile(r"(?:\s|-)?(thousand|million|billion|trillion)(?![A-Za-z])|(bn|mn|m|k|b)(?![A-Za-z])")
_UNIT = re.compile(r"\s?(" + "|".join(sorted((re.escape(u).replace(r"\ ", r"[ \-]") for u in ENGLISH_UNITS),
                                             key=len, reverse=True)) + r")(?![A-Za-z])", re.IGNORECASE)
_CCY_AFTER = re.compile(
    r"\s(yuan|renminbi|patacas?|euros?|(?:US|Hong Kong|HK|Macao|Macau) dollars|dollars)(?![A-Za-z])")
_CCY_WORDS = {"us dollars": "USD", "hong kong dollars": "HKD", "hk dollars": "HKD", "macao dollars": "MOP",
              "macau dollars": "MOP"}
_QUAL_BEFORE = re.compile(
    r"(?<![A-Za-z])(about|around|approximately|approx\.|over|more than|some|nearly|almost|up to|at least|at most|"
    r"close to|less than|fewer than|under|below|above|exceeding|in excess of|roughly|as many as|as much as|"
    r"no less than|no fewer than|not less than|not more than|upwards of|well over|just over|just under|"
    r"an estimated|a maximum of|a minimum of|a total of|a further|an additional|another)\s+$", re.IGNORECASE)
_QUAL_AFTER = re.compile(r"\s(or more|or above|and above|or over|or less|or below|and below|or so)(?![A-Za-z])")
_RANGE_JOIN = re.compile(rf"\s?(?:to|-|–|—)\s?(?:{_CUR})?\s?(?=\d)")
# Direction: a change word right before the figure, or a change noun right after it.
_UP_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:increas(?:e|ed|es|ing)|ris(?:e|es|ing)|rose|risen|gr(?:ew|own|ow|ows|owing)|growth|jump(?:ed|s)?|"
    r"climb(?:ed|s)?|surg(?:e|ed|es)|gain(?:ed|s)?|soar(?:ed|s)?|expand(?:ed|s)?|higher by|up by|up)"
    r"(?:\s+(?:year[- ]on[- ]year|yoy|annually))?(?:\s+(?:of|by))?(?:\s+(?:an?|some|about|around))?\s+$",
    re.IGNORECASE)
_DOWN_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:decreas(?:e|ed|es|ing)|declin(?:e|ed|es|ing)|drop(?:ped|s)?|fell|fall(?:en|s|ing)?|"
    r"reduc(?:ed|tion|es)|shr(?:ank|unk|inks)|contract(?:ed|ion|s)|dip(?:ped|s)?|slump(?:ed|s)?|"
    r"plung(?:e|ed|es)|lower by|down by|cut by|down)"
    r"(?:\s+(?:year[- ]on[- ]year|yoy|annually))?(?:\s+(?:of|by))?(?:\s+(?:an?|some|about|around))?\s+$",
    re.IGNORECASE)
_UP_AFTER = re.compile(r"\s+(?:year[- ]on[- ]year\s+)?(?:increase|rise|growth|gain|jump|surge|hike|above|higher)"
                       r"(?![A-Za-z])", re.IGNORECASE)
# … surpassing the high of 2018 by 13.2 per cent: a rate a value exceeds another by.
_SURPASS = re.compile(r"(?:surpass|exceed|outpac|outperform)\w*(?![A-Za-z])[^.;]{0,60}?\bby\s+$", re.IGNORECASE)
_DOWN_AFTER = re.compile(
    r"\s+(?:year[- ]on[- ]year\s+)?(?:decrease|decline|drop|fall|reduction|contraction|dip)(?![A-Za-z])",
                         re.IGNORECASE)
# Words before a number that make it a name, a part or an ordinal, not a figure (Phase 2, No. 8, Cap 123).
_NOT_AFTER_WORDS = frozenset(
    "phase stage level no nos number article articles section sections cap chapter annex schedule room block "
    "tower flat floor exit gate route platform hall terminal signal pier wing grade form part rule regulation "
    "regulations paragraph para item clause page pages figure table version batch round tranche district "
    "house lot lots unit ward bed station zone area court box covid primary secondary p s year years "
    "january february march april may june july august september october november december jan feb mar apr "
    "jun jul aug sep sept oct nov dec hotline tel telephone fax whatsapp sms account".split())
_TIME_NOUNS = frozenset(
    "year years month months week weeks day days hour hours minute minutes second seconds decade decades "
    "century centuries times am pm a.m. p.m. o'clock per cent percent storey".split())
# Plurals without an s, and words in s that are not plural nouns.
_IRREGULAR_PLURALS = frozenset("people men women children staff personnel police cattle youth".split())
_NOT_PLURAL = frozenset(
    "is was has does goes its this thus plus as us yes his hers ours theirs whereas across always perhaps "
    "besides less unless towards afterwards nevertheless news series species status basis crisis analysis "
    "campus bonus census virus canvas gas bus".split())
_STOP = frozenset(
    "the a an of to in on at for with from by and or but as is are was were be been will would can could "
    "that which who whom whose this these those it its their our his her my your we they he she i you "
    "per than then there here also not no all each every more most over under about after before into "
    "through between during including such cent percent has have had involve involves include includes "
    "require requires cover covers concern concerns receive received affect affects need needs".split())
# Linking words skipped when looking left for what a figure measures (exports rose by 5 per cent).
_LINK = frozenset(
    "of at to by reached reach reaching totalled totaled total amounted amount was were is are be been stood "
    "stands rose risen rise rises grew grow grows increased increase increases fell fall falls dropped "
    "declined decreased up down worth valued reaching hit has have had grown comes came come in stands "
    "stood accounts accounting amounting".split())


@dataclass(frozen=True)
class _Amount:
    start: int          # the figure's text starts here (currency sign or low end included)
    end: int
    value: Decimal
    upper: Decimal | None
    unit: str
    currency: str | None
    counted: bool


def find_figures_en(ctx: FigureContext) -> list[Figure]:
    """English figures in the text, in order (run beside the Chinese finder; it skips what that found)."""
    out: list[Figure] = []
    text = ctx.folded
    skip_to = 0
    for m in NUMBER_RE.finditer(text):
        if m.start() < skip_to:
            continue
        amount = _amount(text, m.start(), m.end(), parse_number(m.group()), ctx)
        if amount is None:
            continue
        skip_to = amount.end
        out.append(_figure(ctx, amount))
    for m in _WORD_NUMBER_RE.finditer(text):
        amount = _word_count(text, m, ctx)
        if amount is not None:
            out.append(_figure(ctx, amount))
    out.sort(key=lambda f: f.start)
    return out


def _amount(text: str, start: int, end: int, value: Decimal, ctx: FigureContext) -> _Amount | None:
    """The figure built around the digits text[start:end], or None when it is not one."""
    if _previous_word(text, start) in _NOT_AFTER_WORDS:
        return None
    cur_m = _CUR_BEFORE.search(text, max(0, start - 6), start)
    cur = cur_m.group().strip() if cur_m else None
    pos, scale = _scaled(text, end, bool(cur))
    if pos is None:
        return None
    value *= scale
    upper = None
    join = _RANGE_JOIN.match(text, pos)
    if join and (nxt := NUMBER_RE.match(text, join.end())):
        hi_end, hi_scale = _scaled(text, nxt.end(), bool(cur))
        if hi_end is not None:
            high = parse_number(nxt.group()) * hi_scale
            if scale == 1 and hi_scale != 1:
                value *= hi_scale
            if high > value:
                upper, pos = high, hi_end
    unit_m = _UNIT.match(text, pos)
    first = cur_m.start() if cur_m else start
    if unit_m:
        return _Amount(first, unit_m.end(), value, upper, ENGLISH_UNITS[unit_m.group(1).lower()], None, False)
    ccy_m = _CCY_AFTER.match(text, pos)
    if cur or ccy_m:
        return _Amount(first, ccy_m.end() if ccy_m else pos, value, upper, MONEY,
                       _currency(cur, ccy_m.group(1) if ccy_m else None, ctx), False)
    if _is_year(text[start:end]) and scale == 1:
        return None
    noun_end = _count_noun(text, pos)
    if noun_end is None:
        return None
    return _Amount(first, noun_end, value, upper, _last_word(text, noun_end), None, True)


def _scaled(text: str, pos: int, money: bool) -> tuple[int | None, int]:
    """Position after a scale word (1.5 billion, HK$3m), its multiplier; None if letters are glued on."""
    m = _SCALE.match(text, pos)
    if m and m.group(1):
        return m.end(), ENGLISH_SCALE[m.group(1)]
    if m and m.group(2) and money:
        return m.end(), ENGLISH_SCALE[m.group(2)]
    if pos < len(text) and text[pos].isascii() and text[pos].isalpha() and not _UNIT.match(text, pos):
        return None, 1  # 99th, 9am, 5G
    return pos, 1


def _currency(symbol: str | None, word: str | None, ctx: FigureContext) -> str:
    if symbol and symbol not in LOCAL_DOLLAR:
        return CURRENCY_CODES[symbol]
    if word:
        code = _CCY_WORDS.get(word.lower()) or CURRENCY_CODES.get(word.lower())
        if code:
            return code
    # A bare $ or "dollars": the page's own dollar (HK$ on a Hong Kong page), else US dollars.
    return ctx.local_currency if ctx.local_currency in ("HKD", "MOP", "USD") else "USD"


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and digits.isdigit() and 1900 <= int(digits) <= 2100


def _previous_word(text: str, pos: int) -> str:
    m = re.search(r"([A-Za-z][A-Za-z.']*)[\s-]*$", text[max(0, pos - 24):pos])
    return m.group(1).rstrip(".").lower() if m else ""


def _last_word(text: str, end: int) -> str:
    m = re.search(r"[A-Za-z][\w'-]*$", text[max(0, end - 40):end])
    return m.group() if m else ""


_WORD = re.compile(r"\s+([A-Za-z][A-Za-z'-]*)")
_MONTHS = frozenset("january february march april may june july august september october november december "
                    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
                    "friday saturday sunday".split())


def _count_noun(text: str, pos: int) -> int | None:
    """End of the plural noun a number counts (1 000 members, 20 research projects), within 3 words."""
    for _ in range(3):
        m = _WORD.match(text, pos)
        if m is None:
            return None
        word = m.group(1)
        low = word.lower()
        if low in _TIME_NOUNS or low in _STOP or low in _MONTHS:
            return None  # dates (17 June), durations (10 minutes), grammar
        if word != low:
            pos = m.end()  # a proper word may qualify what is counted (670 000 Hong Kong people)
            continue
        if low in _IRREGULAR_PLURALS or (low.endswith("s") and not low.endswith(("ss", "us", "is", "ous"))
                                        and low not in _NOT_PLURAL and len(low) > 2):
            return m.end()
        pos = m.end()
    return None


def _word_count(text: str, m: re.Match[str], ctx: FigureContext) -> _Amount | None:
    """two banks, three men, twelve projects, one million residents (number words, lower case)."""
    word = m.group()
    pos, scale = _scaled(text, m.end(), False)
    if pos is None or (word == "one" and scale == 1) or _previous_word(text, m.start()) in _NOT_AFTER_WORDS:
        return None
    unit_m = _UNIT.match(text, pos)
    if unit_m and ENGLISH_UNITS[unit_m.group(1).lower()] != PERCENT:
        return _Amount(m.start(), unit_m.end(), Decimal(ENGLISH_WORDS[word] * scale), None,
                       ENGLISH_UNITS[unit_m.group(1).lower()], None, False)
    noun_end = _count_noun(text, pos)
    if noun_end is None:
        return None
    return _Amount(m.start(), noun_end, Decimal(ENGLISH_WORDS[word] * scale), None, _last_word(text, noun_end),
                   None, True)


def _figure(ctx: FigureContext, a: _Amount) -> Figure:
    text = ctx.folded
    qual_m = _QUAL_BEFORE.search(text, max(0, a.start - 30), a.start)
    lead = qual_m.start() if qual_m else a.start
    post = _QUAL_AFTER.match(text, a.end)
    qualifier = qual_m.group(1) if qual_m else (post.group(1) if post else None)
    s0, s1 = sentence_bounds(ctx.original, a.start)
    metric = _counted_metric(text, a) if a.counted else _metric_before(text, lead, s0)
    if metric is None and a.unit == PERCENT:
        metric = _share_of(text, a.end)
    return Figure(
        value=exact(a.value), upper=exact(a.upper) if a.upper is not None else None, unit=a.unit,
        currency=a.currency, direction=_direction(text, lead, a), qualifier=qualifier, metric=metric,
        text=ctx.original[a.start:a.end], sentence=ctx.original[s0:s1].strip(), start=a.start, end=a.end,
    )


def _direction(text: str, lead: int, a: _Amount) -> str | None:
    before = text[max(0, lead - 40):lead]
    plain_updown = a.unit in (PERCENT, POINTS)  # "set up 5 centres" is no rise
    up, down = _UP_BEFORE.search(before), _DOWN_BEFORE.search(before)
    if up and (plain_updown or up.group().strip().lower() != "up"):
        return "up"
    if down and (plain_updown or down.group().strip().lower() != "down"):
        return "down"
    if _UP_AFTER.match(text, a.end) or (plain_updown and _SURPASS.search(text, max(0, lead - 90), lead)):
        return "up"
    if _DOWN_AFTER.match(text, a.end):
        return "down"
    return None


_SHARE_OF = re.compile(r"\s+of\s+(?:(?:the|our|its|their|this|that)\s+)?")


def _share_of(text: str, end: int) -> str | None:
    """17.5 per cent of the city's total workforce: the measure a percentage is a share of."""
    m = _SHARE_OF.match(text, end)
    if m is None:
        return None
    phrase = re.split(r"[.,;:()\n]", text[m.end():m.end() + 60], maxsplit=1)[0]
    words: list[str] = []
    for w in phrase.split():
        if w.lower() in _STOP or len(words) == 5 or not w[0].isalpha():
            break
        words.append(w)
    return " ".join(words) or None


def _counted_metric(text: str, a: _Amount) -> str | None:
    """The noun phrase counted: 20 research projects -> research projects."""
    m = re.match(rf"(?:(?:[\d,.]|{GROUP_SPACE})+|[a-z]+\s+)(?:(?:thousand|million|billion)\s+)?(.+)",
                 text[a.start:a.end])
    return m.group(1).strip() if m and m.group(1).strip() else None


def _metric_before(text: str, lead: int, sentence_start: int) -> str | None:
    """What a figure measures, from the words before it when a linking word joins them
    (exports rose by 5 per cent, a total investment of HK$1 billion)."""
    words = list(re.finditer(r"[A-Za-z][\w'-]*|[^\sA-Za-z]", text[sentence_start:lead]))
    i = len(words) - 1
    skipped = 0
    while i >= 0 and words[i].group().lower() in _LINK | {"year-on-year", "about", "around", "some"}:
        i, skipped = i - 1, skipped + 1
    if not skipped:
        return None
    j = i
    while j >= 0 and i - j < 4 and words[j].group()[0].isalpha() and words[j].group().lower() not in _STOP:
        j -= 1
    if j == i:
        return None
    return text[sentence_start + words[j + 1].start():sentence_start + words[i].end()]

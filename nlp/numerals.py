"""Parse Arabic, full-width, Chinese and English numerals (一百五十, 兩千三百萬, 1.5萬億, 1.2 billion)
into exact Decimals: a figure is a fact, and float arithmetic (368.0187 × 1e10) leaves residue."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
SMALL = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": 10_000, "亿": 100_000_000}
# English scale words and their short forms in figures (HK$3m, US$1.5bn).
ENGLISH_SCALE = {"thousand": 10**3, "k": 10**3, "million": 10**6, "mn": 10**6, "m": 10**6,
                 "billion": 10**9, "bn": 10**9, "b": 10**9, "trillion": 10**12, "tn": 10**12}
# Counts written as words (two banks, twelve projects); "one" is left out: it is mostly an article.
ENGLISH_WORDS = {w: n for n, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split(), 1)} | {
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12, "dozens": 12}


def _below_wan(s: str) -> int:
    if not s:
        return 0
    if all(ch in DIGITS for ch in s):  # 一五〇 written digit by digit
        return int("".join(str(DIGITS[ch]) for ch in s))
    total = 0
    num: int | None = None
    for ch in s:
        if ch in DIGITS:
            num = DIGITS[ch]
        elif ch in SMALL:
            total += (1 if num is None else num) * SMALL[ch]
            num = None
        else:
            raise ValueError(f"not a numeral: {ch!r}")
    return total + (num or 0)


def chinese_to_number(s: str) -> Decimal:
    """一百五十 -> 150; 两千三百万 -> 23000000; 三点五 -> 3.5 (simplified input)."""
    if "点" in s:
        whole, frac = s.split("点", 1)
        if not frac or any(c not in DIGITS for c in frac):
            raise ValueError(f"not a numeral: {s!r}")
        return chinese_to_number(whole) + Decimal("0." + "".join(str(DIGITS[c]) for c in frac))
    if "亿" in s:
        hi, lo = s.split("亿", 1)
        return (chinese_to_number(hi) if hi else Decimal(1)) * BIG["亿"] + (chinese_to_number(lo) if lo else 0)
    if "万" in s:
        hi, lo = s.split("万", 1)
        return Decimal((_below_wan(hi) if hi else 1) * BIG["万"] + _below_wan(lo))
    return Decimal(_below_wan(s))


def _grouped(s: str) -> Decimal:
    """43亿808万8千 -> 4308088000: Arabic groups, each followed by its multiplier."""
    for ch, mult in (("亿", 10**8), ("万", 10**4), ("千", 10**3), ("百", 10**2)):
        if ch in s:
            hi, lo = s.split(ch, 1)
            return _decimal(hi) * mult + _grouped(lo)
    return _decimal(s) if s else Decimal(0)


def _decimal(s: str) -> Decimal:
    try:
        value = Decimal(s)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {s!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a number: {s!r}")
    return value


def parse_number(s: str) -> Decimal:
    """Arabic (with thousands commas or spaces), Chinese, or Arabic groups with multipliers
    (43亿808万8千), simplified and width-folded."""
    plain = "".join(s.replace(",", "").split())  # 5 170 (space-grouped thousands) -> 5170
    if plain and all(c.isdigit() or c == "." for c in plain) and plain.count(".") <= 1:
        return _decimal(plain)
    if any(c.isdigit() for c in plain):
        return _grouped(plain.replace("零", ""))
    return chinese_to_number(plain)


def multiplier(s: str) -> int:
    """万亿 -> 10**12, 亿 -> 10**8, 千万 -> 10**7, 百万 -> 10**6, 万 -> 10**4, 千 -> 10**3, 百 -> 100."""
    value = 1
    for ch in s:
        value *= BIG.get(ch) or SMALL.get(ch, 1)
    return value


def exact(value: Decimal) -> Decimal:
    """The value without trailing zeros or an exponent: 1.50E+9 -> 1500000000, 2.50 -> 2.5."""
    value = value.normalize()
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value

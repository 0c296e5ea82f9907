"""Parse Arabic, full-width and Chinese numerals (一百五十, 兩千三百萬, 1.5萬億) into floats."""
from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
SMALL = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": 10_000, "亿": 100_000_000}
CN_CHARS = "".join(DIGITS) + "".join(SMALL)


def _below_wan(s: str) -> float:
    if not s:
        return 0.0
    if all(ch in DIGITS for ch in s):  # 一五〇 written digit by digit
        return float("".join(str(DIGITS[ch]) for ch in s))
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
    return float(total + (num or 0))


def chinese_to_number(s: str) -> float:
    """一百五十 -> 150.0; 两千三百万 -> 23000000.0; 三点五 -> 3.5 (simplified input)."""
    if "点" in s:
        whole, frac = s.split("点", 1)
        return chinese_to_number(whole) + float("0." + "".join(str(DIGITS[c]) for c in frac))
    if "亿" in s:
        hi, lo = s.split("亿", 1)
        return (chinese_to_number(hi) if hi else 1.0) * BIG["亿"] + (chinese_to_number(lo) if lo else 0.0)
    if "万" in s:
        hi, lo = s.split("万", 1)
        return (_below_wan(hi) if hi else 1.0) * BIG["万"] + _below_wan(lo)
    return _below_wan(s)


def _grouped(s: str) -> float:
    """43亿808万8千 -> 4308088000.0: Arabic groups, each followed by its multiplier."""
    for ch, mult in (("亿", 1e8), ("万", 1e4), ("千", 1e3), ("百", 1e2)):
        if ch in s:
            hi, lo = s.split(ch, 1)
            return float(hi) * mult + _grouped(lo)
    return float(s) if s else 0.0


def parse_number(s: str) -> float:
    """Arabic (with thousands commas), Chinese, or Arabic groups with multipliers (43亿808万8千),
    simplified and width-folded."""
    plain = "".join(s.replace(",", "").split())  # 5 170 (space-grouped thousands) -> 5170
    try:
        return float(plain)
    except ValueError:
        pass
    if any(c.isdigit() for c in plain):
        return _grouped(plain.replace("零", ""))
    return chinese_to_number(s)


def multiplier(s: str) -> float:
    """万亿 -> 1e12, 亿 -> 1e8, 千万 -> 1e7, 百万 -> 1e6, 万 -> 1e4, 千 -> 1e3, 百 -> 1e2."""
    value = 1.0
    for ch in s:
        value *= BIG.get(ch) or SMALL.get(ch, 1)
    return value

"""Units and currencies of figures: what the finders match, and the one canonical spelling of each.

Units are canonical (Traditional Chinese, whatever the page's script or language) so that a figure
timeline counts `3 hectares`, `3公顷` and `3公頃` as one unit; the figure's `text` keeps what was written.
"""
from __future__ import annotations

MONEY = "元"
PERCENT = "%"
POINTS = "百分點"
TIMES = "倍"

# ISO 4217 codes of currency words and symbols (simplified, width-folded: the form figures are found in).
CURRENCY_CODES = {
    "HK$": "HKD", "HKD": "HKD", "港元": "HKD", "港币": "HKD",
    "US$": "USD", "USD": "USD", "美元": "USD", "美金": "USD",
    "RMB": "CNY", "CNY": "CNY", "人民币": "CNY", "¥": "CNY", "￥": "CNY",
    "MOP$": "MOP", "MOP": "MOP", "澳门元": "MOP", "澳门币": "MOP", "澳元": "AUD", "A$": "AUD",
    "欧元": "EUR", "EUR": "EUR", "€": "EUR", "英镑": "GBP", "GBP": "GBP", "£": "GBP",
    "日元": "JPY", "JPY": "JPY", "新台币": "TWD", "S$": "SGD", "新加坡元": "SGD",
    "yuan": "CNY", "renminbi": "CNY", "patacas": "MOP", "pataca": "MOP", "euros": "EUR", "euro": "EUR",
}
# Dollar signs whose currency is the page's own dollar (a bare $ in a Hong Kong release is HK$).
LOCAL_DOLLAR = frozenset(("$",))

# Measurement units (simplified as matched) -> canonical.
MEASURE_UNITS = {
    "平方公里": "平方公里", "平方千米": "平方公里", "平方米": "平方米", "平方英尺": "平方英尺",
    "公顷": "公頃", "亩": "畝", "英亩": "英畝", "立方米": "立方米", "千瓦时": "千瓦時",
    "千瓦": "千瓦", "兆瓦": "兆瓦", "吉瓦": "吉瓦", "吨": "噸", "公斤": "公斤", "标箱": "標箱",
    "分贝": "分貝", "公里": "公里",
}
AREA_UNITS = frozenset(("平方公里", "平方米", "平方英尺", "公頃", "畝", "英畝"))
# Output and capacity: energy, power, throughput, volume, weight.
CAPACITY_UNITS = frozenset(("千瓦時", "千瓦", "兆瓦", "吉瓦", "噸", "立方米", "標箱"))

# Counting classifiers (simplified as matched) -> canonical. Time words (年 月 日 时) and 届 (a
# session number: 二十届) are deliberately absent: dates and ordinals are not figures.
CLASSIFIERS = {s: t for s, t in (p.split(":") for p in (
    "人次:人次 架次:架次 个:個 项:項 家:家 名:名 所:所 批:批 位:位 间:間 座:座 条:條 支:支 款:款 件:件 "
    "台:台 套:套 人:人 宗:宗 篇:篇 份:份 栋:棟 幢:幢 架:架 艘:艘 辆:輛 场:場 门:門 幅:幅 张:張 "
    "块:塊 户:戶 册:冊 层:層 种:種 类:類 组:組 队:隊").split())}

# English units (lower-cased as matched) -> canonical.
ENGLISH_UNITS = {
    "per cent": PERCENT, "percent": PERCENT, "%": PERCENT, "per-cent": PERCENT,
    "percentage point": POINTS, "percentage points": POINTS,
    "square kilometres": "平方公里", "square kilometers": "平方公里", "sq km": "平方公里", "km2": "平方公里",
    "square kilometre": "平方公里",
    "square metres": "平方米", "square meters": "平方米", "sq m": "平方米", "square metre": "平方米",
    "m2": "平方米", "square feet": "平方英尺", "sq ft": "平方英尺", "square foot": "平方英尺",
    "hectares": "公頃", "hectare": "公頃", "ha": "公頃", "acres": "英畝",
    "kilowatt-hours": "千瓦時", "kilowatt hours": "千瓦時", "kwh": "千瓦時",
    "megawatts": "兆瓦", "mw": "兆瓦", "gigawatts": "吉瓦", "gw": "吉瓦", "kilowatts": "千瓦", "kw": "千瓦",
    "tonnes": "噸", "tons": "噸", "cubic metres": "立方米", "cubic meters": "立方米",
    "teus": "標箱", "teu": "標箱", "kilometres": "公里", "kilometers": "公里", "km": "公里",
    "decibels": "分貝",
}

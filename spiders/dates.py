"""Parse every date format the sources print into timezone-aware datetimes: the spiders' one date module."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

# Every source publishes in China Standard / Hong Kong Time; neither has DST.
HKT = timezone(timedelta(hours=8), "HKT")

_FULLWIDTH = str.maketrans("０１２３４５６７８９：－／", "0123456789:-/")

_ISO = re.compile(
    r"(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d\d)(?::(?P<S>\d\d))?)?"
)
_CJK = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"(?:\s*[（(]?星期.[）)]?)?"
    r"(?:\s*(?:香港時間|香港时间|北京時間|北京时间)?\s*(?P<H>\d{1,2})\s*(?:時|时|:|點|点)\s*(?P<M>\d{1,2})\s*分?)?"
)
_EN_FOOTER = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+"
    r"(?P<mon>[A-Z][a-z]+)\s+(?P<d>\d{1,2}),\s+(?P<y>\d{4})"
    r"(?:.*?Issued at HKT\s+(?P<H>\d{1,2}):(?P<M>\d\d))?",
    re.S,
)
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], start=1)}
_HK_TIME = re.compile(r"(?:香港時間|香港时间)\s*(?P<H>\d{1,2})\s*[時时]\s*(?P<M>\d{1,2})\s*分")


def hkt_datetime(y: str, m: str, d: str, hh: str | None = None, mm: str | None = None,
                 ss: str | None = None) -> datetime | None:
    """The given day (and time) in HKT from its digits; None when it is no real date."""
    try:
        return datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0), tzinfo=HKT)
    except ValueError:  # 2023-02-30 and the like: not a date, so no date
        return None


def parse_date(text: str | None) -> datetime | None:
    """The first date (with time if given) in `text`, in HKT unless an offset is stated; None if none."""
    if not text:
        return None
    text = text.translate(_FULLWIDTH).strip()
    rfc = _parse_rfc822(text)
    if rfc is not None:
        return rfc
    found: list[tuple[int, datetime]] = []
    for pattern in (_ISO, _CJK):
        match = pattern.search(text)
        if match:
            value = hkt_datetime(match["y"], match["m"], match["d"], match["H"], match["M"],
                           match.groupdict().get("S"))
            if value is not None:
                found.append((match.start(), value))
    match = _EN_FOOTER.search(text)
    if match and match["mon"].lower() in _MONTHS:
        value = hkt_datetime(match["y"], str(_MONTHS[match["mon"].lower()]), match["d"], match["H"], match["M"])
        if value is not None:
            found.append((match.start(), value))
    if not found:
        return None
    return min(found, key=lambda pair: pair[0])[1]


def first_date(*candidates: str | None) -> datetime | None:
    """The date of the first candidate text that holds one (candidates in order of trust)."""
    for candidate in candidates:
        value = parse_date(candidate)
        if value is not None:
            return value
    return None


def parse_timestamp(value: str | None) -> datetime | None:
    """ISO 8601 with its offset kept (2025-06-18T10:30:00+08:00; a 'Z' is UTC, not HKT); other formats
    via parse_date. For machine-written stamps (meta tags, feeds, sitemaps), where an offset means what it says."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return parse_date(value)
    if parsed.tzinfo is None:  # a bare local time on these sites is Hong Kong / China time
        parsed = parsed.replace(tzinfo=HKT)
    return parsed


def parse_epoch_or_text(value: Any) -> datetime | None:
    """Unix seconds (or milliseconds), as JSON catalogues give them, or a printed date."""
    if isinstance(value, int | float) and value > 0:
        seconds = value / 1000 if value > 10**11 else value
        return datetime.fromtimestamp(seconds, HKT)
    if isinstance(value, str):
        if value.isdigit():
            return parse_epoch_or_text(int(value))
        return parse_date(value)
    return None


def _parse_rfc822(text: str) -> datetime | None:
    if not re.match(r"^(?:[A-Z][a-z]{2},\s*)?\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}\s+\d", text):
        return None
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return value if value.tzinfo else value.replace(tzinfo=HKT)


def parse_chinese_footer(text: str) -> datetime | None:
    """info.gov.hk's Chinese footer: '2020年1月9日（星期四）' then '香港時間20時12分' on the next line."""
    day = _CJK.search(text.translate(_FULLWIDTH))
    if not day:
        return None
    base = hkt_datetime(day["y"], day["m"], day["d"], day["H"], day["M"])
    if base is None or day["H"]:
        return base
    clock = _HK_TIME.search(text, day.end())
    if clock:
        return base.replace(hour=int(clock["H"]), minute=int(clock["M"]))
    return base


def date_from_path(url: str) -> datetime | None:
    """A date encoded in a URL path: /2025/1010/ (Ta Kung Pao) or /20250115_093000_ (news.gov.hk)."""
    match = re.search(r"/((?:19|20)\d\d)(\d\d)(\d\d)_(\d\d)(\d\d)(\d\d)_", url)
    if match:
        return hkt_datetime(*match.groups()[:3], *match.groups()[3:])
    match = re.search(r"/((?:19|20)\d\d)/(\d\d)(\d\d)/", url)
    if match:
        return hkt_datetime(*match.groups())
    return None

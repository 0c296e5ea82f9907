"""Rules shared by the infogov/newsgov spiders: release ids, footer, issuer, EN-TC twins."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from spiders.dates import hkt_datetime, parse_chinese_footer, parse_date

# /gia/general/202001/09/P2020010900622.htm — the print view adds a `p` before `.htm`.
RELEASE_ID = re.compile(r"/gia/general/(\d{6})/(\d{2})/(P(\d{8})(\d{5,}))p?\.htm$")
_ID_IN_HREF = re.compile(r"P\d{12,}p?\.htm")

# The footer's first line: `Ends/Thursday, January 9, 2020` (EN) or a bare `完` (TC).
_FOOTER_START = re.compile(r"^(?:Ends\s*/|完\s*$)")
# After the footer the page prints `NNNN` (the old wire-service end mark): never text.
_WIRE_END = re.compile(r"^N{3,}$")
_ISSUER_EN = re.compile(r"^The following is issued on behalf of (?:the )?(?P<who>.+?)\s*[:：︰]\s*$", re.I)
_ISSUER_TC = re.compile(r"^下稿代(?P<who>.+?)發出\s*[:：︰]\s*$")
_CJK = re.compile(r"[\u3400-\u9fff]")

# Twins further apart than this many ids are not the same release (ids are allocated per version,
# and both versions of one release are entered together, so real pairs sit next to each other).
MAX_TWIN_GAP = 10


@dataclass(frozen=True)
class Release:
    """One release as a feed or a daily index lists it."""

    url: str
    language: str  # "en" or "zh-Hant"
    issued: datetime | None = None  # the issue time the listing gives, if any
    title: str = ""


def release_number(url: str) -> tuple[str, int] | None:
    """(YYYYMMDD, sequence) of a release URL; None for any other URL."""
    match = RELEASE_ID.search(url.split("?", 1)[0].split("#", 1)[0])
    if match is None:
        return None
    return match.group(4), int(match.group(5))


def is_release_href(href: str) -> bool:
    return bool(_ID_IN_HREF.search(href))


def date_from_id(url: str) -> datetime | None:
    """The release day (midnight HKT) encoded in its id: only a day, never a time."""
    number = release_number(url)
    if number is None:
        return None
    day = number[0]
    return hkt_datetime(day[:4], day[4:6], day[6:8])  # None for a malformed id


def looks_chinese(text: str) -> bool:
    return len(_CJK.findall(text)) * 3 >= len(text.strip()) > 0


@dataclass(frozen=True)
class SplitText:
    text: str
    issued: datetime | None  # read from the footer
    issuer: str | None
    footer_found: bool


def split_release_text(text: str) -> SplitText:
    """Cut the footer (and anything after it) off a release's text, reading the issue time from it,
    and take the `issued on behalf of …` line off the top as the issuer (kept in `item.issuer`)."""
    lines = text.split("\n")
    issued: datetime | None = None
    footer_found = False
    for index in range(len(lines) - 1, -1, -1):  # the last footer wins: a quoted "完" line can't cut the body
        if _FOOTER_START.match(lines[index]):
            footer = "\n".join(lines[index:])
            issued = parse_chinese_footer(footer) if lines[index].startswith("完") else parse_date(footer)
            lines = lines[:index]
            footer_found = True
            break
    while lines and _WIRE_END.match(lines[-1]):
        lines.pop()
    issuer = None
    if lines:
        match = _ISSUER_EN.match(lines[0]) or _ISSUER_TC.match(lines[0])
        if match:
            issuer = match.group("who").strip()
            lines = lines[1:]
    return SplitText("\n".join(lines).strip(), issued, issuer, footer_found)


def pair_twins(english: list[Release], chinese: list[Release]) -> dict[str, str]:
    """Pair English and Traditional Chinese versions of the same releases: url -> twin url, both ways.

    The two versions have different ids (EN P2020010900622 ↔ TC P2020010900621), and nothing in a
    feed or daily index links them, so the rule is: same release day, same issue time when both
    listings give one, and ids at most MAX_TWIN_GAP apart. Candidates are taken closest ids first;
    on a tie the Chinese id one below the English wins, the order seen on every real pair (the
    Chinese version is entered first). Each release pairs at most once. An article page's own
    language link, when present, overrides this guess (the spider prefers it).
    """
    candidates: list[tuple[int, int, str, str]] = []
    for en in english:
        en_number = release_number(en.url)
        if en_number is None:
            continue
        for tc in chinese:
            tc_number = release_number(tc.url)
            if tc_number is None or tc_number[0] != en_number[0]:
                continue
            if en.issued is not None and tc.issued is not None and en.issued != tc.issued:
                continue
            gap = abs(en_number[1] - tc_number[1])
            if 0 < gap <= MAX_TWIN_GAP:
                preferred = 0 if tc_number[1] == en_number[1] - 1 else 1
                candidates.append((gap, preferred, en.url, tc.url))
    pairs: dict[str, str] = {}
    for _gap, _preferred, en_url, tc_url in sorted(candidates):
        if en_url in pairs or tc_url in pairs:
            continue
        pairs[en_url] = tc_url
        pairs[tc_url] = en_url
    return pairs

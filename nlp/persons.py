"""People from title + name patterns (深圳市委常委、常務副市長黃敏; 大公報記者胡永愛)."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nlp.lexicon import (
    AFTER_NAME,
    DOUBLE_SURNAMES,
    HONORIFICS,
    NAME_BREAKERS,
    NAME_TAGS,
    NOT_NAME_START_TAGS,
    SINGLE_SURNAMES,
    TITLE_NOUNS,
)
from nlp.segment import Token
from nlp.tags import is_cjk, is_punct

_TITLE_RE = re.compile("(?:" + "|".join(TITLE_NOUNS) + ")")
_HONORIFIC_RE = re.compile("(?:" + "|".join(HONORIFICS[:5]) + ")")
_NAME_TAGS = ("nr", "nrfg", "nrt", "x")
MAX_TITLE = 48
_TITLE_SET = frozenset(TITLE_NOUNS)
_FORMER = frozenset(("前", "原", "时任", "现任"))
_BODY_CHARS = frozenset("委局署厅部办处院所")


@dataclass(frozen=True)
class PersonCandidate:
    start: int
    end: int
    title_start: int | None
    title_end: int | None


_MULTI_AFTER = tuple(w for w in AFTER_NAME if len(w) > 1)


def _starts_after_word(s: str, pos: int) -> bool:
    if pos >= len(s) or not is_cjk(s[pos]):
        return True
    return s.startswith(AFTER_NAME, pos) or s.startswith(TITLE_NOUNS, pos)


def name_length(simp: str, pos: int, tokens: Sequence[Token], starts: list[int],
                tag: Callable[[str], str], known: Callable[[int], int] = lambda pos: 0) -> int:
    """Length of the personal name starting at `pos` (0 if none starts there)."""
    n = known(pos)
    if n:
        return n
    n = _guess_length(simp, pos, tokens, starts, tag)
    return n if n and _plausible(simp[pos:pos + n], simp[pos + n - 2:pos + n] if n >= 3 else "", tag) else 0


# Surnames that are far more often grammar (和 and, 向 towards, 于 at, 都 all, 时 when).
_GRAMMAR_SURNAMES = frozenset("和向于同及由在将把被给跟从但都时而并或等其此该各每这有也就才又还更最很以因令使让")
# Tags of a dictionary word that is no given name (超过, 大家, 一名, 今年 …) nor a whole name (劳工, 财政).
_NOT_NAME_WORD_TAGS = frozenset("v vd vn d p c r m q mq t f u uj ul uz ug ud ad an a n ns nt nz l i j".split())
# … and of a two-character word that is no given name (立新, an adverb, is a common given name).
_FUNCTION_WORD_TAGS = frozenset("p c r m q mq t f u uj ul uz ug ud".split())


def _plausible(name: str, given: str, tag: Callable[[str], str]) -> bool:
    """Grammar is no name: 和超過, 向大家, 和一名, 勞工 (the name, or its two-character given name, is a
    dictionary word of another kind; a grammar surname needs a given name no dictionary holds)."""
    if tag(name) in _NOT_NAME_WORD_TAGS:
        return False
    if given and tag(given) in _FUNCTION_WORD_TAGS:
        return False
    return not (name[0] in _GRAMMAR_SURNAMES and any(tag(name[1:k]) != "x" for k in range(3, len(name) + 1)))


def _guess_length(simp: str, pos: int, tokens: Sequence[Token], starts: list[int],
                  tag: Callable[[str], str]) -> int:
    sur = 2 if simp[pos:pos + 2] in DOUBLE_SURNAMES else 1
    if sur == 1 and simp[pos] not in SINGLE_SURNAMES:
        return 0
    first = pos + sur
    if first >= len(simp) or not is_cjk(simp[first]) or simp.startswith(_MULTI_AFTER, first) \
            or simp.startswith(TITLE_NOUNS, first):
        return 0
    # A word that cannot start a name (高度评价, 在此 …) means no name here.
    i = bisect_right(starts, pos) - 1
    tok = tokens[i] if i >= 0 else None
    if tok is not None and tok.start == pos and len(tok.word) > sur \
            and tag(tok.word) in NOT_NAME_START_TAGS:
        return 0
    if _starts_after_word(simp, first + 1):
        return sur + 1
    if _starts_after_word(simp, first + 2):
        return sur + 2
    if sur == 1 and _married_name(simp, pos, tag):
        return 4
    # Ambiguous: follow the segmenter when it cut a 2- or 3-character word here.
    if tok is not None and tok.start == pos and sur + 1 <= len(tok.word) <= sur + 2:
        return len(tok.word)
    j = bisect_right(starts, first + 1) - 1
    if 0 <= j < len(tokens) and tokens[j].start == first + 1 and len(tokens[j].word) >= 2 \
            and tag(tokens[j].word) not in _NAME_TAGS:
        return sur + 1
    return sur + 2


# Tags of the two characters after a married name's surnames that show they are not a given name
# (陈方|明日 is 陈方 followed by 明日).
_NOT_GIVEN_TAGS = frozenset("t v vd d p c u uj r m q".split())


def _married_name(simp: str, pos: int, tag: Callable[[str], str]) -> bool:
    """林郑月娥, 范徐丽泰, 陈方安生: a married surname, the own surname, a two-character name."""
    return pos + 4 <= len(simp) and simp[pos + 1] in SINGLE_SURNAMES \
        and all(is_cjk(c) for c in simp[pos:pos + 4]) and _starts_after_word(simp, pos + 4) \
        and tag(simp[pos + 2:pos + 4]) not in _NOT_GIVEN_TAGS


def _listed_names(simp: str, end: int, tokens: Sequence[Token], starts: list[int],
                  tag: Callable[[str], str], known: Callable[[int], int]) -> list[PersonCandidate]:
    """Names that share the title before them: 副市长郑红波、廖远飞出席."""
    out = []
    while end + 1 < len(simp) and simp[end] == "、":
        n = name_length(simp, end + 1, tokens, starts, tag, known)
        if not n or not (_starts_after_word(simp, end + 1 + n) or simp[end + 1 + n] in "、，,。；"):
            break
        out.append(PersonCandidate(end + 1, end + 1 + n, None, None))
        end += 1 + n
    return out


def _title_start(simp: str, tokens: Sequence[Token], starts: list[int], noun_start: int,
                 tag: Callable[[str], str], stop: int) -> int:
    """Walk left from the title noun over the body and earlier titles it belongs to."""
    i = bisect_right(starts, noun_start) - 1
    start = tokens[i].start
    j = i - 1
    while j >= 0 and tokens[j].start >= stop and noun_start - tokens[j].start <= MAX_TITLE:
        w = tokens[j].word
        if w in ("、", "兼"):
            # The word right after the previous name is its honorific (梅彦昌教授、理大校长…).
            if j == 0 or tag(tokens[j - 1].word) not in NAME_TAGS or tokens[j - 1].word in NAME_BREAKERS \
                    or (stop > 0 and tokens[j - 1].start <= stop):
                break
            start, j = tokens[j].start, j - 1
            continue
        if w in ("）", ")"):
            k = j - 1
            while k >= 0 and j - k <= 8 and tokens[k].word not in ("（", "("):
                k -= 1
            if k <= 0 or tokens[k].word not in ("（", "(") or tokens[k].start < stop:
                break
            start, j = tokens[k].start, k - 1
            continue
        if w in ("及", "和") and j > 0 and tag(tokens[j - 1].word) in NAME_TAGS \
                and tokens[j - 1].word not in NAME_BREAKERS and tokens[j + 1].word != "、" \
                and (stop == 0 or tokens[j - 1].start > stop):
            start, j = tokens[j].start, j - 1
            continue
        # 前 / 原 / 时任 (former, then) belong to the post: 创新科技署前署长, 前立法会主席.
        if w in _FORMER:
            start, j = tokens[j].start, j - 1
            continue
        if w in NAME_BREAKERS and not w.endswith(TITLE_NOUNS):
            break
        if not all(is_cjk(c) for c in w) and not (w.isascii() and w.isalnum()):
            break
        # A body's one-character suffix cut off by the segmenter (省发展改革|委|主任) is in the post.
        if tag(w) not in NAME_TAGS and not w.endswith(TITLE_NOUNS) and w not in _BODY_CHARS \
                and w + tokens[j + 1].word not in _TITLE_SET:
            break
        start, j = tokens[j].start, j - 1
    while start < noun_start and simp[start] in "、兼及和":
        start += 1
    return start


def _photo_credit(simp: str, end: int) -> bool:
    """大公報記者林良堅攝: a photographer's credit (a name, maybe cut short, then 攝) is no mention."""
    at = simp.find("摄", end, end + 2)
    return at >= 0 and not simp.startswith("摄影", at)  # 記者X/攝影報道 is the reporter's byline


def find_persons(simp: str, tokens: Sequence[Token], tag: Callable[[str], str],
                 known: Callable[[int], int] = lambda pos: 0) -> list[PersonCandidate]:
    """Names after a title (with the title's span), and names before an honorific.

    `known(pos)` gives the length of a curated person's name starting at pos, or 0.
    """
    starts = [t.start for t in tokens]
    out: list[PersonCandidate] = []
    last_end = 0
    for m in _TITLE_RE.finditer(simp):
        pos, tend = m.end(), m.end()
        # A qualifier in brackets may follow the post: 副校長（研究）郭毅可.
        if pos < len(simp) and simp[pos] in "（(":
            close = simp.find("）" if simp[pos] == "（" else ")", pos, pos + 14)
            if close > 0:
                pos = tend = close + 1
        if pos < len(simp) and simp[pos] in " 　":
            pos += 1
        if pos >= len(simp):
            continue
        n = name_length(simp, pos, tokens, starts, tag, known)
        if not n or pos < last_end or _photo_credit(simp, pos + n):
            continue
        ts = _title_start(simp, tokens, starts, m.start(), tag, last_end)
        out.append(PersonCandidate(pos, pos + n, ts, tend))
        out += _listed_names(simp, pos + n, tokens, starts, tag, known)
        last_end = out[-1].end
    # Names followed by an honorific with no title before them (薛其坤院士表示); the honorific
    # is not a title (LABELLING.md: the title is the post written before the name).
    for m in _HONORIFIC_RE.finditer(simp):
        end = m.start()
        for n in (3, 2, 4):
            s = end - n
            if s < 0 or (s > 0 and not (is_punct(simp[s - 1]) or simp[s - 1] in "由与和及据请")):
                continue
            if any(p.start <= s < p.end or s <= p.start < end for p in out):
                break
            if name_length(simp, s, tokens, starts, tag, known) == n:
                out.append(PersonCandidate(s, end, None, None))
                break
    return out

"""Discovery of institution and project names beyond the gazetteer: suffix rules and quotes."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nlp.lexicon import (
    GENERIC_HEADS,
    GENERIC_MODIFIERS,
    GENERIC_SUFFIXES,
    NAME_BREAKERS,
    NAME_TAGS,
    NOT_BODIES,
    OOV_STOP_CHARS,
    PROPER_TAGS,
    SUFFIX_TYPE,
    TIME_WORDS,
    TITLE_NOUNS,
    VENUE_ENDINGS,
)
from nlp.segment import Token
from nlp.tags import is_cjk, is_punct

_SUFFIXES = sorted(SUFFIX_TYPE, key=len, reverse=True)
_GOV_SUFFIXES = ("局", "署", "委员会", "部", "厅", "办公室")
_LEVELS = frozenset(("市", "省", "区", "县"))
# Verbs that name a body's kind of work two words before its suffix (联合|研究|中心).
_NAME_VERBS = frozenset(("联合", "协同", "合作", "融合", "交叉"))
MAX_NAME = 32
# A count (八所, 26个) or a phase (二期) never stands inside a name.
NUMERAL_WORD = re.compile(
    r"^[\d零〇一二两三四五六七八九十百千万亿几数多首]+[个项家名所批位间座条支款件台套人场门期届]?$"
)
_VERBISH = frozenset(("v", "vn", "vd", "ad", "d"))
# Tags a name never starts with: verbs, adverbs, prepositions, conjunctions, particles, pronouns,
# numerals, classifiers and time words (批予…, 由…, 该…, 三所…, 去年…).
_NOT_FIRST = _VERBISH | frozenset("p c u uj ul uz ug ud r m q t mq".split())
# Tags of a word that is not a body even though it ends like one (呈报, 申报, 入局).
_NOT_BODY_TAGS = frozenset("v vd d ad a".split())
# A count inside a made-up word: 由三所, 供两家.
_COUNT_IN_WORD = re.compile(
    r"[\d零〇一二两三四五六七八九十百千万几数]+[个项家名所批位间座条支款件台套人场门期届宗]"
)


def oov_cut(word: str) -> int:
    """How many leading characters of a word jieba's HMM made up belong to what precedes a name.

    `起共向` -> 3, `从市` -> 1 (市科技创新局), `及鹰` -> 1 (鹰君集团), `由三所` -> 3, `汉翔` -> 0.
    """
    k = 0
    for p in range(len(word) - 1, -1, -1):
        if word[p] in OOV_STOP_CHARS:
            k = p + 1
            break
    for m in _COUNT_IN_WORD.finditer(word):
        k = max(k, m.end())
    return k


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    type: str
    suffix: str


_SUFFIX_LENGTHS = sorted({len(s) for s in _SUFFIXES}, reverse=True)


def suffix_of(word: str) -> str | None:
    """The longest institution suffix `word` ends with (a few dict probes, no scan)."""
    for n in _SUFFIX_LENGTHS:
        if len(word) >= n and word[-n:] in SUFFIX_TYPE:
            return word[-n:]
    return None


def _paren_group(tokens: Sequence[Token], j: int) -> int | None:
    """Index of the （ that opens the group closed at tokens[j], if it holds a short name."""
    k = j - 1
    while k >= 0 and j - k <= 8:
        w = tokens[k].word
        if w in ("（", "("):
            inner = tokens[k + 1:j]
            return k if inner and all(all(is_cjk(c) for c in t.word) for t in inner) else None
        if any(is_punct(c) for c in w):
            return None
        k -= 1
    return None


def _walk_left(tokens: Sequence[Token], i: int, tag: Callable[[str], str], head: str,
               stop: int, word: str) -> tuple[int, int]:
    """First token index of the name ending at tokens[i], and the offset the name starts at
    (inside that token when it is a made-up word with a preposition or a count glued on)."""
    j = i - 1
    first = i
    # The suffix stands alone (联合|实验室) or ends a common noun (分行|营业部), not a proper name.
    bare = word == head or tag(word) not in PROPER_TAGS
    while j >= 0 and tokens[j].end > stop:
        w = tokens[j].word
        if tokens[i].end - tokens[j].start > MAX_NAME:
            break
        if w in ("）", ")"):
            k = _paren_group(tokens, j)
            if k is None or k == 0:
                break
            first, j = k, k - 1
            continue
        if _coordinated(tokens, j, first, head, tag):
            first, j = j - 1, j - 2  # the conjunction and the word it joins on
            continue
        if w in NAME_BREAKERS or w in TIME_WORDS or NUMERAL_WORD.match(w):
            break
        if w.isascii():
            if not w.isalnum():
                break
        elif not all(is_cjk(c) for c in w):
            break
        if tag(w) == "x":
            cut = oov_cut(w)
            if cut:
                return (j, tokens[j].start + cut) if cut < len(w) else (first, tokens[first].start)
        if not w.isascii() and not _inside_name(tokens, i, j, tag, bare):
            break
        first, j = j, j - 1
    return first, tokens[first].start


def _coordinated(tokens: Sequence[Token], j: int, first: int, head: str, tag: Callable[[str], str]) -> bool:
    """及 / 和 / 與 inside a name: bodies of one government (發展及改革局), or two activities a group or
    a body does (調查及規管工作組); companies joined by 及 stay apart."""
    w = tokens[j].word
    if w not in ("及", "和", "与") or j == 0 or first != j + 1:
        return False
    left, right = tokens[j - 1].word, tokens[j + 1].word
    if left in NAME_BREAKERS:
        return False
    if w != "与" and head in _GOV_SUFFIXES and tag(left) in NAME_TAGS and not suffix_of(left):
        return True
    return tag(left) in ("vn", "v") and tag(right) in ("vn", "v", "x") and len(left) == 2 and len(right) <= 3


def _inside_name(tokens: Sequence[Token], i: int, j: int, tag: Callable[[str], str], bare: bool) -> bool:
    """Whether tokens[j] may stand inside the name ending at tokens[i] (walking left)."""
    w, t = tokens[j].word, tag(tokens[j].word)
    if t in NAME_TAGS:
        return True
    before = tokens[j - 1].word if j > 0 else ""
    noun_before = j > 0 and tag(before) in NAME_TAGS and before not in NAME_BREAKERS
    # A verb may stand right before a bare suffix when a noun precedes it (人工智能聯合實驗室,
    # 科技成果轉化大會, 智慧城市聯合研究中心); before a body's proper name (送交|衞生署) it is
    # the predicate.
    if t == "v" and bare and len(w) == 2 and noun_before \
            and (j == i - 1 or (j == i - 2 and w in _NAME_VERBS and tag(tokens[i - 1].word) == "vn")):
        return True
    # The second of two activities joined by 及 right before the suffix (監察及|支援|中心).
    if t in ("v", "vn") and len(w) == 2 and j == i - 1 and before in ("及", "和", "与"):
        return True
    # An adjective right after a place or a proper word (深圳市|重大|产业投资集团), or opening the name
    # before a noun or an activity (緊急|事故監察…中心, 緊急|支援及募捐工作組).
    if t == "a" and len(w) == 2 and noun_before and tag(before) in PROPER_TAGS and tag(before) != "x":
        return True
    if t == "a" and len(w) == 2 and not noun_before and tag(tokens[j + 1].word) in ("n", "vn", "v"):
        return True
    # A time word that is no date between nouns (金磚國家|未來|網絡研究院).
    return t == "t" and noun_before and w not in TIME_WORDS and w not in NAME_BREAKERS \
        and not any(c in "年月日时天周季" for c in w)


_CLASSIFIER_CHARS = frozenset("个项家名所批位间座条支款件台套宗篇份栋幢架艘辆场门幅张块户册层种类组队")


def _counted(simp: str, tokens: Sequence[Token], first: int, start: int) -> bool:
    """11項私樓工程, 十八區地區康健中心: a classifier or a one-character unit after a number starts the
    thing counted, never a name."""
    before = simp[start - 1] if start else ""
    if not before or not (before.isdigit() or before in "零〇一二两三四五六七八九十百千万亿几多余"):
        return False
    return simp[start:start + 1] in _CLASSIFIER_CHARS or tokens[first].end - start == 1


def institution_candidates(simp: str, tokens: Sequence[Token], tag: Callable[[str], str],
                           blocked: Callable[[int], int] = lambda pos: -1) -> list[Candidate]:
    """Names that end in an institution or project suffix (研究院, 合作區, 計劃 …).

    `blocked(pos)` gives the end of the last span the name may not extend into (a person).
    """
    out = []
    for i, tok in enumerate(tokens):
        w = tok.word
        if not is_cjk(w[-1]):
            continue
        end = tok.end
        if w.endswith(TITLE_NOUNS):
            # 局局长, 署署长: the segmenter glued the body's suffix to the post after it.
            post = max((t for t in TITLE_NOUNS if w.endswith(t)), key=len)
            w = w[: len(w) - len(post)]
            end -= len(post)
            if len(w) != 1 or w not in SUFFIX_TYPE:
                continue
        s = suffix_of(w)
        if s is None or (w in NOT_BODIES and w != s):
            continue
        if NUMERAL_WORD.match(w[: len(w) - len(s)] or "x"):
            continue
        tw = tag(w)
        if len(s) == 1 and w != s and tw in _NOT_BODY_TAGS:
            continue
        if s == "组" and tw not in ("n", "nt", "nz", "j"):
            continue  # 合組, 重組: a verb; 服務組, 審查組: a unit
        if tw == "x" and oov_cut(w[: len(w) - len(s)]):
            continue
        # A lone one-character suffix after a body's name is a word of its own (派出所|报案).
        if w == s and len(s) == 1 and i > 0 and suffix_of(tokens[i - 1].word):
            continue
        first, start = _walk_left(tokens, i, tag, s, blocked(tok.start), w)
        if _counted(simp, tokens, first, start):
            continue
        # A name does not begin with a verb, a preposition, a pronoun, a count or a time word
        # (培育上市公司, 加快建设…平台, 该中心, 三所大学).
        while first < i and start == tokens[first].start:
            lead = tokens[first].word
            if lead.isascii() or not (tag(lead) in _NOT_FIRST or lead in TIME_WORDS
                                      or NUMERAL_WORD.match(lead)):
                break
            if tag(lead) in ("vn", "v") and tokens[first + 1].word in ("及", "和", "与"):
                break  # 調查及規管工作組: the first of two activities the body does
            if tag(lead) == "vn" and first + 1 < i and tag(tokens[first + 1].word) == "n":
                break  # 應急|住宿安排工作組: a verbal noun modifying a noun
            first += 1
            start = tokens[first].start
        words = [simp[start:tokens[first].end]] + [t.word for t in tokens[first + 1:i]]
        proper = any(tag(x) in PROPER_TAGS for x in words if x)
        modifier = simp[start:end - len(s)]
        if len(w) > len(s):
            proper = proper or tw in PROPER_TAGS
        # 市科技创新局, 省科技厅: a government body named after its level stands for the local one.
        proper = proper or (words[0] in _LEVELS and s in _GOV_SUFFIXES)
        if len(modifier) < 2 or simp[start:end].endswith(VENUE_ENDINGS):
            continue
        # A generic modifier and a suffix (公立医院, 国有银行, 中央委员会, 联合实验室) is a kind
        # of body, not a name, whatever jieba's tag.
        if modifier in GENERIC_MODIFIERS:
            continue
        if len(s) == 1 and not proper:
            continue
        if s in GENERIC_SUFFIXES and not proper and len(modifier) < 6:
            continue
        if not proper and (len(modifier) < 4 or modifier.startswith(GENERIC_HEADS)):
            continue
        out.append(Candidate(start, end, SUFFIX_TYPE[s], s))
    return out


_QUOTES = {"「": "」", "《": "》", "『": "』", "“": "”"}
# A document's title in 《》 may hold dashes and brackets (《…行动计划（2025—2027年）》), not these.
_SENTENCE_PUNCT = frozenset("。，、；：！？,;:!?\n")


def quoted_candidates(simp: str, tokens: Sequence[Token], tag: Callable[[str], str],
                      token_at: Callable[[int], int]) -> list[Candidate]:
    """Names quoted in 「」 or 《》: a document in 《》, a name-like phrase in 「」."""
    out = []
    for open_pos, ch in enumerate(simp):
        close = _QUOTES.get(ch)
        if close is None:
            continue
        end = simp.find(close, open_pos + 1, open_pos + 42)
        if end < 0:
            continue
        inner = simp[open_pos + 1:end]
        if ch == "《" and len(inner) >= 2 and not any(c in _SENTENCE_PUNCT for c in inner):
            out.append(_titled_work(open_pos + 1, end, inner))
            continue
        if len(inner) < 2 or any(is_punct(c) and c not in "（）()·-" for c in inner):
            continue
        s = suffix_of(inner)
        if ch == "《":
            out.append(_titled_work(open_pos + 1, end, inner))
            continue
        if s and len(inner) > len(s) and not (len(s) == 1 and inner in NOT_BODIES):
            out.append(Candidate(open_pos + 1, end, SUFFIX_TYPE[s], s))
            continue
        if s:
            continue  # a bare suffix in quotes (「平台」) is no name
        if _quoted_name(simp, tokens, tag, token_at, open_pos, end):
            out.append(Candidate(open_pos + 1, end, "project", ""))
    return out


# Words before a quote that make it a term, not a name: 俗稱「棚網」, 所謂「…」.
_TERM_MARKERS = ("俗称", "简称", "称为", "所谓", "叫做", "又称", "统称", "俗名")


def _quoted_name(simp: str, tokens: Sequence[Token], tag: Callable[[str], str], token_at: Callable[[int], int],
                 open_pos: int, end: int) -> bool:
    """A quoted phrase with no suffix is a scheme's or a service's name (「一戶一社工」, 「香港出行易」) when
    it is short, holds a proper word, and is not a term being explained or a quoted sentence."""
    inner = simp[open_pos + 1:end]
    if not 4 <= len(inner) <= 12 or simp[max(0, open_pos - 2):open_pos] in _TERM_MARKERS:
        return False
    i, j = token_at(open_pos + 1), token_at(end - 1)
    words = [t.word for t in tokens[i:j + 1]]
    if not words or tokens[i].start != open_pos + 1 or tokens[j].end != end:
        return False
    numeral = re.compile(r"^[一二两三四五六七八九十]+$")
    if any((w in NAME_BREAKERS and not numeral.match(w)) or tag(w) in ("uj", "ul", "p", "c", "r", "d")
           for w in words):
        return False
    # Common nouns in quotes are a term or an idea (「乘數效應」, 「最大公約數」), not a name: a name has a
    # word no dictionary holds, a proper word, Latin letters, or counts in a slogan (一戶一社工).
    return any(tag(w) in PROPER_TAGS or numeral.match(w) or tag(w) == "m" for w in words)


def _titled_work(start: int, end: int, inner: str) -> Candidate:
    """A title in 《》: a newspaper or an agency when it ends like one (《星島日報》), else a document
    (an ordinance, a plan, a report: 《建築物條例》, 《…發展規劃》)."""
    s = suffix_of(inner)
    kind = "organisation" if s in ("报", "社") else "document"
    return Candidate(start, end, kind, s or "")


def is_abbreviation(short: str, full: str) -> bool:
    """河套合作区 abbreviates 河套深港科技创新合作区; 量子科学中心 abbreviates …（广东）量子科学中心."""
    if len(short) >= len(full) or len(short) < 2:
        return False
    s = suffix_of(short)
    if s is None or not full.endswith(s) or len(short) == len(s) or short in NOT_BODIES:
        return False
    if full.endswith(short):
        return True
    if short[0] != full[0] and len(short) < 3:
        return False
    it = iter(full)
    return all(c in it for c in short)

"""The NLP stage: convert, segment, match the gazetteer, discover names and people, find figures."""
from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from nlp.convert import detect_script, fold_width, mention_language, to_simplified
from nlp.discover import Candidate, institution_candidates, is_abbreviation, quoted_candidates, suffix_of
from nlp.english import english_names, english_persons
from nlp.figures import FigureContext, find_figures, sentence_bounds
from nlp.figures_en import find_figures_en
from nlp.gazetteer import GAZETTEER, Gazetteer, GazetteerEntry, match_key
from nlp.measured import MetricFinder
from nlp.model import Analysis, EntityMention, Figure
from nlp.persons import find_persons
from nlp.salience import is_salient
from nlp.segment import Segmenter, Token, load_jieba_tags
from nlp.tags import Tagger, is_cjk

# Mentions a figure can be about.
_SUBJECT_TYPES = ("project", "organisation", "place")
# Letters worth running the English figure finder for (a Chinese-only text skips it).
_LATIN = re.compile(r"[A-Za-z$£€]")


@dataclass
class _Span:
    start: int
    end: int
    type: str
    priority: int                      # lower wins among equal lengths
    entry: GazetteerEntry | None = None
    title: tuple[int, int] | None = None
    suffix: str = ""
    full: tuple[int, int] | None = None  # the name a short form stands for (HKPC)


class Analyzer:
    """Holds the loaded dictionaries; `analyse` is a pure function of its input."""

    def __init__(self, gazetteer: Gazetteer | None = None, segmenter: Segmenter | None = None,
                 gazetteer_path: Path = GAZETTEER) -> None:
        self.gazetteer = gazetteer or Gazetteer.load(gazetteer_path)
        self.segmenter = segmenter or Segmenter(words=self.gazetteer.words())
        self.tag = Tagger(load_jieba_tags(), self.segmenter.user_tags)

    def segment(self, text: str) -> list[str]:
        """Words of the simplified form of `text`."""
        return self.segmenter.cut(to_simplified(text))

    def analyse(self, text: str, *, title: str | None = None, local_currency: str = "CNY") -> Analysis:
        """Entities and figures of `text`; a headline in `title` only helps resolve names.

        `local_currency` is what a bare 元 means where the text was published: renminbi on the
        mainland, Hong Kong dollars in a Hong Kong government release.
        """
        simp = to_simplified(text)
        script = detect_script(text, simp)
        if not text.strip():
            return Analysis(text, simp, script)
        folded = fold_width(simp)
        tokens = self.segmenter.tokens(folded)
        entities = self._entities(text, folded, tokens, title, script)
        figures = self._figures(text, folded, tokens, local_currency)
        figures = [replace(f, entity=_subject(text, f, entities)) for f in figures]
        figures = [replace(f, salient=is_salient(f)) for f in figures]
        return Analysis(text, simp, script, tuple(entities), tuple(figures))

    # entities -------------------------------------------------------------------------------
    def _entities(self, text: str, simp: str, tokens: Sequence[Token],
                  headline: str | None, script: str) -> list[EntityMention]:
        tag = self.tag
        starts = [t.start for t in tokens]

        def token_at(pos: int) -> int:
            return bisect_right(starts, pos) - 1

        boundaries = {t.start for t in tokens} | {len(simp)}
        gaz = [m for m in self.gazetteer.matches(simp)
               # Short keys must stand as words of their own (科大 inside 科大讯飞 is not 科大), and
               # English names as whole words (ITC inside ITCs is not ITC).
               if (m.end - m.start > 3 or (m.start in boundaries and m.end in boundaries))
               and _whole_latin(simp, m.start, m.end)]
        known_person = {m.start: m.end - m.start for m in gaz if m.entry.type == "person"}
        persons = find_persons(simp, tokens, tag, lambda pos: known_person.get(pos, 0))
        spans: list[_Span] = [
            _Span(p.start, p.end, "person", 0, self._person_entry(simp[p.start:p.end]),
                  (p.title_start, p.title_end) if p.title_start is not None and p.title_end else None)
            for p in persons
        ]
        # Later mentions of a name first seen after a title are the same person.
        for name in {simp[p.start:p.end] for p in persons}:
            for pos in _occurrences(simp, name):
                spans.append(_Span(pos, pos + len(name), "person", 3, self._person_entry(name)))
        ends_at: dict[int, list[int]] = {}
        for m in gaz:
            ends_at.setdefault(m.end, []).append(m.start)
            if m.entry.type == "person":
                spans.append(_Span(m.start, m.end, "person", 3, m.entry))
            elif not _party_post(simp, m.start, m.end):
                spans.append(_Span(m.start, m.end, m.entry.type, 1, m.entry))
        pends = sorted((p.end, p.start) for p in persons)

        def blocked(pos: int) -> int:
            k = bisect_right(pends, (pos, pos)) - 1
            return pends[k][0] if k >= 0 else -1

        cands: list[Candidate] = institution_candidates(simp, tokens, tag, blocked)
        cands += quoted_candidates(simp, tokens, tag, token_at)
        for c in cands:
            entry = self._resolve_prefixed(simp[c.start:c.end])
            # A curated name with some words glued in front is the curated name (the walk
            # ran too far left), unless those words are a place (resolved above).
            if entry is None and any(c.start < s < c.end for s in ends_at.get(c.end, ())):
                continue
            if _party_post(simp, c.start, c.end):
                continue
            spans.append(_Span(c.start, c.end, c.type, 2, entry, suffix=c.suffix))
        spans += self._bracketed_places(simp, spans)
        if _LATIN.search(simp):
            spans += self._english_spans(simp)
        chosen = _select(spans)
        chosen = _select(chosen + _acronyms(simp, chosen))
        chosen = _select(chosen + self._abbreviations(simp, chosen, boundaries))
        return self._mentions(text, simp, chosen, headline, script)

    def _english_spans(self, simp: str) -> list[_Span]:
        """Officials with titles, people after an honorific, and bodies named by a head word."""
        spans = [_Span(p.start, p.end, "person", 0 if p.title else 3, self._person_entry(simp[p.start:p.end]),
                       p.title) for p in english_persons(simp)]
        for n in english_names(simp, lambda name: self.gazetteer.get(name) is not None):
            entry = self.gazetteer.get(simp[n.start:n.end])
            spans.append(_Span(n.start, n.end, entry.type if entry else n.type, 1 if entry else 2, entry))
        return spans

    def _bracketed_places(self, simp: str, spans: list[_Span]) -> list[_Span]:
        """香港科技大學（廣州）, 城大（東莞）: a body's branch named by a place in brackets."""
        out = []
        for s in spans:
            if s.type not in ("organisation", "project") or s.end >= len(simp) or simp[s.end] not in "（(":
                continue
            close = simp.find("）" if simp[s.end] == "（" else ")", s.end, s.end + 7)
            if close < 0:
                continue
            place = simp[s.end + 1:close]
            pe = self.gazetteer.get(place)
            if not ((pe is not None and pe.type == "place") or self.tag(place) == "ns"):
                continue
            full = simp[s.start:close + 1]
            entry = self.gazetteer.get(full)
            if entry is None and s.entry is not None:
                entry = self.gazetteer.get(match_key(s.entry.name) + simp[s.end:close + 1])
            out.append(_Span(s.start, close + 1, s.type, 1 if entry else 2, entry))
        return out

    def _abbreviations(self, simp: str, chosen: list[_Span], boundaries: set[int]) -> list[_Span]:
        """Short forms of names given in full earlier (量子中心 for …量子科學中心).

        Each full name (in the order chosen) claims the short forms ending in its suffix that are not taken yet.
        Linear in practice, where trying every full name at every occurrence of its suffix was quadratic in the
        mentions: a full name repeated is tried once (again it could only fail the same checks against a
        taken set that has grown), and `_plausible_ends` hands each one only the occurrences whose short forms
        hold all its characters' worth (an abbreviation is a subsequence of its full name)."""
        fulls: list[tuple[_Span, str, str]] = []
        seen: set[str] = set()
        for s in chosen:
            full = simp[s.start:s.end]
            if s.type == "person" or len(full) < 5 or full in seen:
                continue
            suffix = suffix_of(full)
            if suffix is not None:
                seen.add(full)
                fulls.append((s, full, suffix))
        if not fulls:
            return []
        covered = bytearray(len(simp) + 1)  # 1 where a chosen or found span lies: the old `taken` list
        for s in chosen:
            covered[s.start:s.end] = b"\x01" * (s.end - s.start)
        out: list[_Span] = []
        for (s, full, suffix), ends in zip(fulls, _plausible_ends(simp, fulls, boundaries), strict=True):
            for q, shorts in ends:
                e = q + len(suffix)
                if 1 in covered[q:e]:
                    continue
                for b in shorts:
                    if is_abbreviation(simp[b:e], full):
                        out.append(_Span(b, e, s.type, 2, s.entry, suffix=suffix))
                        covered[b:e] = b"\x01" * (e - b)
                        break
        return out

    def _person_entry(self, name: str) -> GazetteerEntry | None:
        e = self.gazetteer.get(name)
        return e if e is not None and e.type == "person" else None

    def _resolve_prefixed(self, name: str) -> GazetteerEntry | None:
        """深圳光明科學城 is 光明科學城: a curated name behind a place word or two."""
        e = self.gazetteer.get(name)
        if e is not None:
            return e
        for k in range(1, min(len(name) - 2, 8)):
            e = self.gazetteer.get(name[k:])
            if e is None or e.type == "person":
                continue
            head = self.gazetteer.get(name[:k])
            if (head is not None and head.type == "place") or self.tag(name[:k]) == "ns" \
                    or name[:k] in _LEVELS:
                return e
        return None

    def _mentions(self, text: str, simp: str, chosen: list[_Span],
                  headline: str | None, script: str) -> list[EntityMention]:
        # Full names seen in this article (and its headline) resolve later abbreviations.
        fulls: list[tuple[str, _Span]] = [(simp[s.start:s.end], s) for s in chosen if s.type != "person"]
        if headline:
            hs = match_key(headline)
            for m in self.gazetteer.matches(hs):
                fulls.append((hs[m.start:m.end], _Span(m.start, m.end, m.entry.type, 1, m.entry)))
        out = []
        for s in chosen:
            surface = text[s.start:s.end]
            entry = s.entry
            canonical = entry.name if entry else surface
            typ = entry.type if entry else s.type
            if entry is None and s.full is not None:
                canonical = text[s.full[0]:s.full[1]]
            elif entry is None and s.type != "person":
                key = simp[s.start:s.end]
                for full, other in fulls:
                    if other is not s and is_abbreviation(key, full):
                        entry = other.entry
                        canonical = entry.name if entry else text[other.start:other.end]
                        typ = entry.type if entry else other.type
                        break
            title = text[s.title[0]:s.title[1]] if s.title else None
            out.append(EntityMention(
                text=surface, canonical=canonical, type=typ, title=title or None,
                start=s.start, end=s.end, known=entry is not None,
                aliases=entry.aliases if entry else (), language=mention_language(surface, simp[s.start:s.end], script),
            ))
        return out

    # figures --------------------------------------------------------------------------------
    def _figures(self, text: str, simp: str, tokens: Sequence[Token], local_currency: str) -> list[Figure]:
        metric_of = MetricFinder(text, tokens, self.tag)
        ctx = FigureContext(text, simp, tokens, metric_of, local_currency)
        figures = find_figures(ctx)
        if not _LATIN.search(simp):
            return figures
        # Both finders read 5%: in an English sentence the English reading (a 5% increase) wins.
        english = [f for f in find_figures_en(ctx) if _in_english(simp, f.start, f.end)
                   or not any(f.start < g.end and g.start < f.end for g in figures)]
        figures = [g for g in figures if not any(f.start < g.end and g.start < f.end for f in english)]
        return sorted(figures + english, key=lambda f: f.start)


def _in_english(text: str, start: int, end: int) -> bool:
    """A Latin letter is the nearest letter on either side of the span (spaces skipped)."""
    before = text[max(0, start - 3):start].rstrip()
    after = text[end:end + 3].lstrip()
    return bool((before and before[-1].isascii() and before[-1].isalpha())
                or (after and after[0].isascii() and after[0].isalpha()))


def _subject(text: str, figure: Figure, entities: Sequence[EntityMention]) -> str | None:
    """What a figure is about: the last project, organisation or place named before it in its sentence."""
    start, _ = sentence_bounds(text, figure.start)
    subject = None
    for e in entities:
        if e.start >= figure.start:
            break
        if e.type in _SUBJECT_TYPES and e.start >= start:
            subject = e.canonical
    return subject


def _plausible_ends(simp: str, fulls: Sequence[tuple[_Span, str, str]],
                    boundaries: set[int]) -> list[list[tuple[int, list[int]]]]:
    """Per full name: the occurrences `q` of its suffix that end on a word boundary, each with the starts `b`
    (nearest last, up to 8 characters before `q`) of the all-CJK short forms simp[b:q+len(suffix)] whose
    characters the full name all holds. Found through an index from character to full names, so the cost
    is the plausible pairs, not every full name times every occurrence."""
    by_char: dict[str, set[int]] = {}
    for i, (_, full, _) in enumerate(fulls):
        for c in full:
            by_char.setdefault(c, set()).add(i)
    ends: list[list[tuple[int, list[int]]]] = [[] for _ in fulls]
    by_suffix: dict[str, list[int]] = {}
    for i, (_, _, suffix) in enumerate(fulls):
        by_suffix.setdefault(suffix, []).append(i)
    for suffix, owners in by_suffix.items():
        if not all(is_cjk(c) for c in suffix):
            continue
        owner_set = frozenset(owners)
        for q in _occurrences(simp, suffix):
            e = q + len(suffix)
            if e not in boundaries:
                continue
            starts: dict[int, list[int]] = {}
            holders: set[int] | frozenset[int] = owner_set
            for b in range(q - 1, max(0, q - 8) - 1, -1):  # growing leftwards: the holders only shrink
                if not is_cjk(simp[b]):
                    break
                holders = by_char.get(simp[b], set()) & holders
                if not holders:
                    break
                if b in boundaries:
                    for i in holders:
                        starts.setdefault(i, []).append(b)
            for i, found in starts.items():
                ends[i].append((q, found[::-1]))
    return ends


def _occurrences(text: str, sub: str) -> list[int]:
    out, pos = [], text.find(sub)
    while pos >= 0:
        out.append(pos)
        pos = text.find(sub, pos + len(sub))
    return out


_PARTY = ("市委", "省委", "区委", "县委", "党委", "党组", "镇委")
# 市国资委, 省科技厅: the level of government written before a body's short name.
_LEVELS = frozenset(("市", "省", "区", "县"))
# A Latin short name in brackets after a body's name: 香港生产力促进局（HKPC）, 数码港（Cyberport）.
_ACRONYM = re.compile(r" ?[（(]([A-Za-z][A-Za-z0-9&.\-]{1,15})[）)]")


def _whole_latin(text: str, start: int, end: int) -> bool:
    """A match that begins or ends with a Latin letter or digit is not part of a longer Latin word."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return not ((text[start].isascii() and text[start].isalnum() and before.isascii() and before.isalnum())
                or (text[end - 1].isascii() and text[end - 1].isalnum() and after.isascii() and after.isalnum()))


def _party_post(simp: str, start: int, end: int) -> bool:
    """深圳市委 in 深圳市委書記 is part of the post, not a body named on its own."""
    return simp[start:end].endswith(_PARTY) and simp.startswith(("书记", "副书记", "常委"), end)


def _acronyms(simp: str, chosen: list[_Span]) -> list[_Span]:
    """The Latin short name bracketed after a body, and its later mentions, are that body."""
    out = []
    for s in chosen:
        if s.type == "person":
            continue
        m = _ACRONYM.match(simp, s.end)
        if m is None:
            continue
        short = m.group(1)
        for pos in _occurrences(simp, short):
            end = pos + len(short)
            # A whole word: not inside a longer Latin word (HKPC in HKPCX).
            if (pos and simp[pos - 1].isascii() and simp[pos - 1].isalnum()) \
                    or (end < len(simp) and simp[end].isascii() and simp[end].isalnum()):
                continue
            out.append(_Span(pos, end, s.type, 2, s.entry, full=(s.start, s.end)))
    return out


def _select(spans: list[_Span]) -> list[_Span]:
    """Non-overlapping spans: people first, then the longest, curated before discovered."""
    taken: list[tuple[int, int]] = []
    out = []
    for s in sorted(spans, key=lambda s: (s.type != "person", -(s.end - s.start), s.priority, s.start)):
        if any(s.start < e and b < s.end for b, e in taken):
            continue
        taken.append((s.start, s.end))
        out.append(s)
    out.sort(key=lambda s: s.start)
    return out


_LOCK = threading.Lock()
_ANALYZER: Analyzer | None = None


def get_analyzer() -> Analyzer:
    """The process-wide Analyzer, built on first use (dictionaries load once)."""
    global _ANALYZER
    if _ANALYZER is None:
        with _LOCK:
            if _ANALYZER is None:
                _ANALYZER = Analyzer()
    return _ANALYZER

"""Scoring of the analyzer on the project's labelled set, CLUENER and the CityU segmentation set."""
from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from nlp.analyzer import Analyzer
from nlp.convert import to_simplified
from nlp.eval.labelled import Paragraph
from nlp.eval.metrics import PRF, Scores
from nlp.gazetteer import match_key
from nlp.model import Analysis, EntityMention

ORG_TYPES = ("project", "organisation")


def _canon(analyzer: Analyzer, name: str) -> str:
    """One spelling per entity: the gazetteer's canonical name if it knows the name, simplified."""
    key = match_key(name)
    entry = analyzer.gazetteer.get(key)
    return to_simplified(entry.name) if entry else key


def _kind(e: EntityMention | str) -> str:
    typ = e if isinstance(e, str) else e.type
    return "org" if typ in ORG_TYPES else typ


def score_paragraphs(analyzer: Analyzer, paragraphs: Iterable[Paragraph]) -> Scores:
    sc = Scores()
    for p in paragraphs:
        a = analyzer.analyse(p.text, local_currency=p.local_currency)
        if p.window is not None:  # a real page: only its labelled window counts
            s, e = p.window
            a = replace(a, entities=tuple(x for x in a.entities if s <= x.start and x.end <= e),
                        figures=tuple(x for x in a.figures if s <= x.start and x.end <= e))
        _score_entities(analyzer, sc, p, a)
        _score_figures(sc, p, a)
    return sc


def _score_entities(analyzer: Analyzer, sc: Scores, p: Paragraph, a: Analysis) -> None:
    preds = [e for e in a.entities if e.type != "place"]
    # Every kind together (people, bodies, projects, documents): the language-level entity score.
    sc.get("entity", "exact_span").add({(g.start, g.end) for g in p.entities},  # type: ignore[arg-type]
                                       {(e.start, e.end) for e in preds})
    for kind in ("person", "org", "document"):
        gold = [g for g in p.entities if _kind(g.type) == kind]
        pred = [e for e in preds if _kind(e) == kind]
        gs = {(g.start, g.end) for g in gold}
        ps = {(e.start, e.end) for e in pred}
        sc.get(kind, "exact_span").add(gs, ps)  # type: ignore[arg-type]
        sc.get(kind, "canonical").add({_canon(analyzer, g.canonical) for g in gold},  # type: ignore[arg-type]
                                      {_canon(analyzer, e.canonical) for e in pred})
        if kind == "org":
            sc.get("org", "exact_span+type").add({(g.start, g.end, g.type) for g in gold},  # type: ignore[arg-type]
                                                 {(e.start, e.end, e.type) for e in pred})
        if kind == "person":
            sc.get("person", "span+title").add(  # type: ignore[arg-type]
                {(g.start, g.end, to_simplified(g.title or "")) for g in gold},
                {(e.start, e.end, to_simplified(e.title or "")) for e in pred})
            gt = {(g.start, g.end): g.title for g in gold}
            for e in pred:
                key = (e.start, e.end)
                if key in gt and to_simplified(gt[key] or "") != to_simplified(e.title or ""):
                    sc.error(kind, "wrong_title")
        # Error kinds: a span overlapping a gold span is a boundary error, else spurious / missed.
        other = [g for g in p.entities if _kind(g.type) != kind]
        for e in pred:
            if (e.start, e.end) in gs:
                continue
            if any(e.start < g.end and g.start < e.end for g in gold):
                sc.error(kind, "boundary")
            elif any(e.start < g.end and g.start < e.end for g in other):
                sc.error(kind, "wrong_type")
            else:
                sc.error(kind, "spurious")
        for g in gold:
            if (g.start, g.end) not in ps and not any(e.start < g.end and g.start < e.end for e in preds):
                sc.error(kind, "missed")


def _score_figures(sc: Scores, p: Paragraph, a: Analysis) -> None:
    """Figures matched by overlapping span; then scored on value+unit, on the exact tuple (value,
    unit, currency, direction) and, where the gold says, on salience."""
    exact, value = sc.get("figure", "exact_span"), sc.get("figure", "value+unit")
    tup = sc.get("figure", "tuple")
    exact.add({(g.start, g.end) for g in p.figures}, {(f.start, f.end) for f in a.figures})  # type: ignore[arg-type]
    salience_labelled = any(g.salient is not None for g in p.figures)
    salient = sc.get("figure", "salient") if salience_labelled else None
    used: set[int] = set()
    for f in a.figures:
        hit = next((i for i, g in enumerate(p.figures)
                    if i not in used and f.start < g.end and g.start < f.end), None)
        if hit is None:
            value.fp += 1
            tup.fp += 1
            if salient is not None and f.salient:
                salient.fp += 1
            sc.error("figure", "spurious")
            continue
        used.add(hit)
        g = p.figures[hit]
        ok_value = _same(f.value, g.value) and _same(f.upper, g.upper)
        ok_unit = to_simplified(f.unit) == to_simplified(g.unit)
        _count(value, ok_value and ok_unit)
        _count(tup, ok_value and ok_unit and f.currency == g.currency and f.direction == g.direction)
        if not ok_value:
            sc.error("figure", "wrong_value")
        elif not ok_unit:
            sc.error("figure", "wrong_unit")
        if f.currency != g.currency:
            sc.error("figure", "wrong_currency")
        if f.direction != g.direction:
            sc.error("figure", "wrong_direction")
        if salient is not None and g.salient is not None:
            salient.add({0} if g.salient else set(), {0} if f.salient else set())  # type: ignore[arg-type]
    missed = [g for i, g in enumerate(p.figures) if i not in used]
    value.fn += len(missed)
    tup.fn += len(missed)
    if salient is not None:
        salient.fn += sum(1 for g in missed if g.salient)
    sc.error("figure", "missed", len(missed))


def _same(pred: Decimal | None, gold: float | None) -> bool:
    if pred is None or gold is None:
        return pred is None and gold is None
    return math.isclose(float(pred), gold, rel_tol=1e-9)


def _count(prf: PRF, ok: bool) -> None:
    if ok:
        prf.tp += 1
    else:
        prf.fp += 1
        prf.fn += 1


# CLUENER ------------------------------------------------------------------------------------------
CLUENER_TYPES = {"name": "person", "organization": "org", "government": "org", "position": "position"}
# CLUENER labels companies apart (`company`); we call them organisations, so this extra kind scores
# our organisations against organization + government + company (the `org` rows leave companies out,
# and count a company we find as spurious).
ORG_AND_COMPANY = "org+company"


def load_cluener(path: Path) -> list[tuple[str, dict[str, set[tuple[int, int]]]]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        raw = json.loads(line)
        gold: dict[str, set[tuple[int, int]]] = {"person": set(), "org": set(), "position": set(),
                                                 ORG_AND_COMPANY: set()}
        for typ, surfaces in raw.get("label", {}).items():
            kind = CLUENER_TYPES.get(typ)
            for spans in surfaces.values():
                for s, e in spans:
                    if kind is not None:
                        gold[kind].add((s, e + 1))
                    if kind == "org" or typ == "company":
                        gold[ORG_AND_COMPANY].add((s, e + 1))
        out.append((raw["text"], gold))
    return out


def _title_span(text: str, e: EntityMention) -> tuple[int, int] | None:
    if not e.title:
        return None
    for end in (e.start, e.start - 1):
        if end >= len(e.title) and text[end - len(e.title):end] == e.title:
            return end - len(e.title), end
    if text[e.end:e.end + len(e.title)] == e.title:
        return e.end, e.end + len(e.title)
    return None


def score_cluener(analyzer: Analyzer, path: Path) -> Scores:
    sc = Scores()
    for text, gold in load_cluener(path):
        a = analyzer.analyse(text)
        pred: dict[str, set[tuple[int, int]]] = {"person": set(), "org": set(), "position": set()}
        for e in a.entities:
            k = _kind(e)
            if k in pred:
                pred[k].add((e.start, e.end))
            ts = _title_span(text, e)
            if ts:
                pred["position"].add(ts)
        pred[ORG_AND_COMPANY] = pred["org"]
        for kind in pred:
            sc.get(kind, "exact_span").add(gold[kind], pred[kind])  # type: ignore[arg-type]
            loose = sc.get(kind, "overlap")
            loose.tp += sum(1 for g in gold[kind] if any(p[0] < g[1] and g[0] < p[1] for p in pred[kind]))
            loose.fn += sum(1 for g in gold[kind] if not any(p[0] < g[1] and g[0] < p[1] for p in pred[kind]))
            loose.fp += sum(1 for p in pred[kind] if not any(p[0] < g[1] and g[0] < p[1] for g in gold[kind]))
            sc.error(kind, "spurious", len(pred[kind] - gold[kind]))
            sc.error(kind, "missed", len(gold[kind] - pred[kind]))
    return sc


# CityU segmentation ---------------------------------------------------------------------------------
def load_cityu(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return [ln.split() for ln in lines if ln.strip()]


def _spans(words: Iterable[str]) -> set[tuple[int, int]]:
    out, pos = set(), 0
    for w in words:
        out.add((pos, pos + len(w)))
        pos += len(w)
    return out


def segmentation_prf(cut: Callable[[str], list[str]], gold_lines: list[list[str]]) -> PRF:
    """Word-boundary P/R/F1 of `cut` on gold lines converted with hk2s (spaces removed)."""
    prf = PRF()
    for words in gold_lines:
        words = [to_simplified(w) for w in words]
        text = "".join(words)
        pred = [w for w in cut(text) if w.strip()]
        prf.add(_spans(words), _spans(pred))  # type: ignore[arg-type]
    return prf

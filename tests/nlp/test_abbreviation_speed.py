"""The indexed abbreviation step finds exactly what the quadratic one did (issue 16, item 0).

The old step, kept here as the reference, tried every full name at every occurrence of its suffix; the
analyzer's step is run on the project's labelled paragraphs and the mirror's article texts (both scripts) and its
answer compared, call by call, with the reference's on the same input.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nlp.analyzer import Analyzer, _occurrences, _Span
from nlp.discover import is_abbreviation, suffix_of
from nlp.eval import labelled
from nlp.tags import is_cjk

PAIRS = Path(__file__).resolve().parents[1] / "storage" / "data" / "cluster_pairs.jsonl"


def quadratic_abbreviations(simp: str, chosen: list[_Span], boundaries: set[int]) -> list[_Span]:
    """The step as it was before the index: every full name against every occurrence of its suffix."""
    out: list[_Span] = []
    taken = [(s.start, s.end) for s in chosen]
    for s in chosen:
        full = simp[s.start:s.end]
        suffix = suffix_of(full)
        if s.type == "person" or suffix is None or len(full) < 5:
            continue
        for q in _occurrences(simp, suffix):
            e = q + len(suffix)
            if e not in boundaries or any(a < e and q < b for a, b in taken):
                continue
            for b in range(max(0, q - 8), q):
                short = simp[b:e]
                if b in boundaries and all(is_cjk(c) for c in short) and is_abbreviation(short, full):
                    out.append(_Span(b, e, s.type, 2, s.entry, suffix=suffix))
                    taken.append((b, e))
                    break
    return out


def texts() -> list[str]:
    found = [p.text for p in labelled.load()]
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        found += [pair[side]["text"] for side in ("a", "b")]
    # A dense article: many bodies named in full and then short, as in a long report.
    found.append("\n".join(found[:60]))
    return found


@pytest.mark.slow
def test_the_indexed_step_finds_what_the_quadratic_one_did(analyzer: Analyzer,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[list[_Span], list[_Span]]] = []
    indexed = Analyzer._abbreviations

    def both(self: Analyzer, simp: str, chosen: list[_Span], boundaries: set[int]) -> Any:
        got = indexed(self, simp, chosen, boundaries)
        compared.append((got, quadratic_abbreviations(simp, chosen, boundaries)))
        return got

    monkeypatch.setattr(Analyzer, "_abbreviations", both)
    for text in texts():
        analyzer.analyse(text)
    assert sum(1 for _, expected in compared if expected) >= 10  # the step has work to do in these texts
    differing = [(got, expected) for got, expected in compared if got != expected]
    assert not differing, differing[:3]

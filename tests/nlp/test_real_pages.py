"""The real pages of the evaluation set (../shared/samples/real, never copied here): every label is found
in the text the spider extracts, and no score falls below the recorded one (per split and language)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from gbawatch.nlp_pages import parse_real_pages
from nlp.analyzer import Analyzer
from nlp.eval.paths import RECORDED_SCORES
from nlp.eval.real import REAL_SPLITS, labelled_paths, load_real
from nlp.eval.run import flat, real_scores

TOLERANCE = 1e-4


@pytest.fixture(scope="module")
def texts(shared_samples: Path) -> dict[str, str]:
    paths = sorted({p for split in REAL_SPLITS for p in labelled_paths(split)})
    return {path: record.text for path, record in parse_real_pages(shared_samples / "real", paths).items()}


def test_at_least_forty_pages_in_both_languages(texts: dict[str, str]) -> None:
    pages = [p for split in REAL_SPLITS for p in load_real(split, texts.__getitem__)]
    assert len(pages) >= 40
    assert {p.language for p in pages} == {"en", "zh"}
    held_out = [p for p in pages if p.paragraph.split == "real-heldout"]
    assert len(held_out) >= 20 and all(p.paragraph.window for p in held_out)


@pytest.mark.slow
def test_real_page_scores_do_not_fall(analyzer: Analyzer, texts: dict[str, str]) -> None:
    now = flat(real_scores(analyzer, texts))
    recorded = json.loads(RECORDED_SCORES.read_text(encoding="utf-8"))["f1"]
    before = {k: v for k, v in recorded.items() if k.startswith("real-")}
    assert before, "record the real pages' scores: .venv/bin/python benchmarks/nlp_eval.py --record"
    drops = {k: (before[k], now.get(k)) for k in before if now.get(k, -1.0) < before[k] - TOLERANCE}
    assert not drops, f"scores fell below the recorded ones (recorded, now): {drops}"

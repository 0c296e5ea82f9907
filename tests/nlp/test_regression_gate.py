"""Regression gate: no score may fall below the one recorded in recorded_scores.json."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.analyzer import Analyzer
from nlp.eval.paths import RECORDED_SCORES
from nlp.eval.run import SPLITS, cityu_scores, cluener_scores, flat, project_scores

TOLERANCE = 1e-4
TARGETS = {"person/exact_span": 0.90, "person/span+title": 0.90, "org/exact_span": 0.85,
           "figure/value+unit": 0.90}


@pytest.fixture(scope="module")
def recorded() -> dict[str, dict[str, float]]:
    return json.loads(RECORDED_SCORES.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _check(now: dict[str, float], before: dict[str, float]) -> None:
    drops = {k: (before[k], now.get(k)) for k in before if now.get(k, -1.0) < before[k] - TOLERANCE}
    assert not drops, f"scores fell below the recorded ones (recorded, now): {drops}"


def test_project_set_scores(analyzer: Analyzer, recorded: dict[str, dict[str, float]]) -> None:
    now = flat(project_scores(analyzer))
    _check(now, {k: v for k, v in recorded["f1"].items() if k.startswith("project/")})
    for split in SPLITS:
        for key, target in TARGETS.items():
            assert now[f"project/{split}/{key}"] >= target, (split, key)


def test_cluener_scores(analyzer: Analyzer, recorded: dict[str, dict[str, float]], shared_data: Path) -> None:
    now = flat(cluener_scores(analyzer, shared_data))
    _check(now, {k: v for k, v in recorded["f1"].items() if k.startswith("cluener")})


def test_cityu_segmentation(analyzer: Analyzer, recorded: dict[str, dict[str, dict[str, float]]],
                            shared_data: Path) -> None:
    now = cityu_scores(analyzer, shared_data)
    for label, scores in recorded["cityu"].items():
        assert now[label]["f1"] >= scores["f1"] - TOLERANCE, label

"""The NLP's abbreviation step, indexed (now) beside the quadratic step it replaced (the reference kept in
tests/nlp/test_abbreviation_speed.py), on the same inputs in one run: `is_abbreviation` calls and milliseconds,
for light texts (the labelled paragraphs and mirror articles, one by one) and a dense one (60 of them joined).

    .venv/bin/python benchmarks/abbreviation_speed.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nlp.analyzer
from nlp.analyzer import Analyzer, get_analyzer
from nlp.discover import is_abbreviation
from tests.nlp import test_abbreviation_speed as reference

Inputs = list[tuple[str, list[Any], set[int]]]


def step_inputs(analyzer: Analyzer, texts: list[str]) -> Inputs:
    """What the analyzer hands its abbreviation step for each text."""
    seen: Inputs = []
    step = Analyzer._abbreviations

    def record(self: Analyzer, simp: str, chosen: list[Any], boundaries: set[int]) -> Any:
        seen.append((simp, chosen, boundaries))
        return step(self, simp, chosen, boundaries)

    Analyzer._abbreviations = record  # type: ignore[method-assign]
    try:
        for text in texts:
            analyzer.analyse(text)
    finally:
        Analyzer._abbreviations = step  # type: ignore[method-assign]
    return seen


def measure(run: Callable[[str, list[Any], set[int]], Any], inputs: Inputs, repeat: int) -> tuple[int, float]:
    """is_abbreviation calls per pass and the best pass's milliseconds."""
    calls = 0

    def counting(short: str, full: str) -> bool:
        nonlocal calls
        calls += 1
        return is_abbreviation(short, full)

    nlp.analyzer.is_abbreviation, reference.is_abbreviation = counting, counting  # type: ignore[attr-defined]
    best = float("inf")
    for _ in range(repeat):
        calls, start = 0, time.perf_counter()
        for simp, chosen, boundaries in inputs:
            run(simp, chosen, boundaries)
        best = min(best, time.perf_counter() - start)
    nlp.analyzer.is_abbreviation, reference.is_abbreviation = is_abbreviation, is_abbreviation  # type: ignore[attr-defined]
    return calls, best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    analyzer = get_analyzer()
    texts = reference.texts()
    cases = [(f"light: {len(texts) - 1} texts", step_inputs(analyzer, texts[:-1])),
             (f"dense: 1 text of {len(texts[-1])} chars", step_inputs(analyzer, texts[-1:]))]
    print(f"{'texts':<28}{'quadratic calls':>16}{'ms':>9}{'indexed calls':>15}{'ms':>9}")
    for label, inputs in cases:
        old_calls, old_ms = measure(reference.quadratic_abbreviations, inputs, options.repeat)
        new_calls, new_ms = measure(lambda s, c, b: analyzer._abbreviations(s, c, b), inputs, options.repeat)
        print(f"{label:<28}{old_calls:>16,}{old_ms:>9.1f}{new_calls:>15,}{new_ms:>9.1f}")


if __name__ == "__main__":
    main()

"""Precision and recall of story clustering on the labelled pairs, beside two simpler rules.

    .venv/bin/python benchmarks/cluster_eval.py [--db URL]

The clusterer runs end to end (store, sign, LSH candidates, judge, union) on a fresh database; the
baselines judge each labelled pair directly: "near-duplicates only" (estimated Jaccard ≥ 0.6) and
"shared entities" (entity-set Jaccard ≥ 0.5, the obvious rule that hard negatives are built to defeat).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from nlp.convert import to_simplified  # noqa: E402
from storage.clusters import NEAR_DUPLICATE, containment, jaccard, minhash, shingles  # noqa: E402
from storage.engine import make_engine, session_factory  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from tests.storage.cluster_pairs import PAIRS, evaluate, load_pairs  # noqa: E402


def pair_features(pair: dict) -> tuple[float, float, float]:
    def sh(a: dict) -> set[str]:
        return shingles(to_simplified(a["title"]) + "\n" + to_simplified(a["text"]))

    sa, sb = sh(pair["a"]), sh(pair["b"])
    j = jaccard(minhash(sa), minhash(sb))
    ea = {to_simplified(c) for c, _ in pair["a"]["entities"]}
    eb = {to_simplified(c) for c, _ in pair["b"]["entities"]}
    overlap = len(ea & eb) / len(ea | eb) if ea | eb else 0.0
    return j, containment(j, len(sa), len(sb)), overlap


def prf(predicted: list[bool], actual: list[bool]) -> tuple[float, float, int, int]:
    tp = sum(p and a for p, a in zip(predicted, actual, strict=True))
    fp = sum(p and not a for p, a in zip(predicted, actual, strict=True))
    fn = sum(a and not p for p, a in zip(predicted, actual, strict=True))
    return tp / max(1, tp + fp), tp / max(1, tp + fn), fp, fn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    pairs = load_pairs()
    actual = [p["label"] == "same" for p in pairs]
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/pairs.db"
        upgrade(url)
        engine = make_engine(url)
        try:
            scores = evaluate(session_factory(engine), pairs)
        finally:
            engine.dispose()
    features = [pair_features(p) for p in pairs]
    kinds = Counter(p["kind"] for p in pairs)
    print(
        f"labelled pairs: {len(pairs)} ({sum(actual)} same story, {len(pairs) - sum(actual)} different) "
        f"from {PAIRS.relative_to(REPO)}"
    )
    print("  " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    print(f"{'rule':44} {'precision':>9} {'recall':>7} {'FP':>3} {'FN':>3}")
    print(
        f"{'clusterer (storage.clusters, end to end)':44} {scores.precision:9.3f} {scores.recall:7.3f} "
        f"{scores.false_positive:3d} {scores.false_negative:3d}"
    )
    for name, predicted in [
        (
            f"baseline: near-duplicates only (J >= {NEAR_DUPLICATE})",
            [j >= NEAR_DUPLICATE for j, _, _ in features],
        ),
        ("baseline: shared entities (entity J >= 0.5)", [e >= 0.5 for _, _, e in features]),
    ]:
        p, r, fp, fn = prf(predicted, actual)
        print(f"{name:44} {p:9.3f} {r:7.3f} {fp:3d} {fn:3d}")
    if scores.errors:
        print("misjudged:", ", ".join(scores.errors))
    print("\nper kind: min / max estimated Jaccard and containment")
    for kind in sorted(kinds):
        rows = [f for f, p in zip(features, pairs, strict=True) if p["kind"] == kind]
        print(
            f"  {kind:18} J {min(r[0] for r in rows):.2f}–{max(r[0] for r in rows):.2f}   "
            f"containment {min(r[1] for r in rows):.2f}–{max(r[1] for r in rows):.2f}"
        )


if __name__ == "__main__":
    main()

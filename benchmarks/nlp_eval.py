"""Print P/R/F1 per type (exact span and canonical) on the project's labelled set and CLUENER,
error counts per type, and CityU segmentation F1 with and without the domain dictionary.

    .venv/bin/python benchmarks/nlp_eval.py              # print everything
    .venv/bin/python benchmarks/nlp_eval.py --record     # also update tests/nlp/recorded_scores.json
    .venv/bin/python benchmarks/nlp_eval.py --materialise  # rebuild project_set.jsonl from the YAML
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.analyzer import get_analyzer
from nlp.eval import labelled
from nlp.eval.paths import RECORDED_SCORES, require_shared_data
from nlp.eval.run import run_all


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--record", action="store_true", help="write the scores the regression gate holds")
    ap.add_argument("--materialise", action="store_true", help="rebuild the labelled JSONL from its YAML")
    ap.add_argument("--json", action="store_true", help="print the F1 table as JSON")
    args = ap.parse_args()
    require_shared_data()  # CLUENER and CityU are part of every report
    if args.materialise:
        print(f"wrote {labelled.materialise()} paragraphs to {labelled.PROJECT_SET}")
    analyzer = get_analyzer()
    result = run_all(analyzer)
    if args.json:
        print(json.dumps(result["f1"], ensure_ascii=False, indent=1))
    else:
        for label, sc in result["scores"].items():
            print(sc.format(label))
            print()
        print("== CityU segmentation (after hk2s), backend", analyzer.segmenter.backend)
        for label, v in result.get("cityu", {}).items():
            print(f"{label:<22} P={v['p']:.4f} R={v['r']:.4f} F1={v['f1']:.4f}")
        print(f"\nevaluated in {result['seconds']} s")
    if args.record:
        recorded = {"f1": result["f1"], "cityu": result.get("cityu", {})}
        RECORDED_SCORES.write_text(json.dumps(recorded, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                   encoding="utf-8")
        print(f"recorded {len(result['f1'])} scores in {RECORDED_SCORES}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Characters per second of the full NLP stage (conversion + segmentation + entities + figures)
beside plain `jieba.lcut` on the same text, in one run on one core; and the rjieba check.

    .venv/bin/python benchmarks/nlp_speed.py [--repeat 3] [--corpus PATH]

The corpus is the project's labelled paragraphs plus, from ../shared/data (required), the CityU
gold text (Traditional, spaces removed) and the CLUENER sentences, so the figures are over
~350k characters of news prose. The process is pinned to one CPU where the OS allows it.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp.eval import labelled
from nlp.eval.paths import require_shared_data


def corpus(extra: Path | None) -> list[str]:
    texts = [p.text for p in labelled.load()]
    data = require_shared_data()  # always the same corpus, so figures compare across runs
    city = (data / "cityu_test_gold.utf8").read_text(encoding="utf-8-sig").splitlines()
    # Articles of ~40 lines, as the pipeline hands over whole articles.
    lines = ["".join(ln.split()) for ln in city if ln.strip()]
    texts += ["\n".join(lines[i:i + 40]) for i in range(0, len(lines), 40)]
    cluener = (data / "cluener_dev.jsonl").read_text(encoding="utf-8").splitlines()
    texts += [json.loads(ln)["text"] for ln in cluener]
    if extra is not None:
        texts.append(extra.read_text(encoding="utf-8"))
    return texts


def best(fn, texts: list[str], repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--corpus", type=Path)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    texts = corpus(args.corpus)
    chars = sum(len(t) for t in texts)

    import jieba

    t0 = time.perf_counter()
    jieba.initialize()
    jieba_load = time.perf_counter() - t0
    from nlp.analyzer import Analyzer

    t0 = time.perf_counter()
    analyzer = Analyzer()
    load = time.perf_counter() - t0
    # Warm both (first calls build caches).
    jieba.lcut(texts[0])
    analyzer.analyse(texts[0])

    # Interleaved, best of each: a shared machine's load changes between runs, and timing one after the
    # other would charge a busy spell to whichever ran then.
    t_jieba = t_full = t_seg = float("inf")
    for _ in range(args.repeat):
        t_jieba = min(t_jieba, best(jieba.lcut, texts, 1))
        t_full = min(t_full, best(analyzer.analyse, texts, 1))
        t_seg = min(t_seg, best(lambda t: analyzer.segmenter.cut(t), texts, 1))
    print(f"corpus: {len(texts)} texts, {chars} characters; one core; best of {args.repeat}")
    backend = analyzer.segmenter.backend
    print(f"load: jieba {jieba_load:.2f} s, analyzer (gazetteer + {backend} + tags) {load:.2f} s")
    print(f"plain jieba.lcut           {chars / t_jieba:>12,.0f} chars/s")
    print(f"full NLP stage (analyse)   {chars / t_full:>12,.0f} chars/s")
    print(f"  of which segmentation    {chars / t_seg:>12,.0f} chars/s ({analyzer.segmenter.backend})")
    print(f"ratio full stage / jieba.lcut = {t_jieba / t_full:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Run every evaluation and collect the scores the regression gate records."""
from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nlp.analyzer import Analyzer
from nlp.eval import labelled
from nlp.eval.harness import load_cityu, score_cluener, score_paragraphs, segmentation_prf
from nlp.eval.metrics import Scores
from nlp.eval.paths import shared_data_dir
from nlp.eval.real import REAL_SPLITS, load_real
from nlp.segment import Segmenter

# dev was tuned on; heldout was written before tuning; heldout2 was written before the boundary
# rules (one round of changes looked at its errors); heldout3 was written before that round and
# scored once, untouched; bulletin (statistical bulletin and policy styles, figures) was written after the
# figure rules and scored once before any change to them. See LABELLING.md.
SPLITS = ("dev", "heldout", "heldout2", "heldout3", "bulletin")


def project_scores(analyzer: Analyzer) -> dict[str, Scores]:
    paragraphs = labelled.load()
    out = {f"project/{split}": score_paragraphs(analyzer, [p for p in paragraphs if p.split == split])
           for split in SPLITS}
    out["project/all"] = score_paragraphs(analyzer, paragraphs)
    return out


def real_scores(analyzer: Analyzer, texts: Mapping[str, str]) -> dict[str, Scores]:
    """Each real split, per language: `texts` maps a page's path to the text its spider extracts."""
    out = {}
    for split in REAL_SPLITS:
        pages = load_real(split, texts.__getitem__)
        for language in ("en", "zh"):
            out[f"{split}/{language}"] = score_paragraphs(
                analyzer, [p.paragraph for p in pages if p.language == language])
    return out


def cluener_scores(analyzer: Analyzer, data: Path | None = None) -> dict[str, Scores]:
    data = data or shared_data_dir()
    if data is None or not (data / "cluener_dev.jsonl").is_file():
        return {}
    return {"cluener_dev": score_cluener(analyzer, data / "cluener_dev.jsonl")}


def cityu_scores(analyzer: Analyzer, data: Path | None = None) -> dict[str, dict[str, float]]:
    """Segmentation F1 on CityU (after hk2s), with and without the domain dictionary."""
    data = data or shared_data_dir()
    if data is None or not (data / "cityu_test_gold.utf8").is_file():
        return {}
    gold = load_cityu(data / "cityu_test_gold.utf8")
    plain = Segmenter(backend=analyzer.segmenter.backend, use_userdict=False)
    out = {}
    for label, seg in (("without_domain_dict", plain), ("with_domain_dict", analyzer.segmenter)):
        prf = segmentation_prf(seg.cut, gold)
        out[label] = {"p": round(prf.precision, 4), "r": round(prf.recall, 4), "f1": round(prf.f1, 4)}
    return out


def flat(scores: dict[str, Scores]) -> dict[str, float]:
    """`set/type/criterion` -> F1, the numbers the gate compares."""
    out = {}
    for label, sc in scores.items():
        for typ, crits in sc.prf.items():
            for crit, prf in crits.items():
                out[f"{label}/{typ}/{crit}"] = round(prf.f1, 4)
    return out


def run_all(analyzer: Analyzer, with_shared: bool = True,
            real_texts: Mapping[str, str] | None = None) -> dict[str, Any]:
    t0 = time.perf_counter()
    scores = project_scores(analyzer)
    if real_texts is not None:
        scores.update(real_scores(analyzer, real_texts))
    if with_shared:
        scores.update(cluener_scores(analyzer))
    result: dict[str, Any] = {"scores": scores, "f1": flat(scores)}
    if with_shared:
        result["cityu"] = cityu_scores(analyzer)
    result["seconds"] = round(time.perf_counter() - t0, 2)
    return result

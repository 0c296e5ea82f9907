"""The project's labelled set: size, both scripts, JSONL in step with its authored YAML."""
from __future__ import annotations

from nlp.convert import detect_script
from nlp.eval import labelled


def test_jsonl_matches_yaml() -> None:
    assert labelled.PROJECT_SET.read_text(encoding="utf-8") == labelled.to_jsonl(labelled.load_authored()), \
        "run: .venv/bin/python benchmarks/nlp_eval.py --materialise"


def test_size_scripts_and_splits() -> None:
    ps = labelled.load()
    assert len(ps) >= 60
    scripts = {detect_script(p.text) for p in ps}
    assert {"zh-Hant", "zh-Hans"} <= scripts
    assert sum(p.split == "heldout" for p in ps) >= 20
    assert all(any(e.type == "person" for e in p.entities) or p.figures for p in ps)
    kinds = {e.type for p in ps for e in p.entities}
    assert kinds == {"person", "project", "organisation", "document"}

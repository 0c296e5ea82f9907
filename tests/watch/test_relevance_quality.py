"""The relevance model's quality gate: retrained on the training days, judged on held-out days."""

from __future__ import annotations

from pathlib import Path

import pytest

from gbawatch.config import load_settings, load_sources
from gbawatch.relevance_data import MIRROR_LABELS, REAL_LABELS, page_examples, written_examples
from tests.conftest import REPO_ROOT
from watch.profiles import default_profile
from watch.relevance_train import fit, held_out, quality


@pytest.mark.slow
def test_held_out_auc_in_each_language(shared_samples: Path) -> None:
    sources = load_sources(load_settings().sources_file)
    examples = written_examples()
    examples += page_examples(shared_samples / "real", REAL_LABELS, sources, "real")
    examples += page_examples(REPO_ROOT / "tests" / "mirror" / "sites", MIRROR_LABELS, sources, "mirror")
    profile = default_profile()
    model = fit([e for e in examples if not held_out(e.day)], profile)
    report = quality(model, [e for e in examples if held_out(e.day)], profile)
    for language in ("en", "zh-Hant", "zh-Hans"):
        assert report[language]["auc"] >= 0.95, (language, report[language])

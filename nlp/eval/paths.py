"""Where the evaluation data lives: the project's labelled set and ../shared/data."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
LABELLED_DIR = Path(__file__).resolve().parent / "data"
PROJECT_SET = LABELLED_DIR / "project_set.jsonl"
RECORDED_SCORES = REPO_ROOT / "tests" / "nlp" / "recorded_scores.json"


def shared_data_dir() -> Path | None:
    """GBAWATCH_SHARED_DATA, else GBAWATCH_SHARED/data, else ../shared/data beside the clone."""
    env = os.environ.get("GBAWATCH_SHARED_DATA")
    if env:
        candidates = [Path(env)]
    else:
        base = os.environ.get("GBAWATCH_SHARED")
        candidates = [Path(base) / "data"] if base else []
        candidates.append(REPO_ROOT.parent / "shared" / "data")
    for path in candidates:
        if path.is_dir():
            return path
    return None

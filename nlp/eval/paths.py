"""Where the evaluation data lives: the project's labelled set and ../shared/data."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
LABELLED_DIR = Path(__file__).resolve().parent / "data"
PROJECT_SET = LABELLED_DIR / "project_set.jsonl"
RECORDED_SCORES = REPO_ROOT / "tests" / "nlp" / "recorded_scores.json"


SHARED_DATA_NEEDED = ("../shared/data is needed: the CLUENER and CityU evaluation sets live there, beside the "
                      "repository (they are never copied into it); put it there or set GBAWATCH_SHARED_DATA")


def shared_data_dir() -> Path | None:
    """GBAWATCH_SHARED_DATA, else GBAWATCH_SHARED/data, else ../shared/data beside the clone; None if absent.

    One place only, no fallback to the next: a test run pointed elsewhere must not quietly read ../shared.
    """
    env = os.environ.get("GBAWATCH_SHARED_DATA")
    base = os.environ.get("GBAWATCH_SHARED")
    path = Path(env) if env else (Path(base) if base else REPO_ROOT.parent / "shared") / "data"
    return path if path.is_dir() else None


def require_shared_data() -> Path:
    """shared_data_dir(), or SystemExit with SHARED_DATA_NEEDED: a benchmark must not quietly score less data."""
    path = shared_data_dir()
    if path is None:
        raise SystemExit(SHARED_DATA_NEEDED)
    return path


def shared_samples_dir() -> Path | None:
    """The real pages' folder: GBAWATCH_SHARED/samples, else ../shared/samples beside the clone; None if absent."""
    base = os.environ.get("GBAWATCH_SHARED")
    path = (Path(base) if base else REPO_ROOT.parent / "shared") / "samples"
    return path if path.is_dir() else None

"""Tests that read ../shared fail, never skip, when it is absent: CI must not pass without the real pages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NEEDS_SHARED = [
    "tests/test_no_shared_copies.py::test_repository_holds_no_copy_of_a_shared_file",
    "tests/spiders/test_takungpao.py::test_real_fragments_pagination_and_bylines",
    "tests/nlp/test_segment.py::test_rjieba_identical_on_cityu",
]


@pytest.mark.slow
def test_tests_that_need_shared_fail_with_a_message_when_it_is_absent(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GBAWATCH_SHARED")}
    env["GBAWATCH_SHARED"] = str(tmp_path / "nowhere")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *NEEDS_SHARED],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False)
    summary = done.stdout.strip().splitlines()[-1]
    # A fixture that fails makes its test an error (setup failed): the run fails, nothing is skipped.
    assert done.returncode == 1 and summary.startswith(f"{len(NEEDS_SHARED)} errors"), done.stdout
    assert f"{tmp_path / 'nowhere' / 'samples'} is needed" in done.stdout
    assert "../shared/data is needed" in done.stdout

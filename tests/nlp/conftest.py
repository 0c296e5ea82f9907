"""Fixtures for the nlp tests: the process-wide analyzer and the shared evaluation data."""
from __future__ import annotations

from pathlib import Path

import pytest

from nlp.analyzer import Analyzer, get_analyzer
from nlp.eval.paths import SHARED_DATA_NEEDED, shared_data_dir


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return get_analyzer()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_data_dir()
    if path is None:
        pytest.fail(SHARED_DATA_NEEDED, pytrace=False)
    return path

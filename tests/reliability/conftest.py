"""The reliability suite: a generated site on loopback, and the outcome table at the end of the run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gbawatch.mirror import serving
from tests.reliability.harness import OUTCOMES
from tests.synthetic_site import HOST, SOURCES_TOML, build_mirror


@pytest.fixture(scope="module")
def sources_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sources") / "sources.toml"
    path.write_text(SOURCES_TOML, "utf-8")
    return path


@pytest.fixture(scope="module")
def site_300(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A 300-article press-release list (15 list pages of 20), served on 127.0.0.1: its base URL."""
    root = tmp_path_factory.mktemp("site300")
    build_mirror(root, 300)
    with serving(root) as mirror:
        yield mirror.base(HOST)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if OUTCOMES:
        terminalreporter.section("reliability outcomes")
        for outcome in OUTCOMES:
            terminalreporter.write_line(outcome.line())

"""The layers point inward (gbawatch → schedules → pipeline → watch → spiders → nlp | storage): import-linter."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_layers_contract_is_kept() -> None:
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert command, "import-linter is part of the test extra"
    result = subprocess.run([command], cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def _tool(name: str) -> str:
    command = shutil.which(name, path=str(Path(sys.executable).parent))
    assert command, f"{name} is part of the test extra"
    return command


def test_ruff_finds_nothing() -> None:
    result = subprocess.run([_tool("ruff"), "check", "."], cwd=REPO, capture_output=True, text=True, timeout=300,
                            check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def test_mypy_finds_nothing() -> None:
    result = subprocess.run([_tool("mypy")], cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


PRODUCT = ("gbawatch", "spiders", "pipeline", "nlp", "storage", "schedules", "watch")


def _calls(pattern: str) -> list[str]:
    """`path:line` of each product-code line matching the regular expression."""
    import re

    found = []
    for package in PRODUCT:
        for path in sorted((REPO / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                if re.search(pattern, line) and not line.lstrip().startswith(("def ", "#")):
                    found.append(f"{path.relative_to(REPO)}:{number}")
    return found


def test_migrations_run_at_one_place() -> None:
    """The CLI prepares the database once per command (open_sessions), a bare `scrapy crawl` once per crawl;
    `gbawatch db upgrade` applies a chosen revision. No command migrates on its own."""
    callers = {line.split(":")[0] for line in _calls(r"\b(upgrade|prepare_database)\(")}
    assert callers == {"gbawatch/cli.py", "pipeline/database.py", "gbawatch/commands/db.py", "storage/migrate.py"}


def test_one_ingest_path() -> None:
    """Articles reach the database through pipeline.ingest only: nothing else upserts, indexes or clusters
    after a store (`gbawatch stories` re-clusters on request; `db reindex` and searches catch the index up)."""
    upserts = {line.split(":")[0] for line in _calls(r"\bupsert_article\(")}
    assert upserts == {"pipeline/ingest.py"}
    clusters = {line.split(":")[0] for line in _calls(r"\bcluster_articles\(")}
    assert clusters == {"pipeline/ingest.py"}

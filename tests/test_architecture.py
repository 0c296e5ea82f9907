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


# --- one back end per database ----------------------------------------------------------------------------------

PRODUCT = ("gbawatch", "spiders", "pipeline", "nlp", "storage", "schedules", "watch")
# The back ends are where the databases differ. Migrations are history: each revision writes its own time's
# DDL per database and must not change when a back end does.
MAY_ASK_WHICH_DATABASE = ("storage/backends/", "storage/migrations/")
DATABASE_NAMES = ("sqlite", "postgres")


def which_database_questions(source: str) -> list[str]:
    """Lines of `source` that ask which database they talk to: a dialect or backend name, a dialect module,
    a URL or name compared with a database's name."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in {"dialect", "get_backend_name", "drivername"}:
            found.append(f"{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Name) and node.id == "dialect":
            found.append(f"{node.lineno}: dialect")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy.dialects"):
            found.append(f"{node.lineno}: from {node.module} import")
        elif isinstance(node, ast.ImportFrom) and node.module == "sqlalchemy" and any(
            alias.name == "dialects" for alias in node.names
        ):
            found.append(f"{node.lineno}: from sqlalchemy import dialects")
        elif isinstance(node, ast.Compare | ast.Call):
            parts = [node.left, *node.comparators] if isinstance(node, ast.Compare) else node.args
            for part in parts:
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    if part.value.lower().startswith(DATABASE_NAMES) and (
                        isinstance(node, ast.Compare)
                        or (isinstance(node.func, ast.Attribute) and node.func.attr in {"startswith", "endswith"})
                    ):
                        found.append(f"{node.lineno}: {part.value!r} compared")
    return found


def test_the_check_finds_a_dialect_test() -> None:
    assert which_database_questions("if session.get_bind().dialect.name == 'sqlite':\n    pass\n")
    assert which_database_questions("postgres = url.startswith('postgresql://')\n")
    assert which_database_questions("from sqlalchemy.dialects import postgresql\n")
    assert which_database_questions("kind = 'sqlite' if x else 'postgresql'\n") == []  # a name alone is no test


def test_only_the_back_ends_ask_which_database() -> None:
    offenders = []
    for package in PRODUCT:
        for path in sorted((REPO / package).rglob("*.py")):
            relative = path.relative_to(REPO).as_posix()
            if relative.startswith(MAY_ASK_WHICH_DATABASE):
                continue
            offenders += [f"{relative}:{line}" for line in which_database_questions(path.read_text("utf-8"))]
    assert not offenders, "ask storage.backends.backend_for(session) instead:\n" + "\n".join(offenders)

# --- one ingest path, migrations at one place ----------------------------------------------------------------


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
    upserts = {line.split(":")[0] for line in _calls(r"\bupsert_articles?\(")}
    assert upserts <= {"pipeline/ingest.py", "storage/repository.py"} and "pipeline/ingest.py" in upserts
    clusters = {line.split(":")[0] for line in _calls(r"\bcluster_articles\(")}
    assert clusters == {"pipeline/ingest.py"}

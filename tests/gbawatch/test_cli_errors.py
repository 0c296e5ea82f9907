"""Errors are one clear line and a non-zero exit; a traceback only with --verbose."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def gbawatch(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gbawatch", "--db", db, *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.mark.parametrize(("args", "code", "message"), [
    (("crawl", "nosuchsource"), 2, "unknown source 'nosuchsource'"),
    (("extract", "--source", "nosuchsource", "x.html"), 2, "unknown source"),
    (("extract", "--source", "infogov", "/nonexistent/page.html"), 2, "cannot read /nonexistent/page.html"),
    (("digest", "--date", "2025-13-45"), 2, "bad date '2025-13-45'"),
    (("crawl", "takungpao_hk", "--since", "yesterday-ish"), 2, "bad date"),
])
def test_bad_input_is_one_line(tmp_path: Path, args: tuple[str, ...], code: int, message: str) -> None:
    result = gbawatch(*args, db=f"sqlite:///{tmp_path / 'a.db'}")
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_unreachable_database_is_one_line_and_verbose_shows_the_traceback(tmp_path: Path) -> None:
    # Port 9 on loopback: nothing listens, the connection is refused at once.
    url = "postgresql+psycopg://nobody@127.0.0.1:9/none"
    result = gbawatch("runs", db=url)
    assert result.returncode == 4
    assert "cannot reach database" in result.stderr and "Traceback" not in result.stderr
    verbose = subprocess.run([sys.executable, "-m", "gbawatch", "--verbose", "--db", url, "runs"], cwd=REPO,
                             capture_output=True, text=True, timeout=120, check=False)
    assert verbose.returncode != 0 and "Traceback" in verbose.stderr


def test_unreadable_sqlite_path_is_one_line(tmp_path: Path) -> None:
    result = gbawatch("db", "upgrade", db=f"sqlite:///{tmp_path}/missing-dir/sub/a.db")
    assert result.returncode == 4 and "Traceback" not in result.stderr, result.stderr


def test_a_database_newer_than_the_code_is_one_line(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "a.db"
    assert gbawatch("db", "upgrade", db=f"sqlite:///{db}").returncode == 0
    with sqlite3.connect(db) as connection:  # as a later gba-watch would leave it
        connection.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    for args in (("runs",), ("search", "河套"), ("db", "upgrade")):
        result = gbawatch(*args, db=f"sqlite:///{db}")
        assert result.returncode == 4, (args, result.stderr)
        assert "0099_from_the_future, newer than this gba-watch" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr

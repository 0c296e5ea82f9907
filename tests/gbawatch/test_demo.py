"""`gbawatch demo` on the embedded default: the whole product in one command."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_demo_crawls_every_mirrored_source_and_reports(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "gbawatch", "--db", f"sqlite:///{tmp_path / 'demo.db'}", "demo"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "Digest" in out and "# GBA science & technology digest" in out and "[link](https://" in out
    assert "Search: 河套" in out and "0 result(s) shown" not in out
    with sqlite3.connect(tmp_path / "demo.db") as connection:
        per_source = dict(connection.execute(
            "SELECT source.name, count(article.id) FROM source JOIN article ON article.source_id = source.id "
            "GROUP BY source.name"))
        runs = connection.execute("SELECT count(*) FROM crawl_run").fetchone()[0]
    mirrored = {p.name for p in (REPO / "tests" / "mirror" / "sites").iterdir() if p.is_dir()}
    assert runs >= 1
    # Every source whose site is in the snapshot stored articles (gdstc forbids robots: it may store none).
    from gbawatch.config import DEFAULT_SOURCES_FILE, load_sources

    for name, source in load_sources(DEFAULT_SOURCES_FILE).items():
        host = source.base_url.split("://", 1)[1]
        if source.enabled and host in mirrored and name != "gdstc":
            assert per_source.get(name, 0) > 0, f"{name} stored nothing from the snapshot"

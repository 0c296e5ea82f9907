"""An article whose fetch failed is requested again by later crawls, even once paging stops above it.

A 60-article list (3 pages): three old articles answer HTTP 500 for two crawls, one answers 404 for good.
Then 20 new articles appear and the 500s heal: the third crawl stops paging at page 2 (crawled before),
yet stores the three from the frontier; the 404 is given up after its two attempts (the fourth crawl) and
counted as the page error `abandoned`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gbawatch.mirror import serving
from tests.reliability.harness import FAST, Outcome, count, record, run
from tests.synthetic_site import HOST, article_path, build_mirror

pytestmark = pytest.mark.slow

HEALING = (0, 1, 2)  # the oldest articles: the last list page
GONE = 3


def fail(root: Path, k: int, status: int) -> Path:
    sidecar = root / HOST / article_path(k).lstrip("/") / "index.html.meta.json"
    sidecar.write_text(json.dumps({"status": status}), "utf-8")
    return sidecar


def stats_of_last_run(db: str, sources: Path) -> dict[str, Any]:
    runs = run(db, sources, "runs", "--json")
    assert runs.returncode == 0, runs.stderr
    stats: dict[str, Any] = json.loads(runs.stdout.splitlines()[0])["stats"]
    return stats


@pytest.mark.parametrize("frontier", [True, False], ids=["frontier", "without-frontier"])
def test_failed_fetches_are_retried_below_the_stop(frontier: bool, sources_file: Path, tmp_path: Path) -> None:
    root = tmp_path / "site"
    build_mirror(root, 60)
    sidecars = [fail(root, k, 500) for k in HEALING]
    fail(root, GONE, 404)
    db = f"sqlite:///{tmp_path / 'archive.db'}"
    with serving(root) as mirror:
        args = ["crawl", "hkstp", "--base-url", mirror.base(HOST), "--no-nlp", *FAST, "-s", "RETRY_TIMES=0",
                "-s", "GBAWATCH_FRONTIER_ATTEMPTS=2", "-s", f"GBAWATCH_FRONTIER={frontier}"]
        for _ in range(2):  # the failures persist over two complete crawls
            assert run(db, sources_file, *args).returncode == 0
        assert count(db) == 56
        if frontier:
            assert count(db, "SELECT count(*) FROM crawl_frontier") == 4
        for sidecar in sidecars:
            sidecar.unlink()
        build_mirror(root, 80)  # 20 new on top; the 404 stays
        third = run(db, sources_file, *args)
        assert third.returncode == 0, third.stderr
        stats = stats_of_last_run(db, sources_file)
        assert stats["response_received_count"] < 30  # paging stopped early: 2 list pages of 4
        fourth = run(db, sources_file, *args)  # the 404 has had its two attempts: given up
        assert fourth.returncode == 0, fourth.stderr
    abandoned = stats_of_last_run(db, sources_file).get("gbawatch/hkstp/error/abandoned", 0)
    outcome = Outcome(f"fetches failing for 2 crawls, then healed ({'with' if frontier else 'no'} frontier)",
                      expected=80, stored=count(db), dropped=abandoned,
                      notes=["1 page gone for good: given up, counted as `abandoned`"] if abandoned else [])
    if frontier:
        record(outcome)
        assert abandoned == 1 and "abandoned 1" in fourth.stdout
        assert count(db, "SELECT count(*) FROM crawl_frontier") == 0
    else:  # the control: the same crawls without the frontier lose what paging no longer reaches
        assert outcome.lost == 4, outcome.line()

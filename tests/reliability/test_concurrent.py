"""Two crawls of one source at once, into one database (SQLite and PostgreSQL): they converge, with
nothing spooled, no traceback, every article stored once with one set of mentions and figures."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from gbawatch.mirror import serving
from tests.reliability.harness import FAST, REPO, Outcome, count, gbawatch_command, record
from tests.synthetic_site import HOST, build_mirror

pytestmark = pytest.mark.slow

ARTICLES = 120


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site-concurrent")
    build_mirror(root, ARTICLES)
    return root


def test_two_crawls_of_one_source_converge(db_url: str, site: Path, sources_file: Path, tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    with serving(site) as mirror:
        args = ["crawl", "hkstp", "--base-url", mirror.base(HOST), *FAST, "-s", "GBAWATCH_STORE_BATCH=5",
                "-s", f"GBAWATCH_SPOOL_DIR={spool}"]
        assert subprocess.run(gbawatch_command(db_url, sources_file, "db", "upgrade"), cwd=REPO,
                              check=False).returncode == 0
        logs = [tmp_path / f"crawl-{n}.log" for n in (1, 2)]
        children = []
        for log in logs:
            with log.open("w") as output:
                children.append(subprocess.Popen(gbawatch_command(db_url, sources_file, *args), cwd=REPO,
                                                 stdout=output, stderr=subprocess.STDOUT))
        try:
            codes = [child.wait(timeout=900) for child in children]
        finally:
            for child in children:
                if child.poll() is None:
                    child.kill()
                child.wait()
    texts = [log.read_text() for log in logs]
    kind = db_url.split(":", 1)[0].split("+", 1)[0]
    spooled = sum(len(p.read_text("utf-8").splitlines()) for p in spool.glob("batch-*.jsonl"))
    record(Outcome(f"two crawls of one source at once ({kind})", expected=ARTICLES, stored=count(db_url),
                   spooled=spooled))
    assert codes == [0, 0], "\n\n".join(texts)
    assert not any("Traceback" in text for text in texts), "\n\n".join(texts)
    assert spooled == 0
    assert count(db_url) == ARTICLES
    duplicated = ("SELECT count(*) FROM (SELECT article_id, entity_id, start FROM mention "
                  "GROUP BY article_id, entity_id, start HAVING count(*) > 1) AS twice")
    assert count(db_url, duplicated) == 0
    assert count(db_url, "SELECT count(*) FROM article WHERE id NOT IN (SELECT article_id FROM mention)") == 0

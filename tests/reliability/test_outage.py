"""The database goes away in the middle of a crawl (a real PostgreSQL behind a TCP proxy the test cuts):
every article is stored or spooled, the crawl says so in one line with the replay command, and the
replay stores the rest once the database is back."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.reliability.harness import FAST, REPO, Outcome, count, gbawatch_command, record, run
from tests.reliability.proxy import proxy_to

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def through(url: str, port: int) -> str:
    parts = urlsplit(url)
    assert parts.hostname and parts.port, url
    return url.replace(f"{parts.hostname}:{parts.port}", f"127.0.0.1:{port}", 1)


def test_database_gone_mid_crawl_loses_nothing(site_300: str, sources_file: Path, postgres_url: str,
                                               tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    target = urlsplit(postgres_url)
    assert target.hostname and target.port
    assert run(postgres_url, sources_file, "db", "upgrade").returncode == 0
    with proxy_to(target.hostname, target.port) as proxy:
        args = ["crawl", "hkstp", "--base-url", site_300, "--no-nlp", *FAST, "-s", "GBAWATCH_STORE_BATCH=10",
                "-s", f"GBAWATCH_SPOOL_DIR={spool}"]
        log = tmp_path / "crawl.log"
        with log.open("w") as output:
            child = subprocess.Popen(gbawatch_command(through(postgres_url, proxy.port), sources_file, *args),
                                     cwd=REPO, stdout=output, stderr=subprocess.STDOUT)
        try:
            give_up = time.monotonic() + 300  # a guard against a hung child, not a timed assertion
            while child.poll() is None and count(postgres_url) < 60 and time.monotonic() < give_up:
                time.sleep(0.05)
            assert child.poll() is None, log.read_text()
            proxy.cut()
            stored_before = count(postgres_url)
            code = child.wait(timeout=600)
        finally:
            if child.poll() is None:
                child.kill()
            child.wait()
    text = log.read_text()
    spooled = sum(len(p.read_text("utf-8").splitlines()) for p in spool.glob("batch-*.jsonl"))
    stored_during = count(postgres_url)
    assert code == 3, text
    assert "Traceback" not in text, text
    assert f"gbawatch ingest --spool {spool}" in text, text  # the replay hint, always
    assert not list(spool.glob("*.part"))
    replay = run(postgres_url, sources_file, "ingest", "--spool", str(spool))
    assert replay.returncode == 0, replay.stderr
    record(Outcome("PostgreSQL cut off mid-crawl (TCP proxy), then replayed", expected=300,
                   stored=stored_during, spooled=spooled,
                   notes=[f"{stored_before} stored when cut", f"{count(postgres_url)} after the replay"]))
    assert count(postgres_url) == 300

"""The database refuses every article and the spool's disk is full: the crawl stops with a non-zero exit
and a message naming both, leaves no half-written spool file, and the next crawl (room made, database
back) stores every article."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from pipeline.spool import read_spool
from tests.reliability.harness import FAST, REPO, Outcome, count, gbawatch_command, record, run

pytestmark = pytest.mark.slow

REFUSE = ("CREATE TRIGGER refuse BEFORE INSERT ON article "
          "BEGIN SELECT RAISE(ABORT, 'the database refuses articles'); END")


def private_tmpfs_available() -> bool:
    """A tmpfs mounted in a private mount namespace (no effect outside the child) needs unshare(1) and
    user namespaces; without them the disk fills through a file-size limit instead."""
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "true"], capture_output=True,
                           check=False)
    return probe.returncode == 0


def on_a_full_disk(command: list[str], spool: Path) -> tuple[list[str], object]:
    """`command` run with `spool` on a 16 kB tmpfs, or limited to 64 kB per file written."""
    spool.mkdir(parents=True, exist_ok=True)
    if private_tmpfs_available():
        # After the crawl, list what it left on the tmpfs (which vanishes with the namespace) beside it.
        mount = 'mount -t tmpfs -o size=16k tmpfs "$0" || exit 99; "$@"; code=$?; ls -A "$0" > "$0.left"; exit $code'
        return ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", mount, str(spool), *command], None

    def limit_file_size() -> None:
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, 64_000))

    return command, limit_file_size


def test_a_full_spool_disk_stops_the_crawl_loudly(site_300: str, sources_file: Path, tmp_path: Path) -> None:
    db_file = tmp_path / "archive.db"
    db = f"sqlite:///{db_file}"
    spool = tmp_path / "spool"
    assert run(db, sources_file, "db", "upgrade").returncode == 0
    with sqlite3.connect(db_file) as connection:
        connection.execute(REFUSE)
    args = ["crawl", "hkstp", "--base-url", site_300, "--no-nlp", *FAST, "-s", f"GBAWATCH_SPOOL_DIR={spool}"]
    command, preexec = on_a_full_disk(gbawatch_command(db, sources_file, *args), spool)
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
                          preexec_fn=preexec)  # type: ignore[arg-type]
    assert done.returncode == 3, done.stdout + done.stderr
    assert "neither stored nor kept" in done.stderr, done.stderr
    if preexec is None:  # only the spool's disk is full; with a file-size limit, SQLite's own writes fail too
        assert "the database refuses articles" in done.stderr, done.stderr
    assert "No space left on device" in done.stderr or "File too large" in done.stderr
    assert "Traceback" not in done.stderr
    left = (spool.with_name("spool.left").read_text().split() if preexec is None
            else [p.name for p in spool.iterdir()])
    assert not [name for name in left if name.endswith(".part")], left  # nothing half-written left behind
    kept = [spool / name for name in left if preexec is not None]  # batches that fitted under the limit
    assert all(read_spool(path) for path in kept)  # each one whole
    with sqlite3.connect(db_file) as connection:
        connection.execute("DROP TRIGGER refuse")
    if kept:
        assert run(db, sources_file, "ingest", "--spool", str(spool)).returncode == 0
    again = run(db, sources_file, *args)
    assert again.returncode == 0, again.stderr
    record(Outcome("database refusing, spool disk full; then both fixed", expected=300, stored=count(db),
                   notes=["first crawl stopped, exit 3, no .part", "next crawl fetched everything"]))

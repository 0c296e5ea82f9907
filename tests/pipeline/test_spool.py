"""The spool keeps a refused batch whole, or fails loudly and leaves nothing that looks kept."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pipeline.errors import SpoolFailed
from pipeline.spool import read_spool, spool_files, write_spool
from storage.records import ArticleRecord

REPO = Path(__file__).resolve().parents[2]
HKT = timezone(timedelta(hours=8))


def batch(n: int, size: int = 2_000) -> list[ArticleRecord]:
    return [ArticleRecord(url=f"https://www.sz.gov.cn/a/{i}.html", url_key=f"sz.gov.cn/a/{i}.html",
                          source="szgov", title=f"第{i}篇", text="河套" * size, title_simplified=f"第{i}篇",
                          text_simplified="河套" * size, published_at=datetime(2025, 10, 10, tzinfo=HKT),
                          content_hash=str(i)) for i in range(n)]


def test_a_batch_is_kept_whole_and_read_back(tmp_path: Path) -> None:
    records = batch(3)
    path = write_spool(tmp_path / "spool", records)
    assert spool_files(tmp_path / "spool") == [path]
    assert read_spool(path) == records
    assert not list((tmp_path / "spool").glob("*.part"))


def test_a_spool_that_is_not_a_directory_fails_with_the_reason(tmp_path: Path) -> None:
    blocker = tmp_path / "spool"
    blocker.write_text("a file where the spool directory should be")
    with pytest.raises(SpoolFailed, match=r"could not keep 2 articles in the spool .*spool"):
        write_spool(blocker, batch(2))


# The write runs in a child limited to 20 kB per file (RLIMIT_FSIZE, SIGXFSZ ignored so the write fails
# with EFBIG instead of killing it): the disk fills in the middle of the batch, as on a full partition.
_FULL_DISK_CHILD = """
import resource, signal, sys
from pathlib import Path
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))
from pipeline.errors import SpoolFailed
from pipeline.spool import write_spool
from tests.pipeline.test_spool import batch
try:
    write_spool(Path(sys.argv[1]), batch(20))
except SpoolFailed as exc:
    print("FAILED", exc)
"""


def test_a_full_disk_fails_loudly_and_leaves_no_part_file(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", _FULL_DISK_CHILD, str(tmp_path / "spool")], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("FAILED could not keep 20 articles in the spool"), done.stdout
    assert "File too large" in done.stdout
    assert list((tmp_path / "spool").iterdir()) == []  # no .part, no batch file claiming to hold it

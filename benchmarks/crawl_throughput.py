"""Benchmark: crawl a generated ~2,000-page mirror through the whole pipeline into SQLite; articles/s, memory.

    .venv/bin/python benchmarks/crawl_throughput.py [--articles 1900] [--out FILE]

The mirror is built in a temporary directory by tests/synthetic_site.py (the generic spider's HKSTP
pages: list pages of 20 links with 下一頁 paging, article pages varied from a pool of sentences and
figures). Each configuration runs `gbawatch.crawl.run_crawls` in its own child process (as
`gbawatch crawl --base-url … [--no-nlp]` does), politeness off (no delay, no AutoThrottle, 16 requests
per host); peak memory is the child's ru_maxrss.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gbawatch.mirror import serving  # noqa: E402
from tests.synthetic_site import PER_PAGE, build_mirror  # noqa: E402


@dataclass
class Run:
    label: str
    stored: int
    seconds: float
    peak_mb: float
    reason: str


_CHILD = """
import sys
from dataclasses import replace
from pathlib import Path
from gbawatch.config import load_sources
from gbawatch.crawl import CrawlJob, run_crawls
from storage.migrate import upgrade
base, database, nlp = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
upgrade(database)
source = replace(load_sources(Path("tests/spiders/generic_sources.toml"))["hkstp"], feeds=(), sitemap=None)
[result] = run_crawls([CrawlJob(source, base_url=base)], database_url=database, overrides={
    "GBAWATCH_NLP_ENABLED": nlp, "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "CLOSESPIDER_TIMEOUT": 1800})
print("REASON", result.reason)
"""


def crawl(base: str, workdir: Path, label: str, nlp: bool) -> Run:
    database = workdir / f"{label}.db"
    started = time.perf_counter()
    # Output to files: a full pipe would block the child while we wait for it.
    out_file, err_file = workdir / f"{label}.out", workdir / f"{label}.err"
    with out_file.open("w") as stdout, err_file.open("w") as stderr:
        child = subprocess.Popen([sys.executable, "-c", _CHILD, base, f"sqlite:///{database}",
                                  "1" if nlp else "0"], cwd=REPO, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage, not the sum of all children
    seconds = time.perf_counter() - started
    out, err = out_file.read_text(), err_file.read_text()
    if status != 0:
        raise SystemExit(f"{label} crawl failed:\n{err[-3000:]}")
    with sqlite3.connect(database) as connection:
        stored = connection.execute("SELECT count(*) FROM article").fetchone()[0]
    reason = next((line.split()[1] for line in out.splitlines() if line.startswith("REASON")), "?")
    return Run(label, stored, seconds, usage.ru_maxrss / 1024, reason)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1900)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "crawl_throughput.txt")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gbawatch-bench-") as tmp:
        workdir = Path(tmp)
        pages = build_mirror(workdir / "sites", args.articles)
        with serving(workdir / "sites") as mirror:
            base = mirror.base("www.hkstp.org")
            runs = [crawl(base, workdir, "nlp-off", nlp=False), crawl(base, workdir, "nlp-on", nlp=True)]
    lines = [f"Crawl throughput: {pages} generated pages ({args.articles} articles, "
             f"{pages - args.articles} list pages of {PER_PAGE}) served from 127.0.0.1, generic spider, "
             "whole pipeline into SQLite; "
             f"{os.cpu_count()} CPUs; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "",
             f"{'run':10} {'stored':>7} {'seconds':>8} {'articles/s':>11} {'peak RSS MB':>12}  finish"]
    for run in runs:
        lines.append(f"{run.label:10} {run.stored:>7} {run.seconds:>8.1f} {run.stored / run.seconds:>11.1f} "
                     f"{run.peak_mb:>12.0f}  {run.reason}")
    lines += ["", "seconds: wall time of the child process (start-up, migration, crawl, last batch stored);",
              "nlp-off (GBAWATCH_NLP_ENABLED=False, as `--no-nlp`) is the ceiling without entity/figure "
              "extraction."]
    text = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()

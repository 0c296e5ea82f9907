"""Wall time of one-off CLI commands (`gbawatch --help`, `gbawatch search 河套` on a small archive), this tree
beside a baseline revision, in one run: the median of N fresh processes each.

    .venv/bin/python benchmarks/startup.py [--runs 9] [--baseline 6f18b9b] [--db PATH]

The baseline is checked out with `git worktree add --detach` into a temporary directory and run with this
venv's Python, its tree first on PYTHONPATH (so the same interpreter and libraries, only our code differs).
The small archive is the quick start's: `gbawatch demo` into a temporary SQLite file, unless --db names one.
Start-up is mostly imports, so the figures move with the machine's load: compare the columns of one run.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The commit issue 16's start-up work began from: every command imported Scrapy, Twisted, jieba … at start.
BASELINE = "6f18b9b"
RUN_CLI = "import sys; from gbawatch.cli import main; main(sys.argv[1:], prog_name='gbawatch')"


def timed(tree: Path, args: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one fresh process running the CLI of `tree` with `args`."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run([sys.executable, "-c", RUN_CLI, *args], cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)},
                   check=True, stdout=subprocess.DEVNULL)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def medians(old: Path, new: Path, args: list[str], runs: int) -> list[float]:
    """Median wall and CPU times, old then new: the runs interleaved so a change in load hits both trees."""
    timed(old, args), timed(new, args)  # warm the page cache for both alike
    pairs = [(timed(old, args), timed(new, args)) for _ in range(runs)]
    return [statistics.median(p[tree][kind] for p in pairs) for kind in (0, 1) for tree in (0, 1)]


def small_archive(directory: Path) -> Path:
    path = directory / "demo.db"
    subprocess.run([sys.executable, "-c", RUN_CLI, "--db", f"sqlite:///{path}", "demo"], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--baseline", default=BASELINE, help="git revision to compare with")
    parser.add_argument("--db", type=Path, help="an existing small SQLite archive (default: a fresh demo one)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gbawatch-startup-") as scratch:
        old = Path(scratch) / "baseline"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(old), options.baseline],
                       check=True)
        try:
            db = options.db.resolve() if options.db else small_archive(Path(scratch))
            cases = [("gbawatch --help", ["--help"]),
                     ("gbawatch search 河套 (small archive)", ["--db", f"sqlite:///{db}", "search", "河套"])]
            print(f"median of {options.runs} runs, baseline {options.baseline} vs this tree; load average "
                  f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (under load, CPU time is the steadier figure)")
            print(f"{'command':<36}{'wall: baseline':>15}{'now':>8}{'CPU: baseline':>15}{'now':>8}")
            for label, args in cases:
                wall_old, wall_new, cpu_old, cpu_new = medians(old, REPO, args, options.runs)
                print(f"{label:<36}{wall_old:>14.3f}s{wall_new:>7.3f}s{cpu_old:>14.3f}s{cpu_new:>7.3f}s")
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(old)], check=True)


if __name__ == "__main__":
    main()

"""An interrupted crawl resumes from Scrapy's JOBDIR without fetching or yielding an article twice."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gbawatch.config import load_sources
from gbawatch.mirror import Mirror

REPO = Path(__file__).resolve().parents[2]
SOURCES_FILE = Path(__file__).with_name("generic_sources.toml")
HOST = "www.hkstp.org"
PR = "https://www.hkstp.org/zh-hk/press-room/press-releases"
ARTICLES = {f"{PR}/2025/hetao-hk-park-first-tenants/", f"{PR}/2025/quantum-innovation-centre/",
            f"{PR}/2025/gba-incubation-programme/", f"{PR}/2025/microelectronics-pilot-line/",
            f"{PR}/2023/smart-city-sandbox/"}
_REASON = re.compile(r"'finish_reason': '([a-z_]+)'")


def run(base: str, jobdir: Path, out: Path, *settings: str) -> tuple[list[str], str]:
    arguments = load_sources(SOURCES_FILE)["hkstp"].spider_arguments(base)
    command = [sys.executable, "-m", "scrapy", "crawl", "generic", "-O", str(out), "-s", f"JOBDIR={jobdir}",
               "-s", "ITEM_PIPELINES={}", "-s", "EXTENSIONS={}", "-s", "DOWNLOAD_DELAY=0",
               "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=1", "-s", "LOG_LEVEL=INFO"]
    for key, value in arguments.items():
        command += ["-a", f"{key}={value}"]
    for setting in settings:
        command += ["-s", setting]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    urls = [json.loads(line)["url"] for line in out.read_text("utf-8").splitlines()] if out.exists() else []
    reason = _REASON.search(done.stderr)
    return urls, reason.group(1) if reason else "?"


@pytest.mark.slow
def test_interrupted_crawl_resumes_without_duplicates(mirror: Mirror, tmp_path: Path) -> None:
    base, jobdir = mirror.base(HOST), tmp_path / "job"
    first, reason = run(base, jobdir, tmp_path / "first.jsonl", "CLOSESPIDER_ITEMCOUNT=2")
    assert reason == "closespider_itemcount" and 2 <= len(first) < len(ARTICLES)
    assert (jobdir / "requests.seen").is_file()  # the fingerprints of what was already fetched
    second, reason = run(base, jobdir, tmp_path / "second.jsonl")
    assert reason == "finished"
    union = first + second
    assert sorted(union) == sorted(ARTICLES)  # every article, each exactly once across the two runs

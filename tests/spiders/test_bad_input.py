"""Bad input through Scrapy's engine: huge, binary, slow, failing, empty, truncated, redirected pages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gbawatch.mirror import serving

REPO = Path(__file__).resolve().parents[2]
BAD = REPO / "tests" / "mirror" / "bad"
HOST = "bad.example.test"
REAL = f"https://{HOST}/news"
_STAT = re.compile(r"'((?:gbawatch|downloader|retry)/[^']+)': (\d+)")
BIG_MARK = "科學園年度報告全文"


@pytest.fixture(scope="module")
def bad_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bad-input host plus a 5 MB page (an article under a big inline script), made here: not in git."""
    root = tmp_path_factory.mktemp("bad")
    shutil.copytree(BAD / HOST, root / HOST)
    state = json.dumps({"items": [{"id": n, "blob": "x" * 500} for n in range(10_000)]})
    page = (f"<html><head><meta charset='utf-8'><title>{BIG_MARK} | 測試</title>"
            f"<script>window.__STATE__ = {state};</script></head><body><article><h1>{BIG_MARK}</h1>"
            + "<p>香港科技園公司發表年度報告，園區企業數目增至逾1,800家，研發人員逾一萬三千人。</p>" * 6
            + "</article></body></html>")
    (root / HOST / "news" / "big.html").write_text(page, "utf-8")
    assert 5_000_000 < (root / HOST / "news" / "big.html").stat().st_size < 8 * 1024 * 1024
    return root


def crawl(root: Path, out: Path, *settings: str) -> tuple[dict[str, dict[str, Any]], dict[str, int]]:
    with serving(root, hosts=[HOST]) as mirror:
        command = [sys.executable, "-m", "scrapy", "crawl", "generic", "-O", str(out),
                   "-a", f"site_base=https://{HOST}", "-a", "source=bad",
                   "-a", f"base_url={mirror.base(HOST)}",
                   "-a", "list_url=/index.html", "-a", r"link_pattern=/news/[\w-]+\.html$",
                   "-s", "ITEM_PIPELINES={}", "-s", "EXTENSIONS={}", "-s", "DOWNLOAD_DELAY=0",
                   "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO",
                   "-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_TIMES=1"]
        for setting in settings:
            command += ["-s", setting]
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    items = {item["url"].rsplit("/", 1)[-1]: item for item in map(json.loads, out.read_text().splitlines())}
    return items, {key: int(value) for key, value in _STAT.findall(done.stderr)}


@pytest.mark.slow
def test_every_bad_page_has_a_counted_outcome_and_the_crawl_goes_on(bad_root: Path, tmp_path: Path) -> None:
    items, stats = crawl(bad_root, tmp_path / "items.jsonl")
    assert {"ok-1.html", "ok-2.html", "ok-3.html"} <= set(items)
    assert all(items[name]["text"] for name in ("ok-1.html", "ok-2.html", "ok-3.html"))
    # 5 MB (over DOWNLOAD_WARNSIZE, under DOWNLOAD_MAXSIZE): fetched, the script left out, the text found.
    assert items["big.html"]["title"] == BIG_MARK and "1,800家" in items["big.html"]["text"]
    assert "__STATE__" not in items["big.html"]["text"]
    # A PNG and gzip bytes served as text/html: refused by the charset middleware, counted by name.
    assert stats["gbawatch/error/not_text"] == 2 and stats["gbawatch/bad/error/not_text"] == 2
    assert "image-as-html.html" not in items and "gzip-as-html.html" not in items
    # Slower than DOWNLOAD_TIMEOUT (8 s against 1 s, so a reactor busy with the 5 MB page cannot miss it):
    # retried once, then counted; the 500 page likewise.
    assert stats.get("gbawatch/bad/error/timeout") == 1, stats
    assert stats["downloader/response_status_count/500"] == 2 and stats["gbawatch/bad/error/http_500"] == 1
    assert stats["retry/max_reached"] == 2
    # Empty body: an item without text (the pipeline drops it as NoText), counted; a cut page keeps its start.
    assert items["empty.html"]["text"] == "" and stats["gbawatch/bad/error/no_text"] == 1
    assert items["truncated.html"]["title"] == "截斷的頁面"
    # Redirected to a login page: not an article.
    assert stats["gbawatch/bad/error/redirected"] == 1
    assert stats["gbawatch/bad/listed"] == 11 and stats["gbawatch/bad/fetched"] == 7


@pytest.mark.slow
def test_a_page_over_the_max_size_is_cancelled_and_counted(bad_root: Path, tmp_path: Path) -> None:
    items, stats = crawl(bad_root, tmp_path / "items.jsonl", "DOWNLOAD_MAXSIZE=3000000")
    assert "big.html" not in items and stats["gbawatch/bad/error/too_large"] == 1
    assert {"ok-1.html", "ok-2.html", "ok-3.html"} <= set(items)  # the rest goes on

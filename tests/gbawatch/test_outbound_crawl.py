"""A hostile server: list entries that redirect to internal addresses, other schemes and other hosts.

A real crawl (`gbawatch crawl`, Scrapy's engine, SQLite) of a Ta Kung Pao mirror whose list page carries six
entries redirecting to another loopback port (which serves real article pages, so following it would store
one), loopback spelled as a number, a private and a link-local address, `file:` and a foreign host, plus
one same-site redirect that must still be followed. Expected / stored / refused / lost are counted.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gbawatch.mirror import SNAPSHOT_ROOT, Mirror, start_mirror

REPO = Path(__file__).resolve().parents[2]
HOST = "www.takungpao.com.hk"
REAL = f"https://{HOST}"
LIST = "news/232109/index.html"
SAME_SITE_TARGET = "/news/232109/2020/0423/444551.html"  # an article on page 3, never listed on page 1


def hostile_entries(other: str) -> dict[str, tuple[str, str | None]]:
    """Listed article id -> (redirect Location, the stats reason it must be refused with; None: followed)."""
    port = other.rsplit(":", 1)[1]
    return {
        "9900001": (f"{other}/news/232109/2025/1010/1130089.html", "loopback"),  # another port, real article
        "9900002": (f"http://2130706433:{port}/news/232109/2025/1009/1129874.html", "loopback"),
        "9900003": ("http://10.255.255.1/news/232109/2025/1011/9900003.html", "private"),
        "9900004": ("http://169.254.169.254/latest/meta-data/", "link_local"),
        "9900005": ("file:///etc/passwd", "scheme"),
        "9900006": ("http://evil.example.test/news/232109/2025/1011/9900006.html", "off_host"),
        "9900007": (SAME_SITE_TARGET, None),
    }


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[Mirror, Mirror, Path]]:
    """The hostile mirror, and `elsewhere`: the plain snapshot on another loopback port."""
    elsewhere = start_mirror(SNAPSHOT_ROOT, hosts=[HOST])
    root = tmp_path / "hostile"
    shutil.copytree(SNAPSHOT_ROOT / HOST, root / HOST)
    rows = []
    for article, (location, _) in hostile_entries(elsewhere.base(HOST)).items():
        path = root / HOST / f"news/232109/2025/1011/{article}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("<html><body>never served: the server answers with a redirect</body></html>", "utf-8")
        path.with_name(path.name + ".meta.json").write_text(json.dumps({"status": 302, "redirect": location}))
        rows.append(f'<dl class="item clearfix"><dd class="intro"><a href="/news/232109/2025/1011/{article}.html"'
                    f' title="河套新聞{article}">河套新聞{article}</a></dd>'
                    '<dd class="sort">2025-10-11 09:00:00</dd></dl>')
    listing = root / HOST / LIST
    html = listing.read_text("utf-8")
    first = html.index('<dl class="item')
    listing.write_text(html[:first] + "\n".join(rows) + "\n" + html[first:], "utf-8")
    hostile = start_mirror(root, hosts=[HOST])
    try:
        yield hostile, elsewhere, tmp_path
    finally:
        hostile.close()
        elsewhere.close()


def gbawatch(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gbawatch", "--db", db, *args], cwd=REPO, capture_output=True,
                          text=True, timeout=300, check=False)


@pytest.mark.slow
def test_redirects_to_internal_or_foreign_targets_are_refused_counted_and_nothing_is_stored(
        servers: tuple[Mirror, Mirror, Path]) -> None:
    hostile, elsewhere, tmp_path = servers
    db = f"sqlite:///{tmp_path / 'a.db'}"
    entries = hostile_entries(elsewhere.base(HOST))
    # A short timeout and no retries: were the private address ever tried, the test would still end soon.
    done = gbawatch(db, "crawl", "takungpao_hk", "--base-url", hostile.base(HOST), "--max-pages", "1", "--no-nlp",
                    "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=0",
                    "-s", "DOWNLOAD_TIMEOUT=3")
    assert done.returncode == 0, done.stderr[-3000:]
    with sqlite3.connect(tmp_path / "a.db") as connection:
        stored = {url for (url,) in connection.execute("SELECT url FROM article")}
    runs = [json.loads(line) for line in gbawatch(db, "runs", "--json").stdout.splitlines()]
    stats = runs[0]["stats"]

    refused = {article: reason for article, (_, reason) in entries.items() if reason}
    expected_reasons: dict[str, int] = {}
    for reason in refused.values():
        expected_reasons[reason] = expected_reasons.get(reason, 0) + 1
    counted = {key.rsplit("/", 1)[1]: value for key, value in stats.items() if key.startswith("gbawatch/refused/")}
    per_source = {key.rsplit("/refused_", 1)[1]: value for key, value in stats.items()
                  if key.startswith("gbawatch/takungpao_hk/error/refused_")}
    report = (f"hostile entries {len(entries)}: refused {sum(counted.values())} {counted}, stored "
              f"{len(stored)} articles in all")
    print(report)  # the outcome with its counts, for the reliability report

    # Nothing internal, foreign or other-scheme was fetched, let alone stored: every stored URL is the site's.
    assert all(url.startswith(f"{REAL}/news/") for url in stored), stored
    assert not any(article in url for url in stored for article in entries), stored
    # Each refusal is counted with its reason, both crawl-wide and as the source's page error.
    assert counted == expected_reasons and per_source == expected_reasons, (counted, per_source)
    assert stats["gbawatch/refused"] == len(refused)
    assert "refused_loopback 2" in done.stdout  # the crawl summary says so too
    # The one same-site redirect is followed and stored under the real URL it landed on.
    assert f"{REAL}{SAME_SITE_TARGET}" in stored
    # Lost: none. Every listed entry is stored or has a counted outcome.
    listed = stats["gbawatch/takungpao_hk/listed"]
    outcomes = (stats.get("gbawatch/stored", 0) + stats["gbawatch/refused"]
                + sum(v for k, v in stats.items() if k.startswith("gbawatch/takungpao_hk/error/")
                      and "refused_" not in k)
                + sum(v for k, v in stats.items() if k.startswith("item_dropped_reasons_count/")))
    assert outcomes == listed, (outcomes, listed, stats)

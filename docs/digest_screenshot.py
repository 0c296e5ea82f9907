"""Regenerate docs/digest.png: the HTML digest of 2025-10-10 from the offline snapshot, in headless Chromium.

    .venv/bin/python docs/digest_screenshot.py

Runs `gbawatch demo` into a temporary database, writes the day's HTML digest with `gbawatch digest`, and
screenshots it the way tests/gbawatch/test_digest_browser.py does (Debian's chromium, through Playwright).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.gbawatch.test_digest_browser import screenshot  # noqa: E402

DAY = "2025-10-10"


def main() -> int:
    gbawatch = [sys.executable, "-m", "gbawatch"]
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'demo.db'}"
        html = Path(tmp) / "digest.html"
        subprocess.run([*gbawatch, "--db", db, "demo"], check=True, cwd=tmp, capture_output=True)
        subprocess.run([*gbawatch, "--db", db, "digest", "--date", DAY, "--format", "html", "--out", str(html)],
                       check=True, cwd=tmp, capture_output=True)
        screenshot(html, REPO / "docs" / "digest.png")
    print(f"wrote {REPO / 'docs' / 'digest.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

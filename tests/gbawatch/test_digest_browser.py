"""The HTML digest rendered by a real browser (Debian's chromium, headless): the page is not blank."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from storage.engine import make_engine, session_factory
from storage.migrate import upgrade
from tests.gbawatch.test_digest import DAY, fill
from watch.digest import build_digest
from watch.digest_html import render_html_file

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def _need_chromium() -> None:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is required in CI (apt-get install chromium)")
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")


def screenshot(html_file: Path, png: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 760, "height": 1000})
            page.goto(html_file.as_uri())
            page.wait_for_load_state("load")
            assert page.evaluate(
                "document.images.length === 0 || [...document.images].every(i => i.complete "
                "&& i.naturalWidth > 0)"
            ), "the chart did not load"
            page.screenshot(path=str(png), full_page=True)
        finally:
            browser.close()


def test_the_html_digest_renders_in_chromium(tmp_path: Path) -> None:
    _need_chromium()
    from PIL import Image

    url = f"sqlite:///{tmp_path / 'digest.db'}"
    upgrade(url)
    fill(url)
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            page = render_html_file(build_digest(session, DAY, "Asia/Hong_Kong"))
    finally:
        engine.dispose()
    html_file, png = tmp_path / "digest.html", tmp_path / "digest.png"
    html_file.write_text(page, "utf-8")
    screenshot(html_file, png)
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        width, height = rgb.size
        colours = rgb.getcolors(maxcolors=1 << 20) or []
    assert width >= 700 and height >= 600
    # Not blank: many distinct colours (text, chart lines, link blue), none covering nearly everything.
    assert len(colours) > 50
    assert max(count for count, _ in colours) < 0.95 * width * height

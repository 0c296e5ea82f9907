"""The real pages of the evaluation set: labels for windows of real info.gov.hk pages that stay in
../shared/samples/real (the labels hold a page's path, two short anchors and the labelled spans, never its
text); the caller parses the pages and hands their texts in."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from nlp.errors import LabelledSetError
from nlp.eval.labelled import Paragraph, expand
from nlp.eval.paths import LABELLED_DIR

REAL_SPLITS = {"real-dev": LABELLED_DIR / "real_dev.yaml", "real-heldout": LABELLED_DIR / "real_heldout.yaml"}


@dataclass(frozen=True)
class RealPage:
    path: str            # under ../shared/samples/real
    language: str        # "en" or "zh"
    paragraph: Paragraph  # the whole page's text, its labelled window and the gold spans in it


def labelled_paths(split: str) -> list[str]:
    return [str(raw["page"]) for raw in _raw(REAL_SPLITS[split])]


def load_real(split: str, text_of: Callable[[str], str]) -> list[RealPage]:
    """The labelled pages of a split; `text_of(path)` is the page's text as the spider extracts it."""
    return [_page(raw, split, text_of(str(raw["page"]))) for raw in _raw(REAL_SPLITS[split])]


def _raw(path: Path) -> list[dict[str, Any]]:
    import yaml

    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(rows, list):
        raise LabelledSetError(f"{path}: expected a list of pages")
    return rows


def _page(raw: dict[str, Any], split: str, text: str) -> RealPage:
    """Find the window by its anchors, expand its labels there, and shift them into the page's text."""
    pid = str(raw["page"]).rsplit("/", 1)[-1]
    start, end = 0, len(text)
    window = raw.get("window") or {}
    if window.get("from"):
        start = text.find(window["from"])
        if start < 0:
            raise LabelledSetError(f"{pid}: window start {window['from']!r} not in the page's text")
    if window.get("to"):
        at = text.find(window["to"], start)
        if at < 0:
            raise LabelledSetError(f"{pid}: window end {window['to']!r} not in the page's text")
        end = at + len(window["to"])
    part = expand({**raw, "id": pid, "text": text[start:end]}, split)
    ents = tuple(replace(e, start=e.start + start, end=e.end + start) for e in part.entities)
    figs = tuple(replace(f, start=f.start + start, end=f.end + start) for f in part.figures)
    paragraph = Paragraph(pid, split, text, ents, figs, str(raw.get("local_currency", "HKD")), (start, end))
    return RealPage(str(raw["page"]), str(raw["language"]), paragraph)


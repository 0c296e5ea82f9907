"""The labelled articles the relevance model learns from: the written set in the package, and saved pages
(the mirror's, the real ones in ../shared/samples/real) named by path with a label, parsed at run time.

Real pages are never copied into the repository: their labels file holds only paths and labels.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from gbawatch.config import SourceConfig
from gbawatch.errors import InputError
from gbawatch.extract import extract_pages
from nlp import get_analyzer
from watch.relevance_inputs import signals_from_analysis, signals_from_record
from watch.relevance_train import Example

LABELS_DIR = Path(__file__).resolve().parents[1] / "watch" / "data" / "relevance"
WRITTEN = LABELS_DIR / "labelled.jsonl"
REAL_LABELS = LABELS_DIR / "real_labels.jsonl"
MIRROR_LABELS = LABELS_DIR / "mirror_labels.jsonl"


def _rows(path: Path) -> Iterator[dict[str, object]]:
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        if not isinstance(row, dict) or row.get("label") not in (0, 1):
            raise InputError(f"{path}:{number}: needs a label 0 or 1")
        yield row


def written_examples(path: Path = WRITTEN) -> list[Example]:
    """Titles and leads written for the labelled set, analysed as the pipeline would analyse a page."""
    analyser = get_analyzer()
    out = []
    for row in _rows(path):
        title, lead = str(row["title"]), str(row["lead"])
        source = str(row["source"])
        currency = "HKD" if source in ("infogov", "newsgov") else "CNY"
        analysis = analyser.analyse(lead, title=title, local_currency=currency)
        signals = signals_from_analysis(title=title, text=lead, source=source, url=_source_url(source),
                                        language=str(row["language"]), analysis=analysis)
        out.append(Example(str(row["id"]), date.fromisoformat(str(row["day"])), str(row["language"]),
                           int(str(row["label"])), signals, "written"))
    return out


def _source_url(source: str) -> str:
    """A URL on the source's host (the written set has no page URLs; government hosts are a signal)."""
    hosts = {"infogov": "www.info.gov.hk", "newsgov": "www.news.gov.hk", "szgov": "www.sz.gov.cn",
             "htcz": "htcz.sz.gov.cn", "gdgov": "www.gd.gov.cn", "gdstc": "gdstc.gd.gov.cn",
             "takungpao_hk": "www.takungpao.com.hk", "takungpao_cn": "www.takungpao.com"}
    return f"https://{hosts.get(source, 'example.org')}/"


def page_examples(root: Path, labels: Path, sources: dict[str, SourceConfig], origin: str,
                  tz: str = "Asia/Hong_Kong") -> list[Example]:
    """Saved pages under `root` named in `labels` ({path, source, label}), parsed and analysed."""
    if not root.is_dir():
        raise InputError(f"no such directory: {root}")
    out: list[Example] = []
    seen: set[str] = set()
    for row in _rows(labels):
        path = str(row["path"])
        if path in seen:
            continue
        seen.add(path)
        source = sources.get(str(row["source"]))
        if source is None:
            raise InputError(f"{labels}: unknown source {row['source']!r}")
        page = root / path
        if not page.is_file():
            raise InputError(f"{labels}: {page} is missing")
        for outcome in extract_pages(source, [page], url=f"{source.base_url.split('://')[0]}://{path}"):
            article = outcome.article
            if article is None:
                continue
            signals = signals_from_record(article)
            day = article.published_at.astimezone(ZoneInfo(tz)).date()
            out.append(Example(path, day, article.language or "zh-Hant", int(str(row["label"])), signals, origin))
    return out

"""The real pages the NLP evaluation labels (../shared/samples/real), parsed at run time as the pipeline
parses them: the labels name pages by path, the text is never copied into the repository."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from gbawatch.config import load_settings, load_sources
from gbawatch.errors import InputError
from gbawatch.extract import extract_pages
from storage.records import ArticleRecord


def parse_real_pages(root: Path, paths: Iterable[str], source_name: str = "infogov") -> dict[str, ArticleRecord]:
    """Each page under `root` at its real URL (https://{path}), as the record the spider and the
    normaliser make of it (no NLP)."""
    source = load_sources(load_settings().sources_file)[source_name]
    out: dict[str, ArticleRecord] = {}
    for path in paths:
        page = root / path
        if not page.is_file():
            raise InputError(f"{page} is missing")
        for outcome in extract_pages(source, [page], url=f"https://{path}", run_nlp=False):
            if outcome.article is None:
                raise InputError(f"{page}: {outcome.rejected}")
            out[path] = outcome.article
    return out


def twin_path(record: ArticleRecord) -> str | None:
    """The path of the page's other-language release (its link's query, such as ?fontSize=1, dropped)."""
    if not record.twin_url:
        return None
    parts = urlsplit(record.twin_url)
    return f"{parts.hostname}{parts.path}"

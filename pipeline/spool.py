"""When the database refuses a batch, keep the records on disk so that nothing crawled is lost.

Each failed batch becomes one JSON Lines file in the spool directory; `gbawatch ingest --spool DIR`
stores them once the database is back, and removes a file only after its batch is committed.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import datetime
from pathlib import Path

from pipeline.errors import UnreadableSpool
from storage.article_views import record_from_json, spool_json
from storage.records import ArticleRecord


def write_spool(directory: Path, records: list[ArticleRecord]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"batch-{datetime.now().strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}.jsonl"
    partial = final.with_suffix(".part")
    with partial.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(spool_json(record), ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    partial.rename(final)  # a reader never sees half a batch
    return final


def read_spool(path: Path) -> list[ArticleRecord]:
    """The batch's records; UnreadableSpool (naming the line) if any line is not a whole record."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableSpool(f"{path.name}: {exc}") from exc
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            records.append(record_from_json(json.loads(line)))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            # A line cut by a full disk or a crash, or a file that is not one of ours.
            raise UnreadableSpool(f"{path.name} line {number}: {type(exc).__name__}: {exc}") from exc
    return records


def spool_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("batch-*.jsonl")) if directory.is_dir() else []

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
    return [record_from_json(json.loads(line)) for line in path.read_text("utf-8").splitlines() if line.strip()]


def spool_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("batch-*.jsonl")) if directory.is_dir() else []

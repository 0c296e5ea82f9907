"""When the database refuses a batch, keep the records on disk so that nothing crawled is lost.

Each failed batch becomes one JSON Lines file in the spool directory; `gbawatch ingest --spool DIR`
stores them once the database is back, and removes a file only after its batch is committed.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import asdict, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from storage.records import ArticleRecord, FigureRecord, MentionRecord

_DATETIME_FIELDS = {"published_at", "fetched_at"}


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot spool {type(value).__name__}")


def write_spool(directory: Path, records: list[ArticleRecord]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"batch-{datetime.now().strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}.jsonl"
    partial = final.with_suffix(".part")
    with partial.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(asdict(record), ensure_ascii=False, default=_encode) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    partial.rename(final)  # a reader never sees half a batch
    return final


def read_spool(path: Path) -> list[ArticleRecord]:
    records = []
    known = {f.name for f in fields(ArticleRecord)}
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        data = json.loads(line)
        data = {k: v for k, v in data.items() if k in known}
        for key in _DATETIME_FIELDS:
            if data.get(key):
                data[key] = datetime.fromisoformat(data[key])
        data["mentions"] = [MentionRecord(**{**m, "aliases": tuple(m.get("aliases", ()))})
                            for m in data.get("mentions", [])]
        data["figures"] = [FigureRecord(**f) for f in data.get("figures", [])]
        records.append(ArticleRecord(**data))
    return records


def spool_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("batch-*.jsonl")) if directory.is_dir() else []

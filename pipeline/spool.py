"""When the database refuses a batch, keep the records on disk so that nothing crawled is lost.

Each failed batch becomes one JSON Lines file in the spool directory; `gbawatch ingest --spool DIR`
stores them once the database is back, and removes a file only after its batch is committed.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from datetime import datetime
from pathlib import Path

from pipeline.errors import SpoolFailed
from storage.article_views import record_from_json, spool_json
from storage.records import ArticleRecord


def write_spool(directory: Path, records: list[ArticleRecord]) -> Path:
    """Write the batch durably as one file; SpoolFailed (and no file at all) if the disk will not take it."""
    final = directory / f"batch-{datetime.now().strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}.jsonl"
    partial = final.with_suffix(".part")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with partial.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(spool_json(record), ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        partial.rename(final)  # a reader never sees half a batch
        _sync_directory(directory)  # the rename itself survives a power cut
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)  # half a batch must not look like a kept one
        reason = exc.strerror or str(exc)
        raise SpoolFailed(f"could not keep {len(records)} articles in the spool {directory}: {reason}") from exc
    return final


def _sync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def read_spool(path: Path) -> list[ArticleRecord]:
    return [record_from_json(json.loads(line)) for line in path.read_text("utf-8").splitlines() if line.strip()]


def spool_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("batch-*.jsonl")) if directory.is_dir() else []

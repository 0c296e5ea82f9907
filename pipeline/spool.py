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

from pipeline.errors import SpoolFailed, UnreadableSpool
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

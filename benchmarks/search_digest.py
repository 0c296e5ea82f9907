"""A digest of what search and trends answer on an archive_scale archive: to prove a refactoring changed nothing.

    .venv/bin/python benchmarks/search_digest.py /tmp/gbawatch-bench/archive.db results.tsv

Runs every query class of benchmarks/archive_scale.py (both orders, with and without the phrase prefilter,
snippets and scores included), entity filters, entity resolution, trends in every bucket (rollup and
per-article paths: by source, another time zone, a range off local midnights) and rising entities (both
paths), then prints one digest and writes every answer to the TSV. Run it before and after a change, on the
same archive (the query path) or on archives built by each side (the index path): equal digests, equal
answers; `diff` the TSVs to see where they differ.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import archive_scale as bench  # noqa: E402

from storage.engine import make_engine, session_factory  # noqa: E402
from storage.search import Order, SearchFilters, resolve_entities, search  # noqa: E402
from storage.trends import Bucket, mention_counts, rising  # noqa: E402

MORE_QUERIES = ["河套 OR 前海 -量子", "(量子 OR 芯片) 實驗室", "科學"]


def answers(path: Path) -> dict[str, Any]:
    engine = make_engine(f"sqlite:///{path}")
    out: dict[str, Any] = {}
    try:
        queries = bench.ONE_WORD + bench.TWO_WORDS + bench.PHRASES + bench.joined_phrases(engine) + MORE_QUERIES
        with session_factory(engine)() as session:
            for query in queries:
                for order in Order:
                    for prefilter in (True, False):
                        hits = search(session, query, order=order, limit=20, prefilter=prefilter)
                        found = [(h.article_id, round(h.score, 6), h.snippet) for h in hits]
                        out[f"{query}|{order}|{prefilter}"] = found
            since, until = datetime(2023, 1, 1, tzinfo=UTC), datetime(2024, 1, 1, tzinfo=UTC)
            for name in bench.ENTITIES:
                filters = SearchFilters(entities=(name,), since=since, until=until)
                out[f"entity {name}"] = [(h.article_id, h.snippet) for h in search(session, "", filters=filters)]
                ids = resolve_entities(session, name)
                out[f"ids {name}"] = ids
                for bucket in Bucket:
                    out[f"trend {name} {bucket}"] = mention_counts(session, ids, bucket=bucket)
                out[f"trend {name} by source"] = mention_counts(
                    session, ids, bucket=Bucket.MONTH, by_source=True, since=since, until=until
                )
                out[f"trend {name} utc"] = mention_counts(session, ids, tz="UTC", since=since, until=until)
            out["rising (rollup)"] = rising(session, end=datetime(2024, 1, 1, tzinfo=UTC))
            out["rising (articles)"] = rising(session, end=datetime(2023, 6, 1, 5, tzinfo=UTC))
    finally:
        engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path, help="an SQLite archive left by benchmarks/archive_scale.py")
    parser.add_argument("output", type=Path, help="every answer, one line each (TSV)")
    args = parser.parse_args()
    out = answers(args.archive)
    digest = hashlib.sha256()
    for key in sorted(out):
        digest.update(repr((key, out[key])).encode())
    hits = sum(len(value) for key, value in out.items() if "|" in key)
    args.output.write_text("\n".join(f"{key}\t{out[key]!r}" for key in sorted(out)), encoding="utf-8")
    print(f"{len(out)} result sets, {hits} search hits; digest {digest.hexdigest()[:16]}")


if __name__ == "__main__":
    main()

"""PostgreSQL: our GIN tsvector (CJK bigrams) beside a pg_trgm GIN index on the Simplified text, same data.

    .venv/bin/python benchmarks/pg_search_choice.py --articles 50000

Times the one-word, two-word and phrase query classes of benchmarks/archive_scale.py three ways: the
tsvector search (storage.search, newest first), ILIKE served by a pg_trgm GIN index, and ILIKE with no
index. pg_trgm can only use its index for terms of three or more characters.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "pg_search_choice.txt"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import psycopg  # noqa: E402
from archive_scale import ONE_WORD, PHRASES, TWO_WORDS, N, generate, log, timed  # noqa: E402
from sqlalchemy import text  # noqa: E402

from storage.engine import make_engine, session_factory  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.search import Order, search  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--postgres-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    plain = args.postgres_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        conn.execute("DROP SCHEMA IF EXISTS bench_choice CASCADE")
        conn.execute("CREATE SCHEMA bench_choice")
    url = f"{args.postgres_url}?options=-csearch_path%3Dbench_choice"
    try:
        upgrade(url)
        engine = make_engine(url)
        try:
            generate(engine, args.articles)
            with engine.begin() as conn:
                conn.execute(text("CREATE INDEX ix_trgm ON article USING gin (text_simplified public.gin_trgm_ops)"))
                conn.execute(text("ANALYZE article"))
            sessions = session_factory(engine)
            state = {"i": 0}

            def pick(items: list[str]) -> str:
                state["i"] += 1
                return items[state["i"] % len(items)]

            def tsvector(queries: list[str]) -> Any:
                def go() -> int:
                    with sessions() as session:
                        return len(search(session, pick(queries), order=Order.RECENT))

                return go

            def like(queries: list[str], indexed: bool) -> Any:
                def go() -> int:
                    words = [N(w.strip('"')) for w in pick(queries).split()]
                    where = " AND ".join(f"text_simplified ILIKE :w{i}" for i in range(len(words)))
                    with engine.begin() as conn:
                        if not indexed:
                            conn.execute(text("SET LOCAL enable_bitmapscan = off"))
                        return len(
                            conn.execute(
                                text(f"SELECT id FROM article WHERE {where} ORDER BY published_at DESC LIMIT 20"),
                                {f"w{i}": f"%{w}%" for i, w in enumerate(words)},
                            ).all()
                        )

                return go

            lines = [f"PostgreSQL, {args.articles:,} articles: p50 / p95 ms (newest 20 matches)"]
            lines.append(f"{'query':14} {'tsvector':>17} {'pg_trgm ILIKE':>17} {'ILIKE, no index':>17}")
            for name, queries in [("one word", ONE_WORD), ("two-word AND", TWO_WORDS), ("phrase", PHRASES)]:
                cells = []
                for fn in (tsvector(queries), like(queries, True), like(queries, False)):
                    p50, p95, _ = timed(fn, args.runs)
                    cells.append(f"{p50:7.1f} / {p95:7.1f}")
                lines.append(f"{name:14} {cells[0]:>17} {cells[1]:>17} {cells[2]:>17}")
            print("\n".join(lines))
            with RESULTS.open("a", encoding="utf-8") as out:
                out.write(f"# {' '.join(['benchmarks/pg_search_choice.py', *sys.argv[1:]])}\n")
                out.write("\n".join(lines) + "\n\n")
        finally:
            engine.dispose()
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute("DROP SCHEMA IF EXISTS bench_choice CASCADE")
    log("done")


if __name__ == "__main__":
    main()

"""Archive at scale: ingest rate, size, search and trends latency beside a LIKE scan (SQLite, PostgreSQL).

    .venv/bin/python benchmarks/archive_scale.py --sqlite 1000000 --postgres 200000

Generates the archive (benchmarks/archive_corpus.py), stores it with Core executemany (the triggers queue
every article), indexes it with storage.archive_index.index_pending (the archive's search key), then times each
query class through the same API the CLI uses (storage.search.search / storage.trends.mention_counts, a
fresh session per query, warm cache) beside a LIKE '%…%' scan answering the same question on the same data.
Results are appended to benchmarks/results/archive_scale.txt.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from archive_corpus import SOURCES, Corpus  # noqa: E402
from sqlalchemy import Engine, func, insert, select, text  # noqa: E402

from storage.archive_index import index_pending  # noqa: E402
from storage.engine import make_engine, session_factory  # noqa: E402
from storage.fts import document_grams  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models import Article, Entity, Figure, Mention, Source  # noqa: E402
from storage.search import Order, SearchFilters, resolve_entities, search  # noqa: E402
from storage.search_key import search_key  # noqa: E402
from storage.trends import Bucket, mention_counts  # noqa: E402

RESULTS = REPO / "benchmarks" / "results" / "archive_scale.txt"
ONE_WORD = ["量子", "河套", "芯片", "人工智能", "生物醫藥", "前海", "孵化器", "跨境", "实验室", "金融科技"]
TWO_WORDS = [
    "河套 量子",
    "前海 金融科技",
    "人工智能 算力",
    "生物医药 实验室",
    "跨境 数据",
    "量子 芯片",
    "深港 孵化器",
    "青年 创业",
]
PHRASES = [
    '"量子科技研究中心"',
    '"港澳青年创新创业"',
    '"科研数据跨境"',
    '"集成电路产业园"',
    '"联合实验室"',
    '"概念验证项目"',
    '"一签多行"',
    '"湿实验室"',
]
ENTITIES = [
    "河套深港科技創新合作區",
    "香港科學園",
    "孫東",
    "前海",
    "南方科技大學",
    "深圳灣實驗室",
    "數碼港",
    "粵港澳大灣區量子科學中心",
]
N = search_key


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def generate(engine: Engine, count: int, batch: int = 5000) -> dict[str, float]:
    corpus = Corpus()
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(Source),
            [
                {"id": i, "name": s, "kind": "bench", "base_url": "", "created_at": now}
                for i, s in enumerate(SOURCES, start=1)
            ],
        )
        conn.execute(
            insert(Entity),
            [
                {
                    "id": e.id,
                    "canonical": e.traditional,
                    "canonical_simplified": e.simplified,
                    "type": e.type,
                    "aliases": list(e.aliases),
                    "known": True,
                    "first_seen_at": now,
                    "first_article_id": None,
                }
                for e in corpus.entities
            ],
        )
    source_ids = {s: i for i, s in enumerate(SOURCES, start=1)}
    started = time.perf_counter()
    articles, mentions, figures = [], [], []
    stored = 0

    def flush() -> None:
        with engine.begin() as conn:
            conn.execute(insert(Article), articles)
            conn.execute(insert(Mention), mentions)
            conn.execute(insert(Figure), figures)
        articles.clear(), mentions.clear(), figures.clear()

    for a in corpus.articles(count):
        url = f"https://bench.test/{a['source']}/{a['id']}.html"
        articles.append(
            {
                "id": a["id"],
                "url": url,
                "url_key": url[8:],
                "fetched_url": url,
                "source_id": source_ids[a["source"]],
                "title": a["title"],
                "text": a["text"],
                "title_simplified": a["title_simplified"],
                "text_simplified": a["text_simplified"],
                "published_at": a["published_at"],
                "date_origin": "page",
                "date_missing": False,
                "author": None,
                "section": a["section"],
                "language": "zh-Hant" if a["traditional"] else "zh-Hans",
                "issuer": None,
                "content_hash": a["content_hash"],
                "twin_url": None,
                "twin_id": None,
                "extraction": "selectors",
                "keywords": [],
                "captions": [],
                "attachments": [],
                "first_seen_at": a["published_at"],
                "last_fetched_at": a["published_at"],
                "fetch_count": 1,
            }
        )
        seen = set()
        for entity_id, surface, start in a["mentions"]:
            if (entity_id, start) not in seen:
                seen.add((entity_id, start))
                mentions.append(
                    {
                        "article_id": a["id"],
                        "entity_id": entity_id,
                        "surface": surface,
                        "title": None,
                        "start": start,
                        "end": start + len(surface),
                    }
                )
        entity_id, value, unit, metric, ftext, sentence = a["figure"]
        figures.append(
            {
                "article_id": a["id"],
                "entity_id": entity_id,
                "value": value,
                "unit": unit,
                "currency": None,
                "metric": metric,
                "qualifier": None,
                "text": ftext,
                "sentence": sentence,
                "start": 0,
                "end": len(ftext),
            }
        )
        if len(articles) >= batch:
            flush()
            stored += batch
            if stored % 100000 == 0:
                log(f"stored {stored} articles ({stored / (time.perf_counter() - started):.0f}/s)")
    if articles:
        flush()
    store_seconds = time.perf_counter() - started
    log(f"stored {count} articles in {store_seconds:.0f} s; indexing")
    started = time.perf_counter()
    sessions = session_factory(engine)
    indexed = 0
    while True:
        with sessions.begin() as session:
            done = index_pending(session, batch=2000, limit=20000)
        indexed += done
        if not done:
            break
        if indexed % 100000 == 0:
            log(f"indexed {indexed} ({indexed / (time.perf_counter() - started):.0f}/s)")
    index_seconds = time.perf_counter() - started
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO article_fts(article_fts) VALUES ('optimize')"))
            conn.execute(text("INSERT INTO article_grams(article_grams) VALUES ('optimize')"))
            conn.execute(text("ANALYZE"))
    return {"store_s": store_seconds, "index_s": index_seconds}


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    fn()  # warm
    samples, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return (
        statistics.median(samples),
        samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))],
        result,
    )


def like_hits(engine: Engine, words: list[str], extra: str = "", params: dict[str, Any] | None = None) -> int:
    clauses = " AND ".join(f"(title_simplified LIKE :w{i} OR text_simplified LIKE :w{i})" for i in range(len(words)))
    values = {f"w{i}": f"%{w}%" for i, w in enumerate(words)} | (params or {})
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT id, published_at FROM article WHERE {clauses} {extra}"), values).all()
    rows.sort(key=lambda r: r[1], reverse=True)  # the newest 20 of all matches, as a LIKE-only search must
    return len(rows)


def joined_phrases(engine: Engine, count: int = 20, seed: int = 5) -> list[str]:
    """Phrases made of two common four-character n-grams joined at a shared word (科研数据 + 数据跨境), absent
    from a sample of the archive: every bigram is common, the phrase rare or nowhere (the prefilter's case)."""
    with engine.connect() as conn:
        texts = [
            N(t) for (t,) in conn.execute(text("SELECT text_simplified FROM article WHERE id % 331 = 0 LIMIT 3000"))
        ]
    counts: Counter[str] = Counter()
    for t in texts:
        counts.update(document_grams(t))
    common = sorted(counts, key=lambda g: (-counts[g], g))[:3000]  # ties by text: the same list every run
    by_head: dict[str, list[str]] = {}
    for gram in common:
        by_head.setdefault(gram[:2], []).append(gram)
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < count:
        left = rng.choice(common)
        right = by_head.get(left[2:])
        if right:
            phrase = left + rng.choice(right)[2:]
            if phrase not in out and not any(phrase in t for t in texts):
                out.append(phrase)
    return [f'"{p}"' for p in out]


def measure(engine: Engine, runs: int, scan_runs: int) -> list[tuple[str, float, float, float, float, str]]:
    sessions = session_factory(engine)
    rows = []
    cycle = {"i": 0}

    def pick(items: list[str]) -> str:
        cycle["i"] += 1
        return items[cycle["i"] % len(items)]

    def run_search(queries: list[str], **kw: Any) -> Callable[[], Any]:
        def go() -> int:
            with sessions() as session:
                return len(search(session, pick(queries), limit=20, **kw))

        return go

    def scan(queries: list[str]) -> Callable[[], Any]:
        def go() -> int:
            words = (
                [N(w.strip('"')) for w in pick(queries).split()]
                if '"' not in queries[0]
                else [N(pick(queries).strip('"'))]
            )
            return like_hits(engine, words)

        return go

    with sessions() as session:
        entity_ids = {name: resolve_entities(session, name) for name in ENTITIES}
        total = session.scalar(select(func.count(Article.id)))
        frequencies = {
            w: session.scalar(select(func.count(Article.id)).where(Article.text_simplified.contains(N(w))))
            for w in ONE_WORD[:4]
        }
    log(f"{total} articles; share containing " + ", ".join(f"{w} {n / total:.0%}" for w, n in frequencies.items()))
    since, until = datetime(2023, 1, 1, tzinfo=UTC), datetime(2024, 1, 1, tzinfo=UTC)
    for name, queries in [("one word", ONE_WORD), ("two-word AND", TWO_WORDS), ("phrase", PHRASES)]:
        p50, p95, _ = timed(run_search(queries), runs)
        r50, r95, _ = timed(run_search(queries, order=Order.RECENT), runs)
        s50, s95, _ = timed(scan(queries), scan_runs)
        rows.append((name + " (relevance)", p50, p95, s50, s95, f"{s50 / p50:.0f}×"))
        rows.append((name + " (newest first)", r50, r95, s50, s95, f"{s50 / r50:.0f}×"))
    joined = joined_phrases(engine)
    log("joined phrases: " + " ".join(joined))
    s50, s95, _ = timed(scan(joined), scan_runs)
    for label, prefilter in (("", True), (", no prefilter", False)):
        p50, p95, _ = timed(run_search(joined, prefilter=prefilter), runs)
        rows.append((f"joined phrase (relevance{label})", p50, p95, s50, s95, f"{s50 / p50:.0f}×"))

    def entity_search() -> int:
        with sessions() as session:
            name = pick(ENTITIES)
            return len(
                search(
                    session,
                    "",
                    filters=SearchFilters(entities=(name,), since=since, until=until),
                    limit=20,
                )
            )

    def entity_scan() -> int:
        name = N(pick(ENTITIES))
        return like_hits(
            engine,
            [name],
            "AND published_at >= :s AND published_at < :u",
            {"s": since.replace(tzinfo=None), "u": until.replace(tzinfo=None)}
            if engine.dialect.name == "sqlite"
            else {"s": since, "u": until},
        )

    p50, p95, _ = timed(entity_search, runs)
    s50, s95, _ = timed(entity_scan, scan_runs)
    rows.append(("entity filter + 1-year range", p50, p95, s50, s95, f"{s50 / p50:.0f}×"))

    def trends() -> int:
        with sessions() as session:
            return len(mention_counts(session, entity_ids[pick(ENTITIES)], bucket=Bucket.MONTH))

    def trends_scan() -> int:
        name = N(pick(ENTITIES))
        with engine.connect() as conn:
            month = (
                "strftime('%Y-%m', published_at)"
                if engine.dialect.name == "sqlite"
                else "to_char(published_at, 'YYYY-MM')"
            )
            return len(
                conn.execute(
                    text(f"SELECT {month}, count(*) FROM article WHERE text_simplified LIKE :w GROUP BY 1"),
                    {"w": f"%{name}%"},
                ).all()
            )

    p50, p95, _ = timed(trends, runs)
    s50, s95, _ = timed(trends_scan, scan_runs)
    rows.append(("trends: one entity, 5 years by month", p50, p95, s50, s95, f"{s50 / p50:.0f}×"))
    return rows


def size_of(engine: Engine, path: Path | None) -> str:
    if path is not None:
        total = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        return f"{total / 2**30:.2f} GiB"
    with engine.connect() as conn:
        total = conn.scalar(
            text(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n "
                "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'"
            )
        )
    return f"{int(total) / 2**30:.2f} GiB"


def run(
    label: str, url: str, count: int, runs: int, scan_runs: int, path: Path | None, measure_only: bool = False
) -> list[str]:
    log(f"{label}: {count} articles at {url}")
    engine = make_engine(url)
    try:
        if measure_only:  # an archive generated by an earlier run: time the queries again
            times = None
        else:
            upgrade(url)
            times = generate(engine, count)
        size = size_of(engine, path)
        rows = measure(engine, runs, scan_runs)
    finally:
        engine.dispose()
    if times is None:
        ingest = f"ingest: not re-measured (archive of an earlier run); database size {size}"
    else:
        total = times["store_s"] + times["index_s"]
        ingest = (
            f"ingest: {count / total:,.0f} articles/s overall (store {count / times['store_s']:,.0f}/s, "
            f"index {count / times['index_s']:,.0f}/s); database size {size}"
        )
    lines = [
        f"== {label}: {count:,} articles ==",
        ingest,
        f"{'query':38} {'p50 ms':>8} {'p95 ms':>8} {'LIKE p50':>9} {'LIKE p95':>9} {'speed-up':>8}",
    ]
    lines += [f"{n:38} {a:8.1f} {b:8.1f} {c:9.0f} {d:9.0f} {e:>8}" for n, a, b, c, d, e in rows]
    for line in lines:
        print(line, flush=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", type=int, default=1_000_000, help="articles in SQLite (0: skip)")
    parser.add_argument("--postgres", type=int, default=200_000, help="articles in PostgreSQL (0: skip)")
    parser.add_argument("--sqlite-path", type=Path, default=Path("/tmp/gbawatch-bench/archive.db"))
    parser.add_argument("--postgres-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--runs", type=int, default=40, help="timed runs per query class")
    parser.add_argument("--scan-runs", type=int, default=5, help="timed runs of each LIKE scan")
    parser.add_argument(
        "--measure-only", action="store_true", help="SQLite: time the queries on the archive left by a previous run"
    )
    args = parser.parse_args()
    lines = [
        f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores; "
        f"command: {' '.join(['benchmarks/archive_scale.py', *sys.argv[1:]])}"
    ]
    if args.sqlite:
        args.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        if not args.measure_only:
            for old in args.sqlite_path.parent.glob(args.sqlite_path.name + "*"):
                old.unlink()
        lines += run(
            "SQLite (FTS5, CJK bigrams)",
            f"sqlite:///{args.sqlite_path}",
            args.sqlite,
            args.runs,
            args.scan_runs,
            args.sqlite_path,
            args.measure_only,
        )
    if args.postgres:
        import psycopg

        plain = args.postgres_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute("DROP SCHEMA IF EXISTS bench_archive CASCADE")
            conn.execute("CREATE SCHEMA bench_archive")
        try:
            lines += run(
                "PostgreSQL (GIN tsvector, CJK bigrams)",
                f"{args.postgres_url}?options=-csearch_path%3Dbench_archive",
                args.postgres,
                args.runs,
                args.scan_runs,
                None,
            )
        finally:
            with psycopg.connect(plain, autocommit=True) as conn:
                conn.execute("DROP SCHEMA IF EXISTS bench_archive CASCADE")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n\n")


if __name__ == "__main__":
    main()

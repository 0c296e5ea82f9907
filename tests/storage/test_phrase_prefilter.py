"""The phrase prefilter: four-character n-grams narrow a phrase search without ever changing its answer."""

from __future__ import annotations

import random
import re
from datetime import timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import delete, text, update

from nlp.convert import to_traditional
from storage.archive_index import grams_pending, index_pending, pending_count, rebuild
from storage.backends.sqlite_fts5 import DOCID_MASK
from storage.engine import make_engine, session_factory
from storage.fts import GRAM, document_grams, parse_query, required_grams
from storage.migrate import alembic_config, upgrade
from storage.models import Article
from storage.search import Order, phrase_candidates, search
from storage.search_key import search_key
from tests.storage.archive_data import ARTICLES, article, day, load

N = search_key


def test_document_grams_are_the_n_grams_of_long_han_runs() -> None:
    grams = document_grams(N("河套深港科技創新合作區，量子。AI芯片研發中心"))
    assert "河套深港" in grams and "创新合作" in grams and "合作区" not in grams
    assert len({g for g in grams if g.startswith("河")}) == 1
    assert not any("量子" in g for g in grams)  # a run shorter than GRAM has none
    assert "芯片研发" in grams and not any("ai" in g.lower() for g in grams)  # Han runs only
    assert all(len(g) == GRAM for g in grams)


def test_a_query_requires_the_grams_every_match_must_hold() -> None:
    def required(query: str) -> set[str]:
        node = parse_query(query)
        assert node is not None
        return set(required_grams(node))

    assert required('"科研數據跨境"') == {"科研数据", "研数据跨", "数据跨境"}
    assert required("量子 科学") == set()  # words shorter than GRAM: nothing to narrow with
    assert required("河套合作区 前海") == {"河套合作", "套合作区"}
    assert required("河套合作区 -量子科学中心") == {"河套合作", "套合作区"}  # an exclusion requires nothing
    assert required("河套合作区 OR 前海") == set()  # one branch requires nothing
    assert required("河套合作区 OR 河套合作中心") == {"河套合作"}  # what both branches require


# A corpus in which the same clauses recur in many articles, in both scripts: long phrases whose bigrams
# are all common, joined at a shared word, are the case the prefilter exists for.
CLAUSE = re.compile(r"[^，。、；：！？\s]{4,}")


def recombined(seed: int, count: int) -> list[Any]:
    rng = random.Random(seed)
    clauses = sorted({c for record in ARTICLES for c in CLAUSE.findall(N(record.text))})
    records = []
    for index in range(count):
        chosen = rng.sample(clauses, rng.randint(3, 6))
        text = "，".join(chosen) + "。"
        title = rng.choice(clauses)
        if index % 2:
            text, title = to_traditional(text), to_traditional(title)
        records.append(
            article(
                f"https://mix.test/{index}.html",
                "szgov" if index % 3 else "takungpao_hk",
                title,
                text,
                day(1) + timedelta(hours=index),
            )
        )
    return records


def queries(seed: int, records: list[Any]) -> list[str]:
    rng = random.Random(seed)
    texts = [N(r.text) for r in records] + [N(r.title) for r in records]
    runs = [run for t in texts for run in re.findall(r"[\u4e00-\u9fff]{4,}", t)]
    out = []
    for _ in range(60):  # phrases that occur, from bodies and titles
        run = rng.choice(runs)
        start = rng.randrange(len(run) - 3)
        out.append('"' + run[start : start + rng.randint(4, 7)] + '"')
    grams = sorted({run[i : i + 4] for run in runs for i in range(len(run) - 3)})
    by_head: dict[str, list[str]] = {}
    for gram in grams:
        by_head.setdefault(gram[:2], []).append(gram)
    joined = 0
    while joined < 60:  # two common n-grams joined at a shared word: often nowhere, though both are common
        left = rng.choice(grams)
        right = by_head.get(left[2:])
        if right:
            out.append('"' + left + rng.choice(right)[2:] + '"')
            joined += 1
    for _ in range(20):  # with operators around them
        a, b = rng.sample(out[:120], 2)
        out.append(rng.choice([f"{a} {b}", f"{a} OR {b}", f"{a} -{b}", f"({a} OR 河套) 量子"]))
    return out


@pytest.mark.slow
def test_search_answers_the_same_with_and_without_the_prefilter(sessions: Any) -> None:
    records = recombined(7, 160)
    load(sessions, records)
    narrowed = 0
    for query in queries(11, records):
        for order in (Order.RELEVANCE, Order.RECENT):
            with sessions() as session:
                with_it = [h.article_id for h in search(session, query, order=order, limit=200)]
                without = [
                    h.article_id for h in search(session, query, order=order, limit=200, prefilter=False)
                ]
                node = parse_query(query)
                assert node is not None
                narrowed += phrase_candidates(session, node) is not None
            assert with_it == without, (query, order)
    assert narrowed >= 40  # the prefilter did answer many of them


def candidates(sessions: Any, query: str, cap: int = 100) -> list[int] | None:
    with sessions() as session:
        node = parse_query(query)
        assert node is not None
        return phrase_candidates(session, node, cap)


def found(sessions: Any, query: str) -> set[int]:
    with sessions() as session:
        return {h.article_id for h in search(session, query, limit=100)}


def test_candidates_are_a_small_superset_or_none(sessions: Any) -> None:
    ids = load(sessions)
    quantum = {ids[r.url] for r in ARTICLES if "量子科" in N(r.text) or "量子科" in N(r.title)}
    narrowed = candidates(sessions, '"量子科學中心"')
    assert narrowed is not None and len(narrowed) >= 2
    if sessions.kw["bind"].dialect.name == "sqlite":
        narrowed = [docid & DOCID_MASK for docid in narrowed]  # FTS5 rowids hold the article id
    assert set(narrowed) <= quantum
    assert candidates(sessions, '"科學中心合作區"') == []  # both halves common, never joined
    assert candidates(sessions, '"量子科學中心"', cap=1) is None  # too many to check one by one
    assert candidates(sessions, "量子") is None  # nothing long enough to narrow with


def test_edited_and_deleted_articles_are_never_found_by_stale_grams(sessions: Any) -> None:
    ids = load(sessions)
    url = next(r.url for r in ARTICLES if "量子科學中心" in r.text)
    with sessions.begin() as session:
        session.execute(
            update(Article).where(Article.id == ids[url]).values(title="南沙", text="南沙發布海洋經濟扶持措施")
        )
        index_pending(session)
    assert ids[url] not in found(sessions, '"量子科學中心"')
    assert found(sessions, '"海洋經濟扶持"') == {ids[url]}
    assert candidates(sessions, '"海洋經濟扶持"') is not None  # answered through the prefilter
    with sessions.begin() as session:
        session.execute(delete(Article).where(Article.id == ids[url]))
    assert found(sessions, '"海洋經濟扶持"') == set()
    with sessions.begin() as session:
        rebuild(session)
    assert candidates(sessions, '"海洋經濟扶持"') == []  # the rebuild dropped the leftovers


def test_an_archive_indexed_before_the_prefilter_gets_its_grams_and_is_searchable_meanwhile(db_url: str) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        sessions = session_factory(engine)
        ids = load(sessions)
        with engine.begin() as connection:  # back to an archive indexed before revision 0007
            config = alembic_config(db_url)
            config.attributes["connection"] = connection
            command.downgrade(config, "0006")
        upgrade(db_url)
        with sessions() as session:
            assert grams_pending(session) and pending_count(session) == len(ids)
        sqlite = engine.dialect.name == "sqlite"
        assert candidates(sessions, '"量子科學中心"') is None  # not used while rows are missing
        expected = found(sessions, '"量子科學中心"')
        assert len(expected) >= 2
        with sessions.begin() as session:
            assert index_pending(session) == len(ids)
            assert not grams_pending(session) and pending_count(session) == 0
            if not sqlite:
                assert session.scalar(text("SELECT count(*) FROM article_search WHERE grams IS NULL")) == 0
        assert candidates(sessions, '"量子科學中心"') is not None
        assert found(sessions, '"量子科學中心"') == expected
        assert found(sessions, '"量子科學中心合作區"') == set()
    finally:
        engine.dispose()

"""Full-text search on SQLite (FTS5) and PostgreSQL (tsvector): scripts, short words, syntax, filters."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, select, update

from storage.archive_index import index_pending, pending_count, rebuild
from storage.fts import QueryError
from storage.models import Article
from storage.repository import upsert_article
from storage.search import Order, SearchFilters, UnknownEntity, search, search_articles
from tests.storage.archive_data import day, load


def urls(sessions: Any, query: str, **kwargs: Any) -> set[str]:
    with sessions() as session:
        return {hit.url for hit in search(session, query, limit=50, **kwargs)}


def sources(sessions: Any, query: str, **kwargs: Any) -> set[str]:
    with sessions() as session:
        return {hit.source for hit in search(session, query, limit=50, **kwargs)}


# Traditional, Simplified, mixed.
CROSS_SCRIPT = ["量子科學中心", "量子科学中心", "大灣区量子科學中心", "粤港澳大灣區量子科学中心"]
VARIANTS = [
    ("中心裏", {"takungpao_hk", "takungpao_cn"}),  # 裏, 裡, 里 are one character to a searcher
    ("中心裡", {"takungpao_hk", "takungpao_cn"}),
    ("中心里", {"takungpao_hk", "takungpao_cn"}),
    ("线上", {"newsgov"}),  # the article writes 綫上
    ("線上", {"newsgov"}),
    ("著力", {"szgov"}),  # the article writes 着力
]


def test_a_query_in_either_script_finds_articles_in_both(sessions: Any) -> None:
    load(sessions)
    for query in CROSS_SCRIPT:
        assert sources(sessions, query) == {"takungpao_hk", "takungpao_cn"}, query


def test_hong_kong_variant_characters_match(sessions: Any) -> None:
    load(sessions)
    for query, expected in VARIANTS:
        assert sources(sessions, query) == expected, query


def test_one_and_two_character_words(sessions: Any) -> None:
    load(sessions)
    assert len(urls(sessions, "河套")) == 5
    assert sources(sessions, "孫") == {"newsgov"}  # a single character, also at the end of a run
    assert sources(sessions, "东") == {"newsgov"}
    assert sources(sessions, "量子") == {"takungpao_hk", "takungpao_cn", "szgov", "infogov"}
    assert sources(sessions, "hetao") == {"infogov"} and sources(sessions, "HETAO") == {"infogov"}


def test_phrases_and_boolean_operators(sessions: Any) -> None:
    load(sessions)
    assert sources(sessions, '"量子科學中心"') == {"takungpao_hk", "takungpao_cn"}
    assert sources(sessions, "「量子計算」") == {"takungpao_hk", "takungpao_cn"}
    assert urls(sessions, '"中心量子"') == set()  # both characters occur, never in this order
    assert sources(sessions, "量子 簽署") == {"infogov"}  # implicit AND
    assert sources(sessions, "量子 AND 簽署") == {"infogov"}
    assert sources(sessions, "前海 OR 孫東") == {"szgov", "newsgov"}
    assert sources(sessions, "量子 -河套") == set()
    assert sources(sessions, "量子 NOT 實驗室") == {"szgov", "infogov"}
    assert sources(sessions, "(前海 OR 孫東) 措施") == {"szgov"}
    assert sources(sessions, '"Hong Kong" mou') == {"infogov"}
    assert sources(sessions, "collab*") == {"infogov"}


def test_filters(sessions: Any) -> None:
    load(sessions)
    assert sources(sessions, "河套", filters=SearchFilters(sources=("szgov", "newsgov"))) == {
        "szgov",
        "newsgov",
    }
    assert len(urls(sessions, "河套", filters=SearchFilters(since=day(4), until=day(10)))) == 2
    assert sources(sessions, "", filters=SearchFilters(entities=("孙东",))) == {"newsgov"}  # alias, other script
    assert sources(sessions, "", filters=SearchFilters(entities=("前海深港現代服務業合作區",))) == {"szgov"}
    assert sources(sessions, "", filters=SearchFilters(entities=("前海深港现代服务业合作区",))) == {"szgov"}
    assert sources(sessions, "中心", filters=SearchFilters(entity_types=("organisation",))) == {
        "takungpao_hk",
        "takungpao_cn",
    }
    assert sources(sessions, "河套", filters=SearchFilters(sections=("新闻发布",))) == {"szgov"}
    assert sources(sessions, "量子", filters=SearchFilters(entities=("河套", "量子科学中心"))) == {
        "takungpao_hk",
        "takungpao_cn",
    }
    with pytest.raises(UnknownEntity, match="no entity called '不存在'"), sessions() as session:
        search(session, "河套", filters=SearchFilters(entities=("不存在",)))


def test_ranking_by_relevance_and_by_date(sessions: Any) -> None:
    load(sessions)
    with sessions() as session:
        relevant = search(session, "量子")
        recent = search(session, "量子", order=Order.RECENT)
    assert relevant[0].title in {"大灣區量子科學中心啟用", "大湾区量子科学中心启用"}  # in the title
    assert [h.published_at for h in recent] == sorted((h.published_at for h in recent), reverse=True)
    assert recent[0].source == "szgov"


def test_snippets_are_in_the_original_script_with_highlights(sessions: Any) -> None:
    load(sessions)
    with sessions() as session:
        hits = {h.source: h for h in search(session, "量子科学中心", mark=("[", "]"))}
    assert "[量子科學中心]" in hits["takungpao_hk"].snippet
    assert "[量子科学中心]" in hits["takungpao_cn"].snippet
    with sessions() as session:
        (hit,) = search(session, "线上", mark=("[", "]"))
    assert "[綫上]" in hit.snippet


ODD_QUERIES = [
    '"',
    '""',
    "'",
    "''; DROP TABLE article; --",
    '量子" OR 1=1 --',
    "(",
    ")",
    "((河套",
    "河套))",
    "[河套]",
    "*",
    "河套*",
    "*河套",
    "NEAR(河套 量子)",
    "河套 NEAR 量子",
    "-",
    "--",
    "- 河套",
    "河套 -",
    "AND",
    "OR OR",
    "NOT NOT 河套",
    "title:河套",
    "{title}: 河套",
    "^河套",
    "河套 + 量子",
    "河套 | 量子",
    "\\",
    "%",
    "_",
    "%河套%",
    "' OR ''='",
    "1; SELECT * FROM article",
    "河套\x00量子",
    "‘河套’",
    "「未結束",
    "河套 AND",
    "\t\n",
]


def test_odd_and_hostile_queries_give_results_or_a_clear_message(sessions: Any) -> None:
    load(sessions)
    outcomes = {}
    for query in ODD_QUERIES:
        with sessions() as session:
            try:
                outcomes[query] = len(search(session, query))
            except QueryError as exc:
                assert str(exc) and "\n" not in str(exc)
                outcomes[query] = str(exc)
    with sessions() as session:
        assert session.scalar(select(Article.id).limit(1)) is not None
    assert outcomes["((河套"] == outcomes["河套))"] == outcomes["[河套]"] == outcomes["河套*"] == 5
    assert outcomes["%河套%"] == outcomes["NOT NOT 河套"] == 5
    assert outcomes["''; DROP TABLE article; --"] == 0


@pytest.mark.parametrize("query", ["-河套", "NOT 河套", "***", "a OR -b", '"', "--"])
def test_queries_that_cannot_run_say_why(sessions: Any, query: str) -> None:
    with sessions() as session, pytest.raises(QueryError):
        search(session, query)


def test_the_index_follows_inserts_updates_and_deletes(sessions: Any) -> None:
    ids = load(sessions)
    url = "https://www.sz.gov.cn/a/3.html"
    with sessions.begin() as session:
        session.execute(update(Article).where(Article.id == ids[url]).values(text="南沙发布海洋经济措施"))
        assert pending_count(session) == 1
        assert index_pending(session) == 1
    assert urls(sessions, "海洋经济") == {url} and url not in urls(sessions, "前海 创新创业")
    with sessions.begin() as session:
        session.execute(delete(Article).where(Article.id == ids[url]))
    assert urls(sessions, "海洋经济") == set()
    with sessions.begin() as session:
        assert rebuild(session) == len(ids) - 1
    assert len(urls(sessions, "河套")) == 5


def test_the_demo_entry_point_still_works(sessions: Any) -> None:
    load(sessions)
    with sessions() as session:
        hits = search_articles(session, ["河套", "签约"], limit=5)
        assert [h.source for h in hits] == ["szgov"]
        assert hits[0].snippet and hits[0].title and hits[0].published_at
        assert search_articles(session, [], limit=5) == []


def test_articles_stored_before_the_archive_migration_get_indexed(db_url: str) -> None:
    from alembic import command

    from storage.engine import make_engine, session_factory
    from storage.migrate import alembic_config, upgrade
    from tests.storage.archive_data import ARTICLES

    # Stored by today's code, then taken back to the schema before the archive (the models describe the
    # head schema, so they cannot write an old one).
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        with session_factory(engine).begin() as session:
            for record in ARTICLES[:2]:
                upsert_article(session, record)
        with engine.begin() as connection:
            config = alembic_config(db_url)
            config.attributes["connection"] = connection
            command.downgrade(config, "0001")
        upgrade(db_url)
        sessions = session_factory(engine)
        with sessions.begin() as session:
            assert index_pending(session) == 2
        assert sources(sessions, "量子科學中心") == {"takungpao_hk", "takungpao_cn"}
    finally:
        engine.dispose()


def test_relevance_ranks_the_newest_window_but_pages_past_it(sessions: Any) -> None:
    load(sessions)
    with sessions() as session:
        everything = search(session, "河套", limit=50, rank_window=None)
        windowed = search(session, "河套", limit=50, rank_window=1)
        first = search(session, "河套", limit=1, rank_window=1)
    assert len(everything) >= 3
    # A page longer than the window ranks as many matches as it shows: nothing is cut off.
    assert {h.url for h in windowed} == {h.url for h in everything}
    # A window of one ranks only the newest match.
    newest = max(everything, key=lambda h: h.published_at)
    assert [h.url for h in first] == [newest.url]

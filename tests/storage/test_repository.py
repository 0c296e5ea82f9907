"""Storage on SQLite and PostgreSQL: migrations, idempotent upsert, twins, entities, crawl runs."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from storage.migrate import current_tables, upgrade
from storage.models import Article, Entity, Figure, Mention
from storage.records import ArticleRecord, FigureRecord, MentionRecord
from storage.repository import is_known, same_content_elsewhere, upsert_article
from storage.runs import crawl_horizon, finish_run, list_runs, start_run

HKT = timezone(timedelta(hours=8))


def record(
    url: str = "https://www.takungpao.com.hk/news/232109/2025/1010/1130089.html",
    *,
    key: str | None = None,
    text: str = "河套合作區已落地150個項目。",
    twin: str | None = None,
    mentions: list[MentionRecord] | None = None,
) -> ArticleRecord:
    return ArticleRecord(
        url=url,
        url_key=key or url.split("://", 1)[1].removeprefix("www."),
        source="takungpao_hk",
        twin_key=twin.split("://", 1)[1].removeprefix("www.") if twin else None,
        title="河套新進展",
        text=text,
        title_simplified="河套新进展",
        text_simplified=text,
        published_at=datetime(2025, 10, 10, 9, 30, tzinfo=HKT),
        content_hash=str(hash(text)),
        twin_url=twin,
        mentions=mentions or [],
        figures=[
            FigureRecord(
                value=150,
                unit="個",
                currency=None,
                metric="項目",
                qualifier=None,
                text="150個",
                sentence=text,
                start=7,
                end=11,
                entity="河套深港科技創新合作區",
            )
        ],
    )


def mention(surface: str = "河套合作區", start: int = 0) -> MentionRecord:
    return MentionRecord(
        surface=surface,
        canonical="河套深港科技創新合作區",
        canonical_simplified="河套深港科技创新合作区",
        type="project",
        title=None,
        start=start,
        end=start + len(surface),
        known=True,
        aliases=("河套合作區", "河套合作区"),
    )


def test_migrations_create_every_table_on_an_empty_database(db_url: str) -> None:
    upgrade(db_url)
    upgrade(db_url)  # a second run is a no-op
    assert {"source", "article", "entity", "mention", "figure", "crawl_run", "alembic_version"} <= current_tables(
        db_url
    )


def test_upsert_is_idempotent_and_updates_in_place(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        first = upsert_article(session, record(mentions=[mention()]))
    with sessions.begin() as session:
        again = upsert_article(session, record(mentions=[mention()]))
    with sessions.begin() as session:
        changed = upsert_article(session, record(text="河套合作區已落地200個項目。", mentions=[mention()]))
    assert first.created and not again.created and not again.changed
    assert changed.article_id == first.article_id and changed.changed
    with sessions() as session:
        assert session.scalar(select(func.count(Article.id))) == 1
        article = session.get(Article, first.article_id)
        assert article is not None and "200" in article.text and article.fetch_count == 3
        assert article.published_at == datetime(2025, 10, 10, 1, 30, tzinfo=timezone.utc)
        assert session.scalar(select(func.count(Mention.id))) == 1
        assert session.scalar(select(func.count(Entity.id))) == 1
        figure = session.scalar(select(Figure))
        assert figure is not None and figure.entity_id is not None and figure.value == 150


def test_twins_are_linked_both_ways_whichever_arrives_first(sessions) -> None:  # type: ignore[no-untyped-def]
    hk = "https://www.takungpao.com.hk/news/232109/2025/1010/1130089.html"
    cn = "https://www.takungpao.com/news/232109/2025/1010/1130089.html"
    with sessions.begin() as session:
        a = upsert_article(session, record(hk, twin=cn))
    with sessions.begin() as session:
        b = upsert_article(session, record(cn, text="河套合作区已落地150个项目。"))
    with sessions() as session:
        first, second = session.get(Article, a.article_id), session.get(Article, b.article_id)
        assert first is not None and second is not None
        assert first.twin_id == second.id and second.twin_id == first.id
        assert second.twin_url == hk


def test_lookup_helpers(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        upsert_article(session, record())
    with sessions() as session:
        assert is_known(session, "takungpao.com.hk/news/232109/2025/1010/1130089.html")
        assert not is_known(session, "takungpao.com.hk/news/232109/2025/1010/1.html")
        assert (
            same_content_elsewhere(
                session,
                source="takungpao_hk",
                content_hash=str(hash("河套合作區已落地150個項目。")),
                url_key="elsewhere",
            )
            is not None
        )


def test_naive_datetimes_are_refused(sessions) -> None:  # type: ignore[no-untyped-def]
    bad = record()
    bad.published_at = datetime(2025, 1, 1)
    with pytest.raises(Exception, match="naive datetime"), sessions.begin() as session:
        upsert_article(session, bad)


def test_crawl_runs_are_recorded(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        run_id = start_run(session, "infogov").id
    with sessions.begin() as session:
        finish_run(session, run_id, status="finished", stats={"gbawatch/stored": 3}, errors=["x"], drifting=True)
    with sessions() as session:
        [run] = list_runs(session, source="infogov")
        assert run.status == "finished" and run.stats["gbawatch/stored"] == 3 and run.drifting
        assert run.finished_at is not None and run.finished_at.tzinfo is not None


def test_the_crawl_horizon_is_the_start_of_the_latest_complete_run(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        assert crawl_horizon(session, "szgov") is None
        complete = start_run(session, "szgov")
        finish_run(session, complete.id, status="finished", stats={}, complete=True)
        killed = start_run(session, "szgov")  # left running: a crawl killed with -9
        limited = start_run(session, "szgov")
        finish_run(session, limited.id, status="finished", stats={}, complete=False)
        other = start_run(session, "infogov")
        finish_run(session, other.id, status="finished", stats={}, complete=True)
    with sessions() as session:
        assert crawl_horizon(session, "szgov") == complete.started_at
        assert killed.started_at >= complete.started_at

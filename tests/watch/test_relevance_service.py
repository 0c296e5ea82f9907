"""Relevance in the archive: scored at ingest for every profile, rescored when a profile is added."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from pipeline.ingest import IngestService
from storage.profile_models import ArticleRelevance
from storage.profiles import relevance_of, save_profile
from tests.schedules.helpers import add_article
from watch.profiles import profile_from_mapping
from watch.relevance_service import rescore_profile, score_stored


def test_scored_at_ingest_for_every_profile_and_rescored(sessions: Any, migrated_db: str) -> None:
    with sessions.begin() as session:
        save_profile(session, "traffic", {"name": "traffic", "queries": ["交通 OR 相撞"]})
        on = add_article(session, 1)
        off = add_article(session, 2, title="觀塘道交通意外", text="觀塘道今早發生交通意外，兩車相撞，三人受傷。",
                          mentions=False)
        score_stored(session, [on, off])
    with sessions() as session:
        default = relevance_of(session, [on, off], "gba-sti")
        traffic = relevance_of(session, [on, off], "traffic")
        assert default[on].score > default[off].score and default[on].why
        assert traffic[off].score > traffic[on].score
    changed = profile_from_mapping({"name": "traffic", "queries": ["河套"]})
    with sessions.begin() as session:
        save_profile(session, "traffic", changed.as_mapping())
    assert rescore_profile(sessions, changed) == 2
    with sessions() as session:
        traffic = relevance_of(session, [on, off], "traffic")
        assert traffic[on].score > traffic[off].score


def test_the_ingest_path_scores_the_batch(sessions: Any, migrated_db: str) -> None:
    from datetime import datetime, timezone

    from storage.records import ArticleRecord
    from tests.schedules.helpers import mention

    record = ArticleRecord(
        url="https://www.info.gov.hk/gia/general/202510/10/P1.htm",
        url_key="www.info.gov.hk/gia/general/202510/10/P1.htm",
        source="infogov", title="河套合作區新一批科研項目落地", text="河套合作區今日迎來新一批科研項目。",
        title_simplified="", text_simplified="", published_at=datetime(2025, 10, 10, tzinfo=timezone.utc),
        content_hash="h1", mentions=[mention("河套合作區", 0)])
    outcome = IngestService(sessions).ingest([record]).outcomes[0]
    with sessions() as session:
        rows = list(session.scalars(select(ArticleRelevance).where(ArticleRelevance.article_id == outcome.article_id)))
        assert [r.profile for r in rows] == ["gba-sti"] and rows[0].score > 0.5 and rows[0].model


def test_a_rule_with_a_profile_alerts_only_on_relevant_articles_and_says_why(sessions: Any,
                                                                             migrated_db: str) -> None:
    from datetime import datetime, timezone

    from storage.watch import add_rule, alerts_for_rule
    from watch.alerts import run_alerts

    with sessions.begin() as session:
        on = add_article(session, 1, title="河套合作區新一批科研項目落地",
                         text="香港科技園公司與深圳市科技創新局在河套合作區共建聯合實驗室，吸引科研人員進駐。")
        add_article(session, 2, title="河套區道路封閉", text="運輸署宣布河套區一段道路周末封閉，駕駛人士應改道。",
                    mentions=False)
        rule = add_rule(session, name="hetao", query="河套", channels=["feed"], profile="gba-sti",
                        min_profile_relevance=0.5, watermark_at=datetime(2000, 1, 1, tzinfo=timezone.utc))
        rule_id = rule.id
    report = run_alerts(sessions)
    assert report.alerts == 1
    with sessions() as session:
        (alert,) = alerts_for_rule(session, rule_id)
        assert alert.article_id == on
        assert alert.summary["profile_relevance"] >= 0.5 and "科技" in alert.summary["why"]

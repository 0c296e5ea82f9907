"""Trends on SQLite and PostgreSQL: counts per period and source, rising entities, figure timelines."""

from __future__ import annotations

from datetime import date
from typing import Any

from storage.search import resolve_entities
from storage.trends import Bucket, figure_timelines, first_mentions, mention_counts, rising
from tests.storage.archive_data import HETAO, QIANHAI, QUANTUM, SUN, article, day, load


def hetao(session: Any) -> list[int]:
    return resolve_entities(session, "河套合作区")


def test_counts_per_day_week_and_month(sessions: Any) -> None:
    load(sessions)
    with sessions() as session:
        ids = hetao(session)
        days = mention_counts(session, ids, bucket=Bucket.DAY)
        weeks = mention_counts(session, ids, bucket=Bucket.WEEK)
        months = mention_counts(session, ids, bucket=Bucket.MONTH)
        by_source = mention_counts(session, ids, bucket=Bucket.MONTH, by_source=True)
        limited = mention_counts(session, ids, since=day(4), until=day(10), bucket=Bucket.MONTH)
    assert [(p.period, p.articles) for p in days] == [
        (date(2025, 3, 3), 2),
        (date(2025, 3, 5), 1),
        (date(2025, 3, 8), 1),
        (date(2025, 3, 9), 1),
        (date(2025, 6, 20), 1),
    ]
    assert [(p.period, p.articles) for p in weeks] == [(date(2025, 3, 3), 5), (date(2025, 6, 16), 1)]
    assert [(p.period, p.articles) for p in months] == [(date(2025, 3, 1), 5), (date(2025, 6, 1), 1)]
    assert {(p.source, p.articles) for p in by_source if p.period == date(2025, 3, 1)} == {
        ("takungpao_hk", 1),
        ("takungpao_cn", 1),
        ("newsgov", 1),
        ("infogov", 2),
    }
    assert [(p.period, p.articles) for p in limited] == [(date(2025, 3, 1), 3)]


def test_days_are_local_days(sessions: Any) -> None:
    # 2025-03-31 23:30 in Hong Kong is still March there, though April has begun nowhere in UTC.
    load(
        sessions,
        [
            article(
                "https://x.hk/late.html",
                "newsgov",
                "深夜",
                "前海消息",
                day(31, hour=23).replace(minute=30),
                entities=(QIANHAI,),
            ),
            article(
                "https://x.hk/early.html",
                "newsgov",
                "凌晨",
                "前海消息",
                day(1, month=4, hour=0),
                entities=(QIANHAI,),
            ),
        ],
    )
    with sessions() as session:
        ids = resolve_entities(session, "前海")
        assert [p.period for p in mention_counts(session, ids)] == [date(2025, 3, 31), date(2025, 4, 1)]


def test_rising_entities_and_first_mentions(sessions: Any) -> None:
    records = []
    for i in range(8):  # 前海: steady, twice a week for four weeks, twice in the last week
        records.append(
            article(
                f"https://x.hk/q{i}.html",
                "szgov",
                "前海",
                "前海消息",
                day(1 + 3 * i, month=2),
                entities=(QIANHAI,),
            )
        )
    for i in range(2):
        records.append(
            article(f"https://x.hk/q-now{i}.html", "szgov", "前海", "前海近况", day(3 + i), entities=(QIANHAI,))
        )
    for i in range(4):  # 量子: new this week
        records.append(article(f"https://x.hk/z{i}.html", "szgov", "量子", "量子中心", day(2 + i), entities=(QUANTUM,)))
    records.append(article("https://x.hk/sun.html", "newsgov", "孫東", "孫東表示", day(4), entities=(SUN,)))
    load(sessions, records)
    with sessions() as session:
        movers = rising(session, end=day(7, hour=0), min_articles=2)
        assert [(m.canonical, m.current, m.baseline, m.new) for m in movers] == [
            (QUANTUM[0], 4, 0, True),
            (QIANHAI[0], 2, 8, False),
        ]
        assert movers[0].score == 2.322  # log2(5 / 1)
        assert movers[1].score == 0.0  # log2(3 / 3): as usual
        assert rising(session, end=day(7, hour=0), min_articles=2, types=("person",)) == []
        firsts = first_mentions(session, [m.entity_id for m in movers])
        assert firsts[movers[0].entity_id] == day(2) and firsts[movers[1].entity_id] == day(1, month=2)


def test_figure_timeline_of_an_entity(sessions: Any) -> None:
    load(sessions)
    with sessions() as session:
        (timeline,) = figure_timelines(session, hetao(session))
        assert figure_timelines(session, hetao(session), metric="项目") == [timeline]
        assert figure_timelines(session, hetao(session), metric="資金") == []
    assert [(f.value, f.source, f.changed) for f in timeline.figures] == [
        (150, "newsgov", False),
        (200, "szgov", True),
    ]
    assert "已落地150個項目" in timeline.figures[0].sentence
    assert timeline.figures[1].url == "https://www.sz.gov.cn/a/4.html" and timeline.figures[0].published_at == day(5)
    assert HETAO[0]

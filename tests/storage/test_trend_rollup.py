"""The entity_day_count rollup stays equal to a recount of the mentions, whatever writes (SQLite, PostgreSQL)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import delete, func, select, text, update

from storage.archive_models import ROLLUP_UTC_OFFSET, EntityDayCount
from storage.models import Article, Mention
from storage.repository import upsert_article
from storage.trends import Bucket, mention_counts, rising
from tests.storage.archive_data import HETAO, QIANHAI, QUANTUM, SUN, article

ENTITIES = (HETAO, QIANHAI, QUANTUM, SUN)
SOURCES = ("takungpao_hk", "takungpao_cn", "infogov")
START = datetime(2025, 1, 1, tzinfo=timezone.utc)


def recount(session: Any) -> dict[tuple[int, date, int], tuple[int, int]]:
    """The rollup's answer computed from scratch, in Python, from the article and mention rows."""
    counts: dict[tuple[int, date, int], list[Any]] = {}
    rows = session.execute(
        select(Mention.entity_id, Mention.article_id, Article.published_at, Article.source_id).join(
            Article, Article.id == Mention.article_id
        )
    )
    for entity_id, article_id, published_at, source_id in rows:
        day = published_at.astimezone(timezone(ROLLUP_UTC_OFFSET)).date()
        entry = counts.setdefault((entity_id, day, source_id), [set(), 0])
        entry[0].add(article_id)
        entry[1] += 1
    return {key: (len(ids), n) for key, (ids, n) in counts.items()}


def rollup(session: Any) -> dict[tuple[int, date, int], tuple[int, int]]:
    rows = session.execute(select(EntityDayCount))
    return {(r.entity_id, r.day, r.source_id): (r.articles, r.mentions) for (r,) in rows}


def random_record(rng: random.Random, n: int) -> Any:
    # Hours near midnight HKT (16:00 UTC) so that moving an article often changes its local day.
    when = START + timedelta(days=rng.randrange(20), hours=rng.choice([15, 16, 17, 3]), minutes=rng.randrange(60))
    picked = tuple(rng.sample(ENTITIES, rng.randint(0, 3)))
    body = "".join(e[0] for e in picked) * rng.randint(1, 2) + f"第{n}篇。"
    return article(
        f"https://example.org/{rng.randrange(12)}", rng.choice(SOURCES), f"t{n}", body, when, entities=picked
    )


def test_rollup_equals_a_recount_after_random_writes(sessions: Any) -> None:
    rng = random.Random(20261127)
    for step in range(60):
        with sessions() as session, session.begin():
            action = rng.random()
            ids = list(session.scalars(select(Article.id)))
            if action < 0.55 or not ids:
                upsert_article(session, random_record(rng, step))  # insert, or replace an article's mentions
            elif action < 0.7:
                session.execute(
                    update(Article)
                    .where(Article.id == rng.choice(ids))
                    .values(published_at=START + timedelta(days=rng.randrange(20), hours=rng.randrange(24)))
                )
            elif action < 0.8:
                session.execute(
                    text("UPDATE article SET source_id = (SELECT min(id) FROM source) WHERE id = :id"),
                    {"id": rng.choice(ids)},
                )
            elif action < 0.9:
                mention_ids = list(session.scalars(select(Mention.id)))
                if mention_ids:
                    session.execute(delete(Mention).where(Mention.id == rng.choice(mention_ids)))
            else:
                session.execute(delete(Article).where(Article.id == rng.choice(ids)))
        with sessions() as session:
            assert rollup(session) == recount(session), f"after step {step}"
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(EntityDayCount)) > 0


def test_trends_read_from_the_rollup_match_the_mentions(sessions: Any) -> None:
    rng = random.Random(7)
    with sessions() as session, session.begin():
        for n in range(40):
            upsert_article(session, random_record(rng, n))
    with sessions() as session:
        entity_id = session.scalar(select(Mention.entity_id).group_by(Mention.entity_id).order_by(func.count().desc()))
        assert entity_id is not None
        for bucket in Bucket:
            # Two ids (the same one twice) cannot use the rollup: the mentions answer; both must agree.
            from_rollup = mention_counts(session, [entity_id], bucket=bucket, by_source=True)
            from_mentions = mention_counts(session, [entity_id, entity_id], bucket=bucket, by_source=True)
            assert from_rollup == from_mentions and from_rollup
        since = datetime(2025, 1, 5, tzinfo=timezone(ROLLUP_UTC_OFFSET))
        until = datetime(2025, 1, 12, tzinfo=timezone(ROLLUP_UTC_OFFSET))
        assert mention_counts(session, [entity_id], since=since, until=until) == mention_counts(
            session, [entity_id, entity_id], since=since, until=until
        )


def test_rising_read_from_the_rollup_matches_the_mentions(sessions: Any) -> None:
    rng = random.Random(11)
    with sessions() as session, session.begin():
        for n in range(60):
            upsert_article(session, random_record(rng, n))
    midnight = datetime(2025, 1, 15, tzinfo=timezone(ROLLUP_UTC_OFFSET))
    with sessions() as session:
        for days in (3, 7):
            kwargs: dict[str, Any] = {"period": timedelta(days=days), "baseline": timedelta(days=7), "min_articles": 1}
            from_rollup = rising(session, end=midnight, **kwargs)
            # A bound off midnight reads the mentions; no article is published in that microsecond.
            from_mentions = rising(session, end=midnight + timedelta(microseconds=1), **kwargs)
            assert from_rollup == from_mentions and from_rollup

"""Story clusters on SQLite and PostgreSQL: twins and reports cluster, same-day same-zone stories do not."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from storage.archive_models import StoryCluster
from storage.clusters import Evidence, cluster_of, cluster_recent, judge, minhash, shingles
from storage.search import search
from tests.storage.archive_data import ARTICLES, day, load
from tests.storage.cluster_pairs import evaluate, load_pairs


def test_signatures_see_through_the_script() -> None:
    trad = shingles(
        "粵港澳大灣區量子科學中心昨日在河套合作區啟用".replace("粵港澳大灣區量子科學中心", "粤港澳大湾区量子科学中心")
    )
    assert len(trad) > 10
    assert (minhash(shingles("量子科学中心启用，河套合作区")) == minhash(shingles("量子科学中心启用 河套合作区"))).all()
    assert judge(Evidence(0.9, 1.0, 0, 0.0)) == "near_duplicate"
    assert judge(Evidence(0.2, 0.6, 0, 0.0)) == "same_story"
    assert judge(Evidence(0.1, 0.25, 1, 0.0)) == "same_story"
    assert judge(Evidence(0.05, 0.1, 1, 1.0)) is None
    # A 30-shingle page and a 3,000-shingle speech: one permutation in 128 agreeing by chance reads as
    # containment 0.78; it is no evidence of one story.
    chance = 1 / 128
    assert judge(Evidence(chance, min(1.0, chance * 3030 / (1 + chance) / 30), 0, 0.0)) is None


def test_twins_cluster_and_search_can_collapse_them(sessions: Any) -> None:
    ids = load(sessions)
    with sessions.begin() as session:
        report = cluster_recent(session, day(1))
        again = cluster_recent(session, day(1))  # idempotent: nothing new to link
    assert report.linked == 1 and report.clusters == 1 and again.signed == 0
    hk, cn = ids[ARTICLES[0].url], ids[ARTICLES[1].url]
    with sessions() as session:
        assert cluster_of(session, hk) == [hk, cn]
        assert cluster_of(session, ids[ARTICLES[2].url]) == [ids[ARTICLES[2].url]]
        (cluster,) = session.scalars(select(StoryCluster))
        assert cluster.size == 2 and cluster.first_published_at == day(3)
        plain = search(session, "量子科學中心")
        folded = search(session, "量子科學中心", collapse=True)
    assert len(plain) == 2 and len(folded) == 1 and len(folded[0].also) == 1


def test_clusters_outside_the_window_stay_apart(sessions: Any) -> None:
    late = ARTICLES[1].__class__(**{**ARTICLES[1].__dict__, "published_at": day(3) + timedelta(days=10)})
    load(sessions, [ARTICLES[0], late])
    with sessions.begin() as session:
        assert cluster_recent(session, day(1)).linked == 0


@pytest.mark.slow
def test_precision_and_recall_on_the_labelled_pairs(sessions: Any) -> None:
    pairs = load_pairs()
    assert len(pairs) >= 50 and sum(p["label"] == "different" for p in pairs) >= 20
    scores = evaluate(sessions, pairs)
    assert scores.precision >= 0.95, scores
    assert scores.recall >= 0.9, scores

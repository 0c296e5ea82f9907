"""The labelled pairs (tests/storage/data/cluster_pairs.jsonl) as articles; the clustering's P/R on them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from nlp.convert import to_simplified
from storage.archive_models import StoryMember
from storage.clusters import cluster_recent
from storage.records import ArticleRecord, FigureRecord, MentionRecord
from storage.repository import upsert_article

PAIRS = Path(__file__).resolve().parent / "data" / "cluster_pairs.jsonl"
BASE = datetime(2001, 1, 1, tzinfo=UTC)


def load_pairs(path: Path = PAIRS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def record(article: dict[str, Any], url: str, when: datetime) -> ArticleRecord:
    text = article["title"] + "\n" + article["text"]
    mentions = [
        MentionRecord(
            surface=c,
            canonical=c,
            canonical_simplified=to_simplified(c),
            type=t,
            title=None,
            start=0,
            end=len(c),
            known=False,
        )
        for c, t in article["entities"]
    ]
    figures = [
        FigureRecord(
            value=f["value"],
            unit=f["unit"],
            currency=None,
            metric=f["metric"],
            qualifier=None,
            text=f["text"],
            sentence=f["sentence"],
            start=0,
            end=len(f["text"]),
        )
        for f in article["figures"]
    ]
    return ArticleRecord(
        url=url,
        url_key=url.split("://", 1)[1],
        source=article["source"],
        title=article["title"],
        text=article["text"],
        title_simplified=to_simplified(article["title"]),
        text_simplified=to_simplified(article["text"]),
        published_at=when,
        content_hash=str(abs(hash(text))),
        mentions=mentions,
        figures=figures,
    )


@dataclass(frozen=True)
class Scores:
    pairs: int
    true_positive: int
    false_positive: int
    false_negative: int
    true_negative: int
    errors: tuple[str, ...]  # ids and kinds of the misjudged pairs

    @property
    def precision(self) -> float:
        return self.true_positive / max(1, self.true_positive + self.false_positive)

    @property
    def recall(self) -> float:
        return self.true_positive / max(1, self.true_positive + self.false_negative)


def evaluate(sessions: sessionmaker[Session], pairs: list[dict[str, Any]]) -> Scores:
    """Store each pair ten days from the next (pairs never meet), cluster, compare with the labels."""
    ids: list[tuple[int, int]] = []
    with sessions.begin() as session:
        for k, pair in enumerate(pairs):
            a_time = datetime.fromisoformat(pair["a"]["published_at"])
            b_time = datetime.fromisoformat(pair["b"]["published_at"])
            anchor = BASE + timedelta(days=10 * k)
            a = upsert_article(session, record(pair["a"], f"https://pairs.test/{pair['id']}/a", anchor))
            b = upsert_article(
                session, record(pair["b"], f"https://pairs.test/{pair['id']}/b", anchor + (b_time - a_time))
            )
            ids.append((a.article_id, b.article_id))
    with sessions.begin() as session:
        cluster_recent(session, BASE - timedelta(days=30), until=BASE + timedelta(days=10 * len(pairs) + 30))
    with sessions() as session:
        cluster = dict(session.execute(select(StoryMember.article_id, StoryMember.cluster_id)).all())
    tp = fp = fn = tn = 0
    errors = []
    for pair, (a, b) in zip(pairs, ids, strict=True):
        predicted = a in cluster and cluster.get(a) == cluster.get(b)
        actual = pair["label"] == "same"
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
        tn += not actual and not predicted
        if predicted != actual:
            errors.append(f"{pair['id']}:{pair['kind']}")
    return Scores(len(pairs), tp, fp, fn, tn, tuple(errors))

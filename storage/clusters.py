"""Story clusters: near-duplicates and same-story articles across sources and scripts (MinHash + LSH).

Each article gets a MinHash signature of its 4-shingles, taken from its Simplified text: runs of four tokens,
a token being one Han character or one word of letters or digits (punctuation and spaces dropped), so a
Traditional page and its Simplified twin have the same shingles. Chinese is shingled by characters, English
by words: four letters in a row say nothing of a story (every English page holds most of "tion", "ment").
Candidates are articles within a time window that share an LSH bucket (64 bands of 2 rows: likely from
Jaccard ≈ 0.15 up) or report the same figure. A candidate pair joins one cluster if

- near_duplicate: estimated Jaccard ≥ 0.6 (script twins, reposts), or
- same_story: the shorter article is ≥ 0.5 contained in the longer (a report quoting a release), or ≥ 0.2
  contained and the two share a figure or half their entities.

Two different stories about the same zone on the same day share entities but little text, so they stay
apart (benchmarks/cluster_eval.py measures this on tests/storage/data/cluster_pairs.jsonl).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from storage.archive_models import ArticleSignature, StoryBand, StoryCluster, StoryMember
from storage.models import Article, Figure, Mention
from storage.mutex import hold
from storage.types import utcnow

SHINGLE = 4
PERMUTATIONS = 128
BANDS, ROWS = 64, 2
NEAR_DUPLICATE = 0.6
CONTAINED = 0.5
CONTAINED_WITH_EVIDENCE = 0.2
MIN_AGREEING = 4  # permutations that must agree before a containment estimate means anything
_PRIME = np.uint64(4294967311)  # the first prime above 2**32
_rng = np.random.default_rng(20251010)  # fixed: signatures must be comparable across runs
_A = _rng.integers(1, 2**32 - 1, size=PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, 2**32 - 1, size=PERMUTATIONS, dtype=np.uint64)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(f"[{_HAN}]|[^\\W_{_HAN}]+")
# Signatures made by another shingling are stale: the stored hash is the content hash seen through this.
SHINGLING = "tokens-4"


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """k-token shingles of the text: a token is a Han character or a word of letters or digits."""
    tokens = _TOKEN.findall(text.lower())
    if len(tokens) <= k:
        return {"\x1f".join(tokens)} if tokens else set()
    return {"\x1f".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


def signed_hash(content_hash: str) -> str:
    """What a signature records of its article: the content hash and the shingling (64 hex characters)."""
    return hashlib.sha256(f"{SHINGLING}:{content_hash}".encode()).hexdigest()


def minhash(items: Iterable[str]) -> np.ndarray:
    """uint32 MinHash signature (PERMUTATIONS values); all-ones for an empty set."""
    hashes = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in items), dtype=np.uint64)
    if hashes.size == 0:
        return np.full(PERMUTATIONS, 0xFFFFFFFF, dtype=np.uint32)
    permuted = (hashes[:, None] * _A[None, :] + _B[None, :]) % _PRIME
    return (permuted.min(axis=0) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def bands(signature: np.ndarray) -> list[int]:
    """One bucket per band: a signed 32-bit hash of the band's rows."""
    rows = signature.reshape(BANDS, ROWS)
    return [zlib.crc32(row.tobytes()) - 2**31 for row in rows]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


@dataclass(frozen=True)
class Evidence:
    jaccard: float
    containment: float  # of the shorter article in the longer, estimated from the Jaccard and sizes
    shared_figures: int
    entity_overlap: float  # Jaccard of the entity sets


def judge(evidence: Evidence) -> str | None:
    """'near_duplicate', 'same_story' or None (see the module docstring).

    Containment is estimated from the Jaccard and the two sizes, so between a short article and a long one a
    single agreeing permutation reads as high containment: it counts only when a few permutations agree
    (a short release fully quoted in a long speech still has a Jaccard well above that)."""
    if evidence.jaccard >= NEAR_DUPLICATE:
        return "near_duplicate"
    if evidence.jaccard < MIN_AGREEING / PERMUTATIONS:
        return None
    if evidence.containment >= CONTAINED:
        return "same_story"
    if evidence.containment >= CONTAINED_WITH_EVIDENCE and (evidence.shared_figures or evidence.entity_overlap >= 0.5):
        return "same_story"
    return None


def containment(j: float, size_a: int, size_b: int) -> float:
    if not size_a or not size_b:
        return 0.0
    shared = j * (size_a + size_b) / (1 + j)
    return min(1.0, shared / min(size_a, size_b))


def sign(session: Session, article_ids: Sequence[int]) -> int:
    """Compute signatures and LSH buckets for the articles whose signature is missing or stale."""
    signed = 0
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start : start + 500])
        rows = session.execute(
            select(
                Article.id,
                Article.title_simplified,
                Article.text_simplified,
                Article.title,
                Article.text,
                Article.content_hash,
                ArticleSignature.content_hash,
            )
            .outerjoin(ArticleSignature, ArticleSignature.article_id == Article.id)
            .where(Article.id.in_(chunk))
        ).all()
        stale = [r for r in rows if r[6] != signed_hash(r[5])]
        if not stale:
            continue
        ids = [r[0] for r in stale]
        session.execute(delete(ArticleSignature).where(ArticleSignature.article_id.in_(ids)))
        session.execute(delete(StoryBand).where(StoryBand.article_id.in_(ids)))
        signatures, buckets = [], []
        for article_id, title_s, text_s, title, text, content_hash, _ in stale:
            items = shingles((title_s or title) + "\n" + (text_s or text))
            signature = minhash(items)
            signatures.append(
                {
                    "article_id": article_id,
                    "content_hash": signed_hash(content_hash),
                    "minhash": signature.tobytes(),
                    "shingles": len(items),
                }
            )
            buckets += [{"article_id": article_id, "band": i, "bucket": b} for i, b in enumerate(bands(signature))]
        session.execute(insert(ArticleSignature), signatures)
        session.execute(insert(StoryBand), buckets)
        signed += len(stale)
    return signed


@dataclass(frozen=True)
class ClusterReport:
    articles: int  # articles considered
    signed: int
    candidates: int  # candidate pairs compared
    linked: int  # pairs judged the same story
    clusters: int  # clusters touched


def cluster_recent(
    session: Session, since: datetime, *, until: datetime | None = None, window: timedelta = timedelta(days=3)
) -> ClusterReport:
    """Cluster the articles published since `since` with each other and with the `window` before them."""
    upper = until or utcnow() + timedelta(days=1)
    published = _published_between(session, since - window, upper + window)
    targets = {i for i, when in published.items() if since <= when < upper}
    return _cluster(session, published, targets, window)


def cluster_articles(session: Session, article_ids: Iterable[int], *, window: timedelta = timedelta(days=3)
                     ) -> ClusterReport:
    """Cluster these articles (a batch just stored) with each other and with every article published within
    `window` of one of them: the ingest service's step, so each article is compared once, when it arrives."""
    ids = list(article_ids)
    when = dict(session.execute(select(Article.id, Article.published_at).where(Article.id.in_(ids))).all())
    published: dict[int, datetime] = {}
    for start, end in _spans(sorted(when.values()), window):
        published.update(_published_between(session, start, end))
    return _cluster(session, published, set(when), window)


def _spans(times: Sequence[datetime], window: timedelta) -> list[tuple[datetime, datetime]]:
    """[t - window, t + window) around each time, overlapping spans merged (times sorted)."""
    spans: list[tuple[datetime, datetime]] = []
    for at in times:
        if spans and at - window <= spans[-1][1]:
            spans[-1] = (spans[-1][0], at + window)
        else:
            spans.append((at - window, at + window))
    return spans


def _published_between(session: Session, start: datetime, end: datetime) -> dict[int, datetime]:
    return dict(session.execute(
        select(Article.id, Article.published_at).where(Article.published_at >= start, Article.published_at < end)
    ).all())


def _cluster(session: Session, published: dict[int, datetime], targets: set[int], window: timedelta
             ) -> ClusterReport:
    """Link the targets with the articles of `published` (id -> publication time) that tell their story."""
    hold(session, "clusters")  # one clustering at a time: it reads the clusters, then rewrites them
    all_ids = sorted(published)
    signed = sign(session, all_ids)
    pairs = _candidate_pairs(session, targets, set(all_ids), published, window)
    links = _judge_pairs(session, pairs)
    touched = _store_links(session, links, published)
    return ClusterReport(len(targets), signed, len(pairs), len(links), touched)


def _candidate_pairs(
    session: Session, targets: set[int], scope: set[int], published: dict[int, datetime], window: timedelta
) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for article_id, band, bucket in session.execute(
        select(StoryBand.article_id, StoryBand.band, StoryBand.bucket).where(StoryBand.article_id.in_(scope))
    ):
        groups[(band, bucket)].append(article_id)
    by_value: dict[float, list[int]] = defaultdict(list)
    for article_id, value in session.execute(
        select(Figure.article_id, Figure.value).where(Figure.article_id.in_(scope)).distinct()
    ):
        by_value[value].append(article_id)
    for members in [*groups.values(), *by_value.values()]:
        if len(members) < 2 or len(members) > 200:  # a huge bucket is boilerplate, not a story
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a != b and (a in targets or b in targets) and abs(published[a] - published[b]) <= window:
                    pairs.add((min(a, b), max(a, b)))
    return pairs


def _judge_pairs(session: Session, pairs: set[tuple[int, int]]) -> list[tuple[int, int, float, str]]:
    ids = sorted({i for pair in pairs for i in pair})
    if not ids:
        return []
    signatures = {
        a: (np.frombuffer(m, dtype=np.uint32), n)
        for a, m, n in session.execute(
            select(ArticleSignature.article_id, ArticleSignature.minhash, ArticleSignature.shingles).where(
                ArticleSignature.article_id.in_(ids)
            )
        )
    }
    entities: dict[int, set[int]] = defaultdict(set)
    for article_id, entity_id in session.execute(
        select(Mention.article_id, Mention.entity_id).where(Mention.article_id.in_(ids))
    ):
        entities[article_id].add(entity_id)
    figures: dict[int, set[float]] = defaultdict(set)
    for article_id, value in session.execute(select(Figure.article_id, Figure.value).where(Figure.article_id.in_(ids))):
        figures[article_id].add(value)
    links = []
    for a, b in sorted(pairs):
        (sig_a, size_a), (sig_b, size_b) = signatures[a], signatures[b]
        j = jaccard(sig_a, sig_b)
        union = entities[a] | entities[b]
        evidence = Evidence(
            j,
            containment(j, size_a, size_b),
            len(figures[a] & figures[b]),
            len(entities[a] & entities[b]) / len(union) if union else 0.0,
        )
        reason = judge(evidence)
        if reason is not None:
            links.append((a, b, round(j, 3), reason))
    return links


def _store_links(session: Session, links: list[tuple[int, int, float, str]], published: dict[int, datetime]) -> int:
    """Union the linked articles with their existing clusters; returns the number of clusters touched."""
    if not links:
        return 0
    ids = sorted({i for a, b, _, _ in links for i in (a, b)})
    existing = dict(
        session.execute(
            select(StoryMember.article_id, StoryMember.cluster_id).where(StoryMember.article_id.in_(ids))
        ).all()
    )
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while x != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    for a, b, _, _ in links:
        parent[find(a)] = find(b)
    components: dict[int, list[int]] = defaultdict(list)
    for article_id in ids:
        components[find(article_id)].append(article_id)
    detail: dict[int, tuple[float, str]] = {}
    for a, b, j, reason in links:
        detail.setdefault(b, (j, reason))
        detail.setdefault(a, (j, reason))
    touched = set()
    for members in components.values():
        old = sorted({existing[m] for m in members if m in existing})
        cluster_id = old[0] if old else _new_cluster(session)
        if len(old) > 1:  # this link joins stories already clustered apart: merge into the oldest
            session.execute(
                update(StoryMember).where(StoryMember.cluster_id.in_(old[1:])).values(cluster_id=cluster_id)
            )
            session.execute(delete(StoryCluster).where(StoryCluster.id.in_(old[1:])))
        for m in members:
            if m not in existing:
                j, reason = detail[m]
                session.add(StoryMember(article_id=m, cluster_id=cluster_id, similarity=j, reason=reason))
        touched.add(cluster_id)
    session.flush()
    _refresh(session, sorted(touched))
    return len(touched)


def _new_cluster(session: Session) -> int:
    cluster = StoryCluster(size=0)
    session.add(cluster)
    session.flush()
    return cluster.id


def _refresh(session: Session, cluster_ids: list[int]) -> None:
    stats = session.execute(
        select(
            StoryMember.cluster_id,
            func.count(),
            func.min(Article.published_at),
            func.max(Article.published_at),
            func.min(Article.id),
        )
        .join(Article, Article.id == StoryMember.article_id)
        .where(StoryMember.cluster_id.in_(cluster_ids))
        .group_by(StoryMember.cluster_id)
    ).all()
    for cluster_id, size, first, last, lead in stats:
        cluster = session.get(StoryCluster, cluster_id)
        if cluster is not None:
            cluster.size, cluster.first_published_at, cluster.last_published_at = size, first, last
            cluster.lead_article_id = cluster.lead_article_id or lead
            cluster.updated_at = utcnow()
    session.flush()


def cluster_of(session: Session, article_id: int) -> list[int]:
    """The ids of the articles telling the same story as `article_id` (itself included), by date."""
    cluster_id = session.scalar(select(StoryMember.cluster_id).where(StoryMember.article_id == article_id))
    if cluster_id is None:
        return [article_id]
    return list(
        session.scalars(
            select(StoryMember.article_id)
            .join(Article, Article.id == StoryMember.article_id)
            .where(StoryMember.cluster_id == cluster_id)
            .order_by(Article.published_at, Article.id)
        )
    )


@dataclass(frozen=True)
class StoryArticle:
    article_id: int
    title: str
    source: str
    url: str
    published_at: datetime
    reason: str
    similarity: float


@dataclass(frozen=True)
class Story:
    cluster_id: int
    first_published_at: datetime | None
    articles: tuple[StoryArticle, ...]


def stories_since(session: Session, since: datetime, *, limit: int = 50) -> list[Story]:
    """Clusters with an article published since `since`, newest first, each with its articles by date."""
    from storage.models import Source  # local: only this reader needs it

    cluster_ids = list(
        session.scalars(
            select(StoryCluster.id)
            .where(StoryCluster.last_published_at >= since)
            .order_by(StoryCluster.last_published_at.desc(), StoryCluster.id.desc())
            .limit(limit)
        )
    )
    members: dict[int, list[StoryArticle]] = defaultdict(list)
    for cluster_id, article_id, title, source, url, published_at, reason, similarity in session.execute(
        select(
            StoryMember.cluster_id,
            Article.id,
            Article.title,
            Source.name,
            Article.url,
            Article.published_at,
            StoryMember.reason,
            StoryMember.similarity,
        )
        .join(Article, Article.id == StoryMember.article_id)
        .join(Source, Source.id == Article.source_id)
        .where(StoryMember.cluster_id.in_(cluster_ids))
        .order_by(Article.published_at, Article.id)
    ):
        members[cluster_id].append(StoryArticle(article_id, title, source, url, published_at, reason, similarity))
    return [Story(c, members[c][0].published_at if members[c] else None, tuple(members[c])) for c in cluster_ids]


__all__ = [
    "ClusterReport",
    "Evidence",
    "Story",
    "StoryArticle",
    "cluster_articles",
    "cluster_of",
    "cluster_recent",
    "judge",
    "minhash",
    "shingles",
    "sign",
    "stories_since",
]

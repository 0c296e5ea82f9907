"""Relevance of candidate articles to a query's phrases: BM25 computed here, over the candidates.

Why not the back ends' own ranking: FTS5's bm25() counts every match of each term in the whole archive
for its IDF before it scores a single row (seconds for a word in half the archive), and PostgreSQL's
ts_rank_cd re-reads each candidate's tsvector. Counting the phrases in the newest matches (in SQL, so
only numbers leave the database) and scoring them here gives the same order on both back ends and keeps
IDF meaningful where it matters: among the articles being ranked.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy.orm import Session

from storage.backends import backend_for

TITLE_WEIGHT = 5.0  # a title occurrence weighs five body occurrences
K1 = 1.2  # term-frequency saturation (BM25's usual value)
B = 0.75  # length normalisation (BM25's usual value)


def bm25_table(ids: np.ndarray, table: np.ndarray) -> dict[int, float]:
    """Score per article id. `table` has one row per candidate: title length, body length, the k phrases'
    counts in the title, then in the body (what `rank` reads from the database).

    Sum over phrases of IDF × saturated, length-normalised weighted frequency; IDF =
    ln(1 + (N − df + 0.5) / (df + 0.5)) over the N candidates (never negative, so a phrase every candidate
    holds still counts a little). A phrase absent from the stored text (a variant character the index
    folds but the text keeps) adds nothing; the article still matched, it just ranks lower.
    """
    if len(ids) == 0:
        return {}
    k = (table.shape[1] - 2) // 2
    if k == 0:
        return dict.fromkeys(ids.tolist(), 0.0)
    frequencies = TITLE_WEIGHT * table[:, 2 : 2 + k] + table[:, 2 + k :]
    lengths = TITLE_WEIGHT * table[:, 0] + table[:, 1]
    mean_length = float(lengths.mean()) or 1.0
    n = len(ids)
    df = (frequencies > 0).sum(axis=0)
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
    norm = (K1 * (1 - B + B * lengths / mean_length))[:, None]
    scores = (idf * frequencies * (K1 + 1) / (frequencies + norm)).sum(axis=1)
    return dict(zip(ids.tolist(), scores.tolist(), strict=True))


def rank(session: Session, article_ids: Sequence[int], phrases: Sequence[str]) -> dict[int, float]:
    """BM25 scores of the articles for the (normalised) phrases. The back end counts each phrase in the
    Simplified title and text in bytes (storage.backends.base.SearchBackend.phrase_counts), so no text
    leaves the database; lengths are in bytes too (BM25 only compares them with their mean)."""
    needles = [p for p in dict.fromkeys(phrases) if p]
    if not needles:
        return dict.fromkeys(article_ids, 0.0)
    rows = backend_for(session).phrase_counts(session, article_ids, needles)
    if not rows:
        return dict.fromkeys(article_ids, 0.0)
    widths = np.array([len(p.encode("utf-8")) for p in needles], dtype=np.int64)
    k = len(needles)
    raw = np.array(rows, dtype=np.int64)
    table = raw[:, 1:].astype(np.float64)
    # Occurrences = (size with − size without) / the phrase's size, per column.
    table[:, 2 : 2 + k] = (raw[:, 1:2] - raw[:, 3 : 3 + k]) // widths
    table[:, 2 + k :] = (raw[:, 2:3] - raw[:, 3 + k :]) // widths
    scores = bm25_table(raw[:, 0], table)
    return {i: scores.get(i, 0.0) for i in article_ids}

"""Relevance of candidate articles to a query's phrases: BM25 computed here, over the candidates.

Why not the back ends' own ranking: FTS5's bm25() counts every match of each term in the whole archive
for its IDF before it scores a single row (seconds for a word in half the archive), and PostgreSQL's
ts_rank_cd re-reads each candidate's tsvector. Counting the phrases in the newest matches (in SQL, so
only numbers leave the database) and scoring them here gives the same order on both back ends and keeps
IDF meaningful where it matters: among the articles being ranked.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

TITLE_WEIGHT = 5.0  # a title occurrence weighs five body occurrences
K1 = 1.2  # term-frequency saturation (BM25's usual value)
B = 0.75  # length normalisation (BM25's usual value)


@dataclass(frozen=True)
class Candidate:
    """An article's lengths and the occurrences of each query phrase in its title and body."""

    article_id: int
    title_length: int
    body_length: int
    title_counts: tuple[int, ...]  # one per phrase, in the query's order
    body_counts: tuple[int, ...]


def bm25(candidates: Sequence[Candidate]) -> dict[int, float]:
    """Score per article: sum over phrases of IDF × saturated, length-normalised weighted frequency.

    IDF = ln(1 + (N − df + 0.5) / (df + 0.5)) over the N candidates (never negative, so a phrase every
    candidate holds still counts a little). A phrase absent from the stored text (a variant character the
    index folds but the text keeps) adds nothing; the article still matched, it just ranks lower.
    """
    if not candidates:
        return {}
    phrases = len(candidates[0].title_counts)
    frequencies = [
        [TITLE_WEIGHT * t + b for t, b in zip(c.title_counts, c.body_counts, strict=True)] for c in candidates
    ]
    lengths = [TITLE_WEIGHT * c.title_length + c.body_length for c in candidates]
    mean_length = sum(lengths) / len(lengths) or 1.0
    n = len(candidates)
    idf = []
    for column in range(phrases):
        df = sum(1 for row in frequencies if row[column] > 0)
        idf.append(math.log(1 + (n - df + 0.5) / (df + 0.5)))
    scores = {}
    for candidate, row, length in zip(candidates, frequencies, lengths, strict=True):
        norm = K1 * (1 - B + B * length / mean_length)
        scores[candidate.article_id] = sum(w * tf * (K1 + 1) / (tf + norm) for w, tf in zip(idf, row, strict=True))
    return scores


def count_in(text: str, phrases: Sequence[str]) -> tuple[int, ...]:
    """Occurrences of each phrase in `text` (the Python twin of the SQL count, for tests and callers)."""
    return tuple(text.count(p) for p in phrases)

"""Snippets: a window of an article's text around its first match, every match in it highlighted.

Matching is done on the search key of each character (storage.search_key.fold_characters), so a query in
Simplified highlights the Traditional text it found, at the right offsets.
"""

from __future__ import annotations

from collections.abc import Sequence

from storage.fts import Phrase
from storage.search_key import fold_characters


def _match_spans(folded: str, needles: Sequence[str], start: int, end: int) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of the needles in folded[start:end], longer needles first."""
    spans: list[tuple[int, int]] = []
    for needle in needles:
        at = folded.find(needle, start)
        while 0 <= at < end:
            if not any(a < at + len(needle) and at < b for a, b in spans):
                spans.append((at, min(at + len(needle), end)))
            at = folded.find(needle, at + len(needle))
    return sorted(spans)


def snippet(
    original: str,
    simplified: str,
    phrases: Sequence[Phrase],
    *,
    mark: tuple[str, str] = ("«", "»"),
    width: int = 60,
) -> str:
    """A window of the original text around the first match, every match in it wrapped in `mark`."""
    base = simplified if len(simplified) == len(original) else original
    folded = fold_characters(base)
    needles = sorted({p.text for p in phrases if p.text}, key=len, reverse=True)
    first = min((i for i in (folded.find(n) for n in needles) if i >= 0), default=-1)
    if first < 0:
        start, end = 0, min(len(original), width * 2)
    else:
        start, end = max(0, first - width), min(len(original), first + width * 2)
    pieces, cursor = [], start
    for a, b in _match_spans(folded, needles, start, end):
        pieces += [original[cursor:a], mark[0], original[a:b], mark[1]]
        cursor = b
    pieces.append(original[cursor:end])
    body = " ".join("".join(pieces).split())
    return ("…" if start else "") + body + ("…" if end < len(original) else "")

"""Helpers of the archive commands: filters from CLI options, export rows (JSON Lines / CSV), trend charts."""

from __future__ import annotations

import csv
import json
import warnings
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gbawatch.errors import InputError
from storage.archive_index import index_pending, pending_count
from storage.archive_models import StoryMember
from storage.article_views import csv_values, export_columns, export_row
from storage.models import Article, Figure, Mention
from storage.repository import read_record
from storage.search import SearchFilters
from storage.trends import TrendPoint
from watch.safe_text import csv_cell

CHART_FONTS = [
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Source Han Sans",
    "DejaVu Sans",
]


def day_bounds(since: date | None, until: date | None, tz: str) -> tuple[datetime | None, datetime | None]:
    """[start of `since`, end of `until`) in the zone: both days included."""
    zone = ZoneInfo(tz)
    start = datetime.combine(since, time(), zone) if since else None
    end = datetime.combine(until + timedelta(days=1), time(), zone) if until else None
    if start and end and start >= end:
        raise InputError(f"--since {since} is after --until {until}")
    return start, end


def make_filters(
    *,
    sources: Sequence[str],
    since: date | None,
    until: date | None,
    entities: Sequence[str],
    types: Sequence[str],
    sections: Sequence[str],
    tz: str,
) -> SearchFilters:
    start, end = day_bounds(since, until, tz)
    return SearchFilters(
        sources=tuple(sources),
        since=start,
        until=end,
        entities=tuple(entities),
        entity_types=tuple(types),
        sections=tuple(sections),
    )


def catch_up(session: Session, *, echo: Any = None) -> int:
    """Index articles stored since the last search (the triggers queued them); returns how many."""
    waiting = pending_count(session)
    if waiting and echo is not None and waiting > 1000:
        echo(f"indexing {waiting} new or changed articles for search…")
    return index_pending(session) if waiting else 0


def _load_articles(session: Session, ids: list[int]) -> list[Article]:
    """The articles with these ids, in this order, with everything their records need."""
    query = select(Article).where(Article.id.in_(ids)).options(
        selectinload(Article.source),
        selectinload(Article.mentions).selectinload(Mention.entity),
        selectinload(Article.figures).selectinload(Figure.entity),
    )
    found = {a.id: a for a in session.scalars(query)}
    return [found[i] for i in ids if i in found]


def _export_chunk(session: Session, ids: list[int], tz: str) -> list[dict[str, Any]]:
    articles = _load_articles(session, ids)
    clusters = dict(session.execute(
        select(StoryMember.article_id, StoryMember.cluster_id).where(StoryMember.article_id.in_(ids))).all())
    rows = [export_row(read_record(a), article_id=a.id, cluster_id=clusters.get(a.id), tz=tz) for a in articles]
    session.expunge_all()  # keep memory flat over a million rows
    return rows


def _all_ids(session: Session, batch: int) -> Iterator[list[int]]:
    last = 0
    while chunk := list(session.scalars(select(Article.id).where(Article.id > last).order_by(Article.id)
                                        .limit(batch))):
        yield chunk
        last = chunk[-1]


def export_rows(session: Session, ids: Iterable[int] | None, tz: str, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Export rows (storage.article_views.export_row) in the order of `ids`, or the whole archive by id,
    loaded in batches."""
    if ids is None:
        chunks: Iterable[list[int]] = _all_ids(session, batch)
    else:
        order = list(ids)
        chunks = (order[start : start + batch] for start in range(0, len(order), batch))
    for chunk in chunks:
        yield from _export_chunk(session, chunk, tz)


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str], fields: Sequence[str] | None = None) -> int:
    """Export rows as CSV (one value per cell, storage.article_views.csv_values), text never a formula."""
    writer = csv.DictWriter(out, fieldnames=list(fields or export_columns()), extrasaction="ignore",
                            lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({k: csv_cell(v) if isinstance(v, str) else v for k, v in csv_values(row).items()})
        count += 1
    return count


def chart_format(path: Path) -> str:
    """`png` or `svg`, from the chart file's name."""
    if path.suffix.lower() not in (".png", ".svg"):
        raise InputError(f"chart file {path} must end in .png or .svg")
    return path.suffix.lower()[1:]


def write_chart(points: Sequence[TrendPoint], out: IO[bytes], *, fmt: str, title: str, bucket: str) -> None:
    """A line chart of articles per period (one line per source if the points carry sources): PNG or SVG."""
    import matplotlib

    matplotlib.use("Agg")  # no display: a file only
    import matplotlib.pyplot as plt

    series: dict[str, dict[date, int]] = {}
    for point in points:
        series.setdefault(point.source or "all sources", {})[point.period] = point.articles
    with (
        matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": CHART_FONTS}),
        warnings.catch_warnings(),
    ):
        # Without a CJK font installed, Chinese labels render as boxes; the chart is still worth writing.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        warnings.filterwarnings("ignore", message="findfont", category=UserWarning)
        figure, axes = plt.subplots(figsize=(10, 4.5))
        try:
            for name, values in sorted(series.items()):
                days: list[Any] = sorted(values)  # matplotlib plots dates; its stubs say numbers
                axes.plot(days, [values[d] for d in days], marker="o", markersize=3, label=name)
            axes.set_title(title)
            axes.set_ylabel(f"articles per {bucket}")
            axes.grid(alpha=0.3)
            if len(series) > 1:
                axes.legend(fontsize=8)
            figure.autofmt_xdate()
            figure.savefig(out, format=fmt, bbox_inches="tight")
        finally:
            plt.close(figure)

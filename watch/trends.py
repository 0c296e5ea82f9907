"""Rising entities for the digest: mentions on the day against the days before, with a daily series."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from storage.trends import mention_counts, rising

_BARS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class Rising:
    name: str
    type: str
    today: int
    baseline: float  # mean articles per day over the window before the day
    series: tuple[tuple[date, int], ...]  # the window and the day, oldest first

    @property
    def sparkline(self) -> str:
        top = max((n for _, n in self.series), default=0) or 1
        return "".join(_BARS[min(7, round(n / top * 7))] for _, n in self.series)


def rising_entities(
    session: Session, day: date, tz_name: str, *, window_days: int = 13, limit: int = 5, min_today: int = 2
) -> list[Rising]:
    """Projects, organisations and places in at least `min_today` articles on `day` whose rising score
    (storage.trends.rising: log2((today + 1) / (expected + 1))) is at least 1 against the `window_days`
    before: about twice their usual daily rate or more. Biggest rise first, with the daily series."""
    tz = ZoneInfo(tz_name)
    first = day - timedelta(days=window_days)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
    start = datetime.combine(first, time.min, tzinfo=tz)
    movers = rising(
        session,
        end=end,
        period=timedelta(days=1),
        baseline=timedelta(days=window_days),
        min_articles=min_today,
        # Officials are listed with their titles; rising is for projects and institutions.
        types=("project", "organisation", "place"),
        limit=limit * 4,
    )
    days = [first + timedelta(days=i) for i in range(window_days + 1)]
    out = []
    for mover in movers:
        if mover.score < 1:
            continue
        per_day = {
            p.period: p.articles for p in mention_counts(session, [mover.entity_id], since=start, until=end, tz=tz_name)
        }
        series = tuple((d, per_day.get(d, 0)) for d in days)
        out.append(Rising(mover.canonical, mover.type, mover.current, mover.baseline / window_days, series))
    out.sort(key=lambda r: (-(r.today - r.baseline), r.name))
    return out[:limit]

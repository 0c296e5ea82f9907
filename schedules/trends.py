"""Rising entities for the digest: mentions on the day against the days before, with a daily series."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from storage.watch import mention_times

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
    """Entities (not people) with at least `min_today` articles on `day` and more than twice their daily mean
    over the `window_days` before; biggest rise first."""
    tz = ZoneInfo(tz_name)
    first = day - timedelta(days=window_days)
    start = datetime.combine(first, time.min, tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
    days = [first + timedelta(days=i) for i in range(window_days + 1)]
    counts: dict[tuple[int, str, str], Counter[date]] = {}
    for entity_id, canonical, type_, published_at in mention_times(session, start, end):
        if type_ == "person":
            continue  # officials are listed with their titles; rising is for projects and institutions
        counts.setdefault((entity_id, canonical, type_), Counter())[published_at.astimezone(tz).date()] += 1
    rising = []
    for (_, canonical, type_), per_day in counts.items():
        today = per_day[day]
        baseline = sum(per_day[d] for d in days[:-1]) / window_days
        if today >= min_today and today > 2 * baseline:
            rising.append(Rising(canonical, type_, today, baseline, tuple((d, per_day[d]) for d in days)))
    rising.sort(key=lambda r: (-(r.today - r.baseline), r.name))
    return rising[:limit]

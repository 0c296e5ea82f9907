"""spiders/dates.py is where every spider reads a date: each format the sources print, and what is no date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from spiders.dates import (
    HKT,
    date_from_path,
    first_date,
    hkt_datetime,
    parse_chinese_footer,
    parse_date,
    parse_epoch_or_text,
    parse_timestamp,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-05-10 09:30:00", datetime(2024, 5, 10, 9, 30, tzinfo=HKT)),
    ("发布时间：2024/5/9", datetime(2024, 5, 9, tzinfo=HKT)),
    ("２０２４－０５－１０", datetime(2024, 5, 10, tzinfo=HKT)),  # full-width digits
    ("2025年10月10日（星期五）香港時間14時05分", datetime(2025, 10, 10, 14, 5, tzinfo=HKT)),
    ("Ends/Thursday, January 9, 2020\nIssued at HKT 20:12", datetime(2020, 1, 9, 20, 12, tzinfo=HKT)),
    ("Wed, 15 Jan 2025 09:30:00 +0000", datetime(2025, 1, 15, 9, 30, tzinfo=UTC)),
    ("2023-02-30", None),  # not a day of the calendar
    ("no date here", None),
    (None, None),
])
def test_parse_date_reads_every_printed_format(text: str | None, expected: datetime | None) -> None:
    assert parse_date(text) == expected


def test_the_earliest_date_in_a_text_wins() -> None:
    assert parse_date("2025年3月5日 更新於 2025-03-07") == datetime(2025, 3, 5, tzinfo=HKT)


def test_parse_timestamp_keeps_the_stated_offset() -> None:
    assert parse_timestamp("2025-06-18T10:30:00Z") == datetime(2025, 6, 18, 10, 30, tzinfo=UTC)
    plus8 = parse_timestamp(" 2025-06-18T10:30:00+08:00 ")
    assert plus8 is not None and plus8.utcoffset() == timedelta(hours=8) and plus8.hour == 10
    assert parse_timestamp("2025-06-18T10:30:00") == datetime(2025, 6, 18, 10, 30, tzinfo=HKT)
    # Not ISO: read as printed text, in HKT.
    assert parse_timestamp("2025年6月18日") == datetime(2025, 6, 18, tzinfo=HKT)
    assert parse_timestamp("") is None and parse_timestamp(None) is None


def test_parse_date_reads_an_iso_offset_as_hkt_unlike_parse_timestamp() -> None:
    """Printed dates carry no offset: parse_date takes the clock time as HKT (why both entry points exist)."""
    assert parse_date("2025-06-18T10:30:00Z") == datetime(2025, 6, 18, 10, 30, tzinfo=HKT)


def test_parse_epoch_or_text() -> None:
    noon = datetime(2024, 3, 1, 12, 0, tzinfo=HKT)
    seconds = int(noon.timestamp())
    assert parse_epoch_or_text(seconds) == noon
    assert parse_epoch_or_text(seconds * 1000) == noon  # milliseconds
    assert parse_epoch_or_text(str(seconds)) == noon
    assert parse_epoch_or_text("2024-03-01") == datetime(2024, 3, 1, tzinfo=HKT)
    assert parse_epoch_or_text(0) is None and parse_epoch_or_text(None) is None
    assert parse_epoch_or_text([seconds]) is None


def test_first_date_takes_candidates_in_order() -> None:
    assert first_date(None, "", "no date", "2024-05-20", "2024-05-21") == datetime(2024, 5, 20, tzinfo=HKT)
    assert first_date(None, "none") is None


def test_date_from_path() -> None:
    assert date_from_path("/news/232109/2025/1010/1.html") == datetime(2025, 10, 10, tzinfo=HKT)
    assert date_from_path("/chi/2025/01/20250115/20250115_093000_123.html") == datetime(
        2025, 1, 15, 9, 30, tzinfo=HKT)
    assert date_from_path("/news/2025/1340/1.html") is None  # month 13: no date
    assert date_from_path("/about/") is None


def test_chinese_footer_takes_the_time_from_the_next_line() -> None:
    assert parse_chinese_footer("完\n2020年1月9日（星期四）\n香港時間20時12分") == datetime(
        2020, 1, 9, 20, 12, tzinfo=HKT)


def test_hkt_datetime_is_none_for_an_impossible_day() -> None:
    assert hkt_datetime("2024", "02", "29") == datetime(2024, 2, 29, tzinfo=HKT)
    assert hkt_datetime("2023", "02", "29") is None
    assert hkt_datetime("2024", "1", "2", "3", "4", "5") == datetime(
        2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=8)))

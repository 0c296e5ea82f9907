"""One article record, every view of it: each field of ArticleRecord appears in each view, or the view lists
it as left out with the reason. A field added to the record fails here until every view has decided."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields, replace
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from gbawatch.archive_output import write_csv
from storage.article_views import (
    ALERT,
    EXPORT,
    EXTRACT,
    MAIL,
    RECORD_FIELDS,
    SPOOL,
    VIEWS,
    View,
    alert_article,
    export_columns,
    export_row,
    extract_json,
    plain,
    record_from_json,
    spool_json,
)
from storage.records import ArticleRecord, FigureRecord, MentionRecord
from storage.repository import read_record, upsert_article
from watch.alerts import summary_of
from watch.matching import RuleSpec, match_article
from watch.messages import alert_email, alert_json

HKT = timezone(timedelta(hours=8))
TEXT = "創新科技及工業局局長孫東表示，河套深港科技創新合作區已落地逾150個項目。\n第二段。"


def full_record() -> ArticleRecord:
    """Every field set to a value of its own, never a default."""
    return ArticleRecord(
        url="https://www.info.gov.hk/gia/general/202510/10/P1.htm",
        url_key="info.gov.hk/gia/general/202510/10/P1.htm",
        source="infogov",
        title="河套合作區新進展",
        text=TEXT,
        title_simplified="河套合作区新进展",
        text_simplified="创新科技及工业局局长孙东表示，河套深港科技创新合作区已落地逾150个项目。\n第二段。",
        published_at=datetime(2025, 10, 10, 9, 30, tzinfo=HKT),
        content_hash="c0ffee",
        fetched_url="http://127.0.0.1:8000/gia/general/202510/10/P1.htm",
        fetched_at=datetime(2025, 10, 10, 3, 0, tzinfo=timezone.utc),
        date_origin="feed",
        date_missing=True,
        author="記者甲",
        section="港聞",
        language="zh-Hant",
        issuer="創新科技及工業局",
        document_number="創科〔2025〕9號",
        twin_url="https://www.info.gov.hk/gia/general/202510/10/P2.htm",
        twin_key="info.gov.hk/gia/general/202510/10/P2.htm",
        extraction="fallback",
        keywords=["河套", "科創"],
        captions=["圖為河套"],
        attachments=[{"name": "附件一", "url": "https://www.info.gov.hk/a.pdf"}],
        local_currency="HKD",
        mentions=[
            MentionRecord("孫東", "孫東", "孙东", "person", "創新科技及工業局局長", 10, 12, True, (), "zh-Hant"),
            MentionRecord("河套深港科技創新合作區", "河套深港科技創新合作區", "河套深港科技创新合作区", "project",
                          None, 15, 26, True, ("河套", "河套合作區"), "zh-Hant"),  # sorted, as the entity keeps them
        ],
        figures=[FigureRecord(Decimal(150), "個", None, "項目", "逾", "逾150個項目", TEXT.split("\n")[0], 30, 36,
                              "河套深港科技創新合作區", "up", Decimal("200.5"), True)],
    )


def test_the_record_sets_every_field_off_its_default() -> None:
    record, blank = full_record(), ArticleRecord("", "", "", "", "", "", "", datetime.min, "")
    assert [f.name for f in fields(ArticleRecord) if getattr(record, f.name) == getattr(blank, f.name)] == []


def shows(row: dict[str, Any], view: View, name: str, record: ArticleRecord) -> bool:
    key = view.key(name)
    return key in row and row[key] not in (None, "", [], {})


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
def test_every_left_out_field_exists_and_says_why(view: View) -> None:
    assert set(view.left_out) <= set(RECORD_FIELDS), f"{view.name} leaves out fields the record lacks"
    assert all(len(reason) > 20 for reason in view.left_out.values())
    assert set(view.shown) | set(view.left_out) == set(RECORD_FIELDS)


def test_the_spool_is_lossless() -> None:
    record = full_record()
    line = json.dumps(spool_json(record), ensure_ascii=False)
    assert record_from_json(json.loads(line)) == record
    assert SPOOL.left_out == {}


def test_extract_json_shows_every_field_it_does_not_leave_out() -> None:
    record = full_record()
    data = extract_json(record)
    missing = [n for n in EXTRACT.shown if not shows(data, EXTRACT, n, record)]
    assert missing == []
    assert not set(data) & {EXTRACT.key(n) for n in EXTRACT.left_out}
    assert data["document_number"] == record.document_number  # the field export once lacked
    assert data["entities"][0] == {"text": "孫東", "canonical": "孫東", "canonical_simplified": "孙东",
                                   "type": "person", "title": "創新科技及工業局局長", "start": 10, "end": 12,
                                   "known": True, "aliases": [], "language": "zh-Hant"}
    assert data["figures"][0]["value"] == 150 and data["figures"][0]["upper"] == 200.5
    assert data["published_at"] == "2025-10-10T09:30:00+08:00"


def test_export_json_lines_and_csv_show_every_field_they_do_not_leave_out() -> None:
    record = full_record()
    row = export_row(record, article_id=7, cluster_id=3, tz="Asia/Hong_Kong")
    assert [n for n in EXPORT.shown if not shows(row, EXPORT, n, record)] == []
    assert row["id"] == 7 and row["cluster_id"] == 3 and row["officials"] == ["孫東（創新科技及工業局局長）"]
    assert row["fetched_at"] == "2025-10-10T11:00:00+08:00"  # times in the configured zone
    out = io.StringIO()
    write_csv([row], out)
    (cells,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(cells) == export_columns()
    assert [n for n in EXPORT.shown if not cells[EXPORT.key(n)]] == []
    assert cells["entities"] == "孫東;河套深港科技創新合作區" and cells["figures"] == "逾150個項目"
    assert cells["attachments"] == "https://www.info.gov.hk/a.pdf" and cells["document_number"] == "創科〔2025〕9號"
    # The views agree: a field both show has one value in both.
    extracted = extract_json(record)
    for name in set(EXPORT.shown) & set(EXTRACT.shown) - {"published_at", "fetched_at"}:
        assert row[EXPORT.key(name)] == extracted[EXTRACT.key(name)], name


def alert_summary(record: ArticleRecord) -> dict[str, Any]:
    match = match_article(RuleSpec.build("河套"), record, cluster_key="a1")
    assert match is not None
    return summary_of("hetao", record, match)


def test_the_alert_and_its_webhook_body_show_every_field_they_do_not_leave_out() -> None:
    record = full_record()
    summary = alert_summary(record)
    body = json.loads(json.dumps(alert_json(42, summary), ensure_ascii=False))
    for data in (alert_article(record), summary, body):
        assert [n for n in ALERT.shown if not shows(data, ALERT, n, record)] == []
    assert body["document_number"] == record.document_number and body["officials"] == ["孫東（創新科技及工業局局長）"]
    assert body["entities"][0] == "河套深港科技創新合作區"  # what matched comes first
    assert body["figures"][0] == {**plain(record.figures[0]), "sentence": record.figures[0].sentence}


# What a reader finds in the mail for each field the mail shows.
def _evidence(record: ArticleRecord) -> dict[str, str]:
    return {
        "url": record.url,
        "source": record.source,
        "title": record.title,
        "published_at": "2025-10-10 09:30 HKT",
        "date_missing": "no date on the page",
        "author": str(record.author),
        "section": str(record.section),
        "issuer": str(record.issuer),
        "document_number": str(record.document_number),
        "twin_url": str(record.twin_url),
        "attachments": record.attachments[0]["url"],
        "mentions": "孫東（創新科技及工業局局長）",
        "figures": "逾150個項目",
    }


def test_the_alert_mail_shows_every_field_it_does_not_leave_out() -> None:
    record = full_record()
    mail = alert_email(alert_summary(record), "Asia/Hong_Kong")
    evidence = _evidence(record)
    assert set(MAIL.shown) <= set(evidence), "say what shows the new field in the mail"
    for part in ("text", "html"):
        assert [n for n in MAIL.shown if evidence[n] not in mail[part]] == [], part
    dated = alert_email(alert_summary(replace(record, date_missing=False)), "Asia/Hong_Kong")
    assert "no date on the page" not in dated["text"]


def test_storage_keeps_every_field_but_the_nlp_hint(sessions: Any) -> None:
    record = full_record()
    with sessions.begin() as session:
        article_id = upsert_article(session, record).article_id
    with sessions() as session:
        from storage.models import Article

        stored = read_record(session.get_one(Article, article_id))
    assert stored.local_currency != record.local_currency  # not stored: the figures carry their currency
    assert replace(stored, local_currency=record.local_currency) == record


def test_a_spool_written_before_figures_had_their_facts_reads_back() -> None:
    """Older spools name a figure's subject `entity_canonical` and lack direction, upper and salience."""
    line = spool_json(full_record())
    for f in line["figures"]:
        f["entity_canonical"] = f.pop("entity")
        for key in ("direction", "upper", "salient"):
            f.pop(key)
    [figure] = record_from_json(line).figures
    assert figure.entity == "河套深港科技創新合作區"
    assert (figure.direction, figure.upper, figure.salient) == (None, None, False)

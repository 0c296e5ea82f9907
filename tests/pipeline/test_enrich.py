"""The NLP stage: mentions and figures on the record, and the reporter a lead credits when the byline is
empty (a byline the spider found is kept)."""
from __future__ import annotations

from datetime import datetime, timezone

from pipeline.enrich import enrich
from storage.records import ArticleRecord

TEXT = "【大公報訊】記者陸九如報道：河套深港科技創新合作區今年投入逾2億元。"


def record(author: str | None) -> ArticleRecord:
    return ArticleRecord(url="https://www.takungpao.com.hk/news/232109/2025/1010/1.html",
                         url_key="takungpao.com.hk/news/232109/2025/1010/1.html", source="takungpao_hk",
                         title="河套新措施", text=TEXT, title_simplified="河套新措施", text_simplified=TEXT,
                         published_at=datetime(2025, 10, 10, tzinfo=timezone.utc), content_hash="x",
                         author=author, local_currency="HKD")


def test_an_empty_byline_takes_the_reporter_the_lead_credits() -> None:
    out = enrich(record(None))
    assert out.author == "陸九如"
    assert any(m.canonical == "河套深港科技創新合作區" for m in out.mentions)
    assert [(f.text, f.currency, f.salient) for f in out.figures] == [("2億元", "HKD", True)]


def test_a_byline_the_spider_found_is_kept() -> None:
    assert enrich(record("胡永愛")).author == "胡永愛"

"""The item pipeline's stages on plain items: named rejections, normalisation, dedupe."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pipeline.dedupe import DedupeArticle
from pipeline.errors import BadUrl, DuplicateArticle, NotAnArticle, NoText, NoTitle
from pipeline.normalise import detect_language, normalise
from pipeline.validate import ValidateArticle
from spiders.items import ArticleItem, DateOrigin

HKT = timezone(timedelta(hours=8))


def item(**changes: object) -> ArticleItem:
    values: dict[str, object] = {
        "url": "https://www.takungpao.com.hk/news/232109/2025/1010/1130089.html?utm_source=x",
        "source": "takungpao_hk",
        "title": "\ufeff河套合作區　新進展 ",
        "text": "　　河套深港科技創新合作區已落地150個項目。\r\n\r\n第二段。",
        "published_at": datetime(2025, 10, 10, 9, 30, tzinfo=HKT),
        "date_origin": DateOrigin.PAGE,
        "fetched_at": datetime(2025, 10, 11, tzinfo=timezone.utc),
    }
    values.update(changes)
    return ArticleItem(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ({"title": "  \ufeff "}, NoTitle),
        ({"text": "\n \n"}, NoText),
        ({"url": "/news/1.html"}, BadUrl),
    ],
)
def test_rejections_are_named(bad: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        ValidateArticle().process_item(item(**bad))


def test_non_articles_are_rejected() -> None:
    with pytest.raises(NotAnArticle):
        ValidateArticle().process_item({"url": "x"})


def test_normalise_cleans_and_converts() -> None:
    article = normalise(item())
    assert article.url == "https://www.takungpao.com.hk/news/232109/2025/1010/1130089.html"
    assert article.url_key == "takungpao.com.hk/news/232109/2025/1010/1130089.html"
    assert article.title == "河套合作區 新進展"
    assert article.text == "河套深港科技創新合作區已落地150個項目。\n第二段。"
    assert article.text_simplified == "河套深港科技创新合作区已落地150个项目。\n第二段。"
    assert len(article.text_simplified) == len(article.text)
    assert article.language == "zh-Hant" and not article.date_missing
    assert article.published_at.utcoffset() == timedelta(hours=8)


def test_a_page_without_a_date_keeps_crawl_time_and_is_flagged() -> None:
    article = normalise(item(published_at=None, date_origin=DateOrigin.CRAWL_TIME))
    assert article.date_missing and article.published_at == datetime(2025, 10, 11, tzinfo=timezone.utc)


def test_naive_dates_from_a_spider_are_an_error_not_a_guess() -> None:
    with pytest.raises(ValueError, match="naive"):
        normalise(item(published_at=datetime(2025, 10, 10)))


def test_language_detection() -> None:
    assert detect_language("深圳市委常委、常務副市長黃敏表示，河套合作區發展迅速。") == "zh-Hant"
    assert detect_language("深圳市委常委、常务副市长黄敏表示，河套合作区发展迅速。") == "zh-Hans"
    assert detect_language("The Innovation, Technology and Industry Bureau said today.") == "en"


def test_in_run_duplicates_are_dropped() -> None:
    dedupe = DedupeArticle(sessions=None)
    dedupe.check_in_run(normalise(item()))
    with pytest.raises(DuplicateArticle):
        dedupe.check_in_run(normalise(item(url="http://takungpao.com.hk/news/232109/2025/1010/1130089.html/")))

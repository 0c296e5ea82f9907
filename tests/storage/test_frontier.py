"""The crawl frontier: remembered once per source and URL, settled by storage, given up after its attempts."""

from __future__ import annotations

from datetime import datetime, timezone

from storage.frontier import ListedArticle, due, remember, settle
from storage.repository import upsert_article
from tests.storage.test_repository import record

URL = "https://www.takungpao.com.hk/news/232109/2025/1010/1130089.html"
KEY = "takungpao.com.hk/news/232109/2025/1010/1130089.html"
LISTED = datetime(2025, 10, 10, 9, 30, tzinfo=timezone.utc)


def listed(n: int) -> ListedArticle:
    return ListedArticle(f"{URL}?n={n}" if n else URL, f"{KEY}?n={n}" if n else KEY, "parse_article",
                         "on_error", {"section": "news/232109", "listed_at": {"datetime": LISTED.isoformat()}})


def test_remembered_once_then_requested_again_until_given_up(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        assert remember(session, "takungpao_hk", [listed(1), listed(2)]) == 2
        assert remember(session, "takungpao_hk", [listed(1), listed(3)]) == 1  # listed again: one row
        assert remember(session, "takungpao_cn", [listed(1)]) == 1  # per source
    with sessions.begin() as session:
        retry, abandoned = due(session, "takungpao_hk", max_attempts=2)
        assert [e.url_key for e in retry] == [f"{KEY}?n=1", f"{KEY}?n=2", f"{KEY}?n=3"] and not abandoned
        assert retry[0] == listed(1)  # everything needed to request it again
    with sessions.begin() as session:
        retry, abandoned = due(session, "takungpao_hk", max_attempts=2)
        assert len(retry) == 3 and not abandoned
    with sessions.begin() as session:
        retry, abandoned = due(session, "takungpao_hk", max_attempts=2)
        assert not retry and len(abandoned) == 3
    with sessions.begin() as session:
        assert due(session, "takungpao_hk", max_attempts=2) == ([], [])
        assert len(due(session, "takungpao_cn", max_attempts=2)[0]) == 1


def test_a_stored_article_leaves_the_frontier(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        remember(session, "takungpao_hk", [listed(0), listed(1)])
    with sessions.begin() as session:
        upsert_article(session, record(URL, key=KEY))
    with sessions.begin() as session:
        assert settle(session, "takungpao_hk") == 1
        retry, _ = due(session, "takungpao_hk", max_attempts=3)
        assert [e.url_key for e in retry] == [f"{KEY}?n=1"]

"""The drift signal a crawl run records."""

from __future__ import annotations

from pipeline.crawl_run import drifting


def test_drift_from_fallback_share_and_from_empty_lists() -> None:
    assert not drifting({"gbawatch/s/fetched": 10, "gbawatch/s/fallback": 1}, "s")
    assert drifting({"gbawatch/s/fetched": 10, "gbawatch/s/fallback": 4}, "s")
    assert drifting({"gbawatch/s/error/empty_list": 2, "gbawatch/s/listed": 0}, "s")
    assert not drifting({"gbawatch/s/error/empty_list": 1, "gbawatch/s/listed": 12}, "s")
    assert not drifting({}, "s")

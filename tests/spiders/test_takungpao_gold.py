"""Gold tests: every mirrored Ta Kung Pao article page (both hosts) parses to its golden fields."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from spiders.items import ArticleItem
from spiders.takungpao import TakungpaoCnSpider, TakungpaoHkSpider, TakungpaoSpider

MIRROR = Path(__file__).resolve().parents[1] / "mirror"
SPIDERS: dict[str, type[TakungpaoSpider]] = {
    "www.takungpao.com.hk": TakungpaoHkSpider,
    "www.takungpao.com": TakungpaoCnSpider,
}
# Gold keys that describe the page rather than an item field.
NOT_FIELDS = {"must_contain", "must_not_contain", "template", "rebuilt", "real"}


def gold_pages() -> list[Path]:
    return sorted(p for host in SPIDERS for p in (MIRROR / "gold" / host).rglob("*.json"))


def parse_gold_page(gold_file: Path) -> tuple[dict[str, Any], ArticleItem]:
    rel = gold_file.relative_to(MIRROR / "gold")
    page = MIRROR / "sites" / rel.with_suffix("")
    gold = json.loads(gold_file.read_text("utf-8"))
    cls = SPIDERS[rel.parts[0]]
    spider = cls.from_crawler(get_crawler(cls))
    response = HtmlResponse(url=gold["url"], body=page.read_bytes(), request=scrapy.Request(gold["url"]))
    items = list(spider.parse_article(response))
    assert len(items) == 1, f"{gold['url']}: expected one item, got {len(items)}"
    return gold, items[0]


def field_value(item: ArticleItem, key: str) -> Any:
    value = getattr(item, key)
    if key == "published_at":
        return value.isoformat() if value is not None else None
    return str(value) if key in ("date_origin", "extraction") else value


def mismatches(gold: dict[str, Any], item: ArticleItem) -> list[str]:
    problems = [f"{key}: expected {want!r}, got {field_value(item, key)!r}"
                for key, want in gold.items() if key not in NOT_FIELDS and field_value(item, key) != want]
    problems += [f"missing snippet {s!r}" for s in gold["must_contain"] if s not in item.text]
    problems += [f"unwanted snippet {s!r}" for s in gold["must_not_contain"] if s in item.text]
    return problems


def test_mirror_has_enough_pages() -> None:
    pages = gold_pages()
    hosts = [p.relative_to(MIRROR / "gold").parts[0] for p in pages]
    per_host = {host: hosts.count(host) for host in SPIDERS}
    assert all(n >= 8 for n in per_host.values()), per_host
    twins = {p.relative_to(MIRROR / "gold" / "www.takungpao.com.hk").as_posix()
             for p in (MIRROR / "gold" / "www.takungpao.com.hk").rglob("*.json")}
    twins &= {p.relative_to(MIRROR / "gold" / "www.takungpao.com").as_posix()
              for p in (MIRROR / "gold" / "www.takungpao.com").rglob("*.json")}
    assert len(twins) >= 3


@pytest.mark.parametrize("gold_file", gold_pages(), ids=lambda p: p.relative_to(MIRROR / "gold").as_posix())
def test_gold_page(gold_file: Path) -> None:
    gold, item = parse_gold_page(gold_file)
    assert mismatches(gold, item) == []


def test_gold_score_is_perfect() -> None:
    """One score over every page, so a regression shows how much broke, not only the first failure."""
    failed = {}
    for gold_file in gold_pages():
        gold, item = parse_gold_page(gold_file)
        if problems := mismatches(gold, item):
            failed[gold["url"]] = problems
    report = json.dumps(failed, ensure_ascii=False, indent=1)
    assert not failed, f"{len(failed)}/{len(gold_pages())} pages regressed: {report}"

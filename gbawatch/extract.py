"""Parse saved pages with a source's spider and run the pipeline's stages on them, without a crawl."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.http import HtmlResponse, Response, XmlResponse
from scrapy.spiderloader import SpiderLoader

from gbawatch.config import SourceConfig
from gbawatch.crawl import scrapy_settings
from gbawatch.errors import InputError, UnknownSource
from pipeline.dedupe import DedupeArticle
from pipeline.enrich import enrich
from pipeline.errors import Rejected
from pipeline.normalise import normalise
from pipeline.validate import ValidateArticle
from spiders.base import GbaSpider
from spiders.items import ArticleItem
from storage.records import ArticleRecord
from watch.profiles import TopicProfile, default_profile
from watch.relevance import score
from watch.relevance_inputs import signals_from_record
from watch.relevance_model import shipped_model

PAGE_SUFFIXES = {".html", ".htm", ".shtml", ".xml", ".rss", ""}


@dataclass
class ExtractOutcome:
    path: Path
    article: ArticleRecord | None
    rejected: str | None = None  # the named reason when the page gave no usable article


def saved_pages(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES and not p.name.endswith(".meta.json")
            )
        elif path.is_file():
            yield path
        else:
            raise InputError(f"cannot read {path}: no such file or directory")


def make_spider(source: SourceConfig) -> GbaSpider:
    loader = SpiderLoader.from_settings(scrapy_settings("sqlite://"))
    try:
        spidercls = loader.load(source.spider)
    except KeyError as exc:
        raise UnknownSource(f"source {source.name!r}: no spider named {source.spider!r}") from exc
    spider = spidercls(**source.spider_arguments())
    if not isinstance(spider, GbaSpider):
        raise UnknownSource(f"source {source.name!r}: spider {source.spider!r} is not a gba-watch spider")
    return spider


def guess_url(path: Path, spider: GbaSpider) -> str:
    """A saved page's real URL from a mirror layout (`…/<host>/<path>`), else a file: URL."""
    host = spider.real_base.split("://", 1)[-1]
    parts = path.resolve().parts
    if host in parts:
        rest = "/".join(parts[parts.index(host) + 1 :])
        return f"{spider.real_base}/{rest}"
    return path.resolve().as_uri()


def response_for(path: Path, url: str) -> Response:
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    head = body[:200].lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    cls = XmlResponse if head.startswith((b"<?xml", b"<rss", b"<feed")) else HtmlResponse
    return cls(url=url, body=body, request=Request(url))


def parse_saved(spider: GbaSpider, response: Response) -> list[ArticleItem]:
    method = (
        spider.parse_feed
        if isinstance(response, XmlResponse) and hasattr(spider, "parse_feed")
        else spider.parse_article
    )
    result: Any = method(response)
    if result is None:
        return []
    if isinstance(result, ArticleItem):
        return [result]
    if inspect.isgenerator(result) or isinstance(result, list | tuple):
        return [x for x in result if isinstance(x, ArticleItem)]
    return []


def extract_pages(
    source: SourceConfig, paths: list[Path], *, url: str | None = None, run_nlp: bool = True,
    dedupe: DedupeArticle | None = None,
) -> Iterator[ExtractOutcome]:
    """The crawl's stages on saved pages: validate → normalise → dedupe (if given) → enrich."""
    spider = make_spider(source)
    validate = ValidateArticle()
    for path in saved_pages(paths):
        response = response_for(path, url or guess_url(path, spider))
        items = parse_saved(spider, response)
        if not items:
            yield ExtractOutcome(path, None, "NoArticle: the spider found no article on this page")
        for item in items:
            try:
                article = normalise(validate.process_item(item))
                if dedupe is not None:
                    dedupe.check(article)
            except Rejected as exc:
                yield ExtractOutcome(path, None, f"{type(exc).__name__}: {exc}")
                continue
            yield ExtractOutcome(path, enrich(article) if run_nlp else article)


def relevance_json(record: ArticleRecord, profiles: list[TopicProfile] | None = None) -> dict[str, Any]:
    """`relevance` (profile → score in [0, 1]) and `relevance_why` (profile → the signals that gave it), the
    keys `extract --json` adds to the record's view (the default profile unless told otherwise)."""
    signals = signals_from_record(record)
    scores = [score(signals, p, shipped_model()) for p in (profiles or [default_profile()])]
    return {"relevance": {r.profile: r.score for r in scores},
            "relevance_why": {r.profile: r.why_dicts() for r in scores}}

"""Run spiders in this process with Scrapy's own engine: one crawler per source, all in one reactor."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import BaseSettings, Settings
from scrapy.spiderloader import SpiderLoader

from gbawatch.config import SourceConfig
from gbawatch.errors import CrawlFailed, InputError, UnknownSource
from pipeline.crawl_run import run_status

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CrawlJob:
    source: SourceConfig
    base_url: str | None = None  # a mirror with the real site's path layout
    max_pages: int | None = None
    since: datetime | None = None
    extra_args: dict[str, str] = field(default_factory=dict)


@dataclass
class CrawlResult:
    source: str
    reason: str
    stats: dict[str, Any]

    @property
    def ok(self) -> bool:
        """Finished, fetched at least one page, and everything it parsed reached the database."""
        return run_status(self.stats, self.reason) == "finished"

    @property
    def problem(self) -> str | None:
        """Why the crawl failed, short (the spool is reported on its own), or None."""
        if self.ok or self.stats.get("gbawatch/store_failed"):
            return None
        if self.reason != "finished":
            return f"{self.source} ({self.reason})"
        prefix = f"gbawatch/{self.source}/error/"
        causes = {k[len(prefix):]: v for k, v in self.stats.items() if k.startswith(prefix)}
        robots = self.stats.get("robotstxt/forbidden", 0)
        if robots:
            causes["robots.txt refused"] = robots
        said = ", ".join(f"{k} {v}" for k, v in sorted(causes.items())) or "nothing was requested"
        return f"{self.source} (no page could be fetched: {said})"


ItemCallback = Callable[[str, Any], None]


def scrapy_settings(database_url: str, overrides: dict[str, Any] | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("spiders.settings", priority="project")
    settings.set("GBAWATCH_DATABASE_URL", database_url, priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


_TRUE, _FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


def setting_overrides(pairs: Sequence[str]) -> dict[str, Any]:
    """`-s NAME=VALUE` pairs, each value checked against the type of the setting's default (an integer, a
    number, true/false, a JSON object), so `CONCURRENT_REQUESTS=abc` is refused before any crawl starts."""
    defaults = scrapy_settings("sqlite://")
    overrides: dict[str, Any] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        name = name.strip()
        if not equals or not name:
            raise InputError(f"-s needs NAME=VALUE, not {pair!r}")
        overrides[name] = _typed(name, value, defaults.get(name))
    return overrides


def _typed(name: str, value: str, default: Any) -> Any:
    problem = f"-s {name}={value!r}: expected"
    if isinstance(default, bool):
        if value.strip().lower() in _TRUE + _FALSE:
            return value.strip().lower() in _TRUE
        raise InputError(f"{problem} true or false")
    # Scrapy reads timeouts and delays as numbers even where the default is a whole one (DOWNLOAD_TIMEOUT).
    if isinstance(default, int) and not name.endswith(("_TIMEOUT", "_DELAY")):
        try:
            return int(value)
        except ValueError:
            raise InputError(f"{problem} a whole number") from None
    if isinstance(default, int | float):
        try:
            number = float(value)
        except ValueError:
            raise InputError(f"{problem} a number") from None
        if not math.isfinite(number):
            raise InputError(f"{problem} a finite number")
        return number
    if isinstance(default, BaseSettings | dict):
        try:
            table = json.loads(value)
        except ValueError:
            table = None
        if not isinstance(table, dict):
            raise InputError(f"{problem} a JSON object such as {{}}")
        return table
    return value


def run_crawls(jobs: Sequence[CrawlJob], *, database_url: str, timezone: str = "Asia/Hong_Kong",
               overrides: dict[str, Any] | None = None, on_item: ItemCallback | None = None,
               on_drop: ItemCallback | None = None, log_level: str = "WARNING") -> list[CrawlResult]:
    """Crawl every job concurrently in one reactor into a prepared (migrated) database; return each crawl's
    finish reason and stats. Every article takes the ingest path (pipeline.ingest) in the store pipeline.

    Runs the Twisted reactor, so call it once per process (the scheduler runs crawls in a subprocess).
    """
    # Logging is configured by the entry point (the CLI); Scrapy only sets its own level.
    base = scrapy_settings(database_url, {"LOG_LEVEL": log_level, "LOG_INSTALL_ROOT_HANDLER": False,
                                          "GBAWATCH_DATABASE_PREPARED": True, "GBAWATCH_TIMEZONE": timezone,
                                          **(overrides or {})})
    loader = SpiderLoader.from_settings(base)
    process = CrawlerProcess(base)
    results: list[CrawlResult] = []
    crawlers: list[tuple[CrawlJob, Crawler]] = []
    for job in jobs:
        try:
            spidercls = loader.load(job.source.spider)
        except KeyError as exc:
            raise UnknownSource(f"source {job.source.name!r} names spider {job.source.spider!r}, "
                                f"which does not exist (known: {', '.join(sorted(loader.list()))})") from exc
        politeness = {k: v for k, v in job.source.scrapy_settings().items() if k not in (overrides or {})}
        if politeness:
            # Per-source settings ride on a subclass: Scrapy applies custom_settings per crawler.
            merged = {**(spidercls.custom_settings or {}), **politeness}
            spidercls = type(spidercls.__name__, (spidercls,), {"custom_settings": merged})
        crawler = process.create_crawler(spidercls)
        name = job.source.name
        if on_item is not None:
            crawler.signals.connect(lambda item, response, spider, _n=name: on_item(_n, item),
                                    signal=signals.item_scraped, weak=False)
        if on_drop is not None:
            crawler.signals.connect(lambda item, response, exception, spider, _n=name: on_drop(_n, exception),
                                    signal=signals.item_dropped, weak=False)
        arguments = job.source.spider_arguments(job.base_url)
        if job.max_pages:
            arguments["max_pages"] = str(job.max_pages)
        if job.since:
            arguments["since"] = job.since.isoformat()
        arguments.update(job.extra_args)
        process.crawl(crawler, **arguments)
        crawlers.append((job, crawler))
    process.start()
    for job, crawler in crawlers:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        results.append(CrawlResult(job.source.name, str(stats.get("finish_reason", "not started")), stats))
    failed = [r for r in results if r.reason == "not started"]
    if failed and len(failed) == len(results):
        raise CrawlFailed("no crawl could start: " + ", ".join(r.source for r in failed))
    return results

"""One engine and session factory per crawler, shared by the pipeline components of that crawl."""

from __future__ import annotations

import os
from dataclasses import dataclass

from scrapy.crawler import Crawler
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from storage.engine import DEFAULT_URL, check_connection, make_engine, session_factory
from storage.migrate import prepare_database


@dataclass
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]


def database_url(crawler: Crawler) -> str:
    # The CLI always sets GBAWATCH_DATABASE_URL; a bare `scrapy crawl` falls back to the environment.
    return (crawler.settings.get("GBAWATCH_DATABASE_URL") or os.environ.get("GBAWATCH_DATABASE_URL")
            or DEFAULT_URL)


def timezone_for(crawler: Crawler) -> str:
    """The zone alert mails show times in: the CLI passes its setting; a bare `scrapy crawl` the environment's."""
    return (crawler.settings.get("GBAWATCH_TIMEZONE") or os.environ.get("GBAWATCH_TIMEZONE")
            or "Asia/Hong_Kong")


def database_for(crawler: Crawler) -> Database:
    existing = getattr(crawler, "_gbawatch_database", None)
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    url = database_url(crawler)
    engine = make_engine(url)
    check_connection(engine)
    if not crawler.settings.getbool("GBAWATCH_DATABASE_PREPARED"):
        # A bare `scrapy crawl` may meet a new database (the CLI prepared it before the crawl started).
        prepare_database(url)
    database = Database(url=url, engine=engine, sessions=session_factory(engine))
    crawler._gbawatch_database = database  # type: ignore[attr-defined]
    return database

"""The archive's tables: sources, articles, entities, mentions, figures, crawl runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, MetaData, String, Text, UniqueConstraint, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}  # noqa: RUF012


class Source(Base):
    __tablename__ = "source"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(32), default="")
    base_url: Mapped[str] = mapped_column(String(512), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Article(Base):
    __tablename__ = "article"
    __table_args__ = (
        Index("ix_article_published_at", "published_at"),
        Index("ix_article_source_published", "source_id", "published_at"),
        Index("ix_article_content_hash", "content_hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(1024), unique=True)  # canonical URL (see pipeline.urls)
    # Scheme-, www- and slash-free identity: URL variants of one page share it (see pipeline.urls).
    url_key: Mapped[str] = mapped_column(String(1024), unique=True)
    fetched_url: Mapped[str] = mapped_column(String(1024), default="")
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"))
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)  # as published, original script
    title_simplified: Mapped[str] = mapped_column(Text, default="")
    text_simplified: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime]
    date_origin: Mapped[str] = mapped_column(String(16), default="page")
    date_missing: Mapped[bool] = mapped_column(Boolean, default=False)  # published_at is the crawl time
    author: Mapped[str | None] = mapped_column(String(255))
    section: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str | None] = mapped_column(String(16))
    issuer: Mapped[str | None] = mapped_column(String(255))
    document_number: Mapped[str | None] = mapped_column(String(128))
    content_hash: Mapped[str] = mapped_column(String(64))
    twin_url: Mapped[str | None] = mapped_column(String(1024))  # the other script/language's URL
    twin_key: Mapped[str | None] = mapped_column(String(1024), index=True)  # its URL key (scheme-free)
    twin_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="SET NULL"))
    extraction: Mapped[str] = mapped_column(String(16), default="selectors")
    keywords: Mapped[list[Any]] = mapped_column(default=list)
    captions: Mapped[list[Any]] = mapped_column(default=list)
    attachments: Mapped[list[Any]] = mapped_column(default=list)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    fetch_count: Mapped[int] = mapped_column(Integer, default=1)

    source: Mapped[Source] = relationship()
    mentions: Mapped[list[Mention]] = relationship(back_populates="article", cascade="all, delete-orphan")
    figures: Mapped[list[Figure]] = relationship(back_populates="article", cascade="all, delete-orphan")


class Entity(Base):
    __tablename__ = "entity"
    __table_args__ = (UniqueConstraint("canonical", "type", name="uq_entity_canonical_type"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical: Mapped[str] = mapped_column(String(255))
    canonical_simplified: Mapped[str] = mapped_column(String(255), index=True)
    type: Mapped[str] = mapped_column(String(16))  # person, project, organisation, place
    aliases: Mapped[list[Any]] = mapped_column(default=list)  # both scripts
    known: Mapped[bool] = mapped_column(Boolean, default=False)  # in the curated gazetteer
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    first_article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="SET NULL"))


class Mention(Base):
    __tablename__ = "mention"
    __table_args__ = (
        UniqueConstraint("article_id", "entity_id", "start", name="uq_mention_article_entity_start"),
        Index("ix_mention_entity_article", "entity_id", "article_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"))
    surface: Mapped[str] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(255))  # a person's title as written
    language: Mapped[str | None] = mapped_column(String(8))  # of the text it was found in
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)

    article: Mapped[Article] = relationship(back_populates="mentions")
    entity: Mapped[Entity] = relationship()


class Figure(Base):
    __tablename__ = "figure"
    __table_args__ = (Index("ix_figure_article", "article_id"), Index("ix_figure_metric", "metric"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entity.id", ondelete="SET NULL"))
    # A double holds every figure a page states exactly (up to 15 significant digits); the repository
    # turns it back into the record's Decimal through its shortest repr, so no residue comes back.
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(32))
    currency: Mapped[str | None] = mapped_column(String(8))
    metric: Mapped[str | None] = mapped_column(String(255))
    qualifier: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(String(255))
    sentence: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    direction: Mapped[str | None] = mapped_column(String(8))  # up, down
    upper: Mapped[float | None] = mapped_column(Float)  # the high end of a range
    salient: Mapped[bool] = mapped_column(Boolean, default=False)

    article: Mapped[Article] = relationship(back_populates="figures")
    entity: Mapped[Entity | None] = relationship()


class CrawlRun(Base):
    __tablename__ = "crawl_run"
    __table_args__ = (Index("ix_crawl_run_source_started", "source", "started_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="running")  # running, finished, failed
    stats: Mapped[dict[str, Any]] = mapped_column(default=dict)
    errors: Mapped[list[Any]] = mapped_column(default=list)
    drifting: Mapped[bool] = mapped_column(Boolean, default=False)
    # Finished with every section listed to its natural end and every article stored: the source's
    # incremental horizon (storage.runs.crawl_horizon) is the start of its latest complete run.
    complete: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The process recording the run: a scheduler starting on this host closes runs whose process is gone.
    pid: Mapped[int | None] = mapped_column(Integer)
    host: Mapped[str | None] = mapped_column(String(255))


class FrontierEntry(Base):
    """An article a crawl listed and requested that is not stored yet; the source's next crawl requests it
    first (pipeline.frontier), so a fetch that failed is retried even when paging stops above its page."""

    __tablename__ = "crawl_frontier"
    __table_args__ = (UniqueConstraint("source", "url_key", name="uq_crawl_frontier_source_url_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    url_key: Mapped[str] = mapped_column(String(1024))
    url: Mapped[str] = mapped_column(String(1024))  # the real site's URL (a mirror's port may change)
    callback: Mapped[str] = mapped_column(String(64))  # the spider method that parses it
    errback: Mapped[str | None] = mapped_column(String(64))
    arguments: Mapped[dict[str, Any]] = mapped_column(default=dict)  # its keyword arguments, as JSON
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # later crawls that requested it again
    listed_at: Mapped[datetime] = mapped_column(default=utcnow)


class Mutex(Base):
    """A named lock, held by updating its row (storage.mutex.hold)."""

    __tablename__ = "mutex"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)

"""Watching tables: watch rules, alerts (each at most once), the delivery outbox, the digest log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models import Base
from storage.types import utcnow


class WatchRule(Base):
    """What a watcher wants to hear about: a query, entity and source filters, a threshold, channels."""

    __tablename__ = "watch_rule"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    query: Mapped[str] = mapped_column(Text, default="")  # search syntax, either script
    entities: Mapped[list[Any]] = mapped_column(default=list)  # entity names, either script
    sources: Mapped[list[Any]] = mapped_column(default=list)  # source names; empty: all
    min_relevance: Mapped[float] = mapped_column(Float, default=0.0)
    # A topic profile the article must be relevant to (storage.profile_models), at least this much.
    profile: Mapped[str | None] = mapped_column(String(64))
    min_profile_relevance: Mapped[float] = mapped_column(Float, default=0.0)
    channels: Mapped[list[Any]] = mapped_column(default=list)  # "email:ADDR", "webhook:URL", "feed"
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Articles first seen before this were already considered (the rule's watermark).
    watermark_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Alert(Base):
    """One alert: `dedup_key` is unique for every kind; a match is also unique per article and story."""

    __tablename__ = "alert"
    __table_args__ = (
        UniqueConstraint("rule_id", "article_id", name="uq_alert_rule_article"),
        UniqueConstraint("rule_id", "cluster_key", name="uq_alert_rule_cluster"),
        Index("ix_alert_rule_created", "rule_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # match, silence, drift
    dedup_key: Mapped[str] = mapped_column(String(255), unique=True)
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("watch_rule.id", ondelete="CASCADE"))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    cluster_key: Mapped[str | None] = mapped_column(String(128))  # NULLs never collide
    source: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)  # what matched, for the message
    relevance: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    rule: Mapped[WatchRule | None] = relationship()


class OutboxMessage(Base):
    """A message to deliver: pending until a channel accepts it, retried with backoff, sent once."""

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # alert:<id>:<channel>:<target> or digest:<day>:<target>: enqueuing twice is a no-op.
    dedup_key: Mapped[str] = mapped_column(String(512), unique=True)
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alert.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))  # email, webhook
    target: Mapped[str] = mapped_column(String(1024))  # an address or a URL
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending, sending, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class DigestLog(Base):
    """One row per digest day: the unique day is what makes a digest go out once."""

    __tablename__ = "digest_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    timezone: Mapped[str] = mapped_column(String(64))
    recipients: Mapped[list[Any]] = mapped_column(default=list)
    articles: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SchedulerLease(Base):
    """Who runs the scheduler on this database: one holder at a time (storage.lease)."""

    __tablename__ = "scheduler_lease"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    token: Mapped[str] = mapped_column(String(64))  # the holder's random id, unique per process start
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    acquired_at: Mapped[datetime] = mapped_column(default=utcnow)
    renewed_at: Mapped[datetime] = mapped_column(default=utcnow)

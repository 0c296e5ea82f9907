"""Topic-profile tables: the profiles users stored, and each article's relevance to each profile."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base
from storage.types import utcnow


class TopicProfileRow(Base):
    """A user's topic profile, as the mapping watch.profiles reads (the default one ships as a file)."""

    __tablename__ = "topic_profile"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    definition: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ArticleRelevance(Base):
    """How relevant an article is to a profile, in [0, 1], with the signals that gave the score.

    Written at ingest for every profile, rewritten when a profile or the model changes (`model` says which
    model version scored it, so a stale row can be found).
    """

    __tablename__ = "article_relevance"
    __table_args__ = (Index("ix_article_relevance_profile_score", "profile", "score"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), primary_key=True)
    profile: Mapped[str] = mapped_column(String(64), primary_key=True)
    score: Mapped[float] = mapped_column(Float)
    why: Mapped[list[Any]] = mapped_column(default=list)
    model: Mapped[str] = mapped_column(String(64), default="")
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)

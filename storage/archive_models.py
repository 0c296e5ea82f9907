"""Archive tables beyond the core: the search indexing queue, story signatures and clusters, the trends rollup."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import BigInteger, Date, Float, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Article, Base, Figure
from storage.types import utcnow


class GramQueue(Base):
    """Articles indexed before the phrase prefilter existed (migration 0007), awaiting their n-gram row.

    While any remain, search does not use the prefilter (a missing row would hide a match).
    """

    __tablename__ = "gram_queue"

    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), primary_key=True)


class SearchQueue(Base):
    """Articles whose search index entry is missing or stale; triggers on `article` fill it.

    `version` is bumped by the trigger on every change, so an indexer only removes the row it read and a
    change made while it worked is indexed next time.
    """

    __tablename__ = "search_queue"

    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class SearchDoc(Base):
    """SQLite only: the FTS5 row of an article. Its rowid is the docid (storage.backends.sqlite_fts5.docid), ordered by
    publication time, so the newest matches come straight off the index; the article trigger deletes it."""

    __tablename__ = "search_doc"

    article_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    docid: Mapped[int] = mapped_column(BigInteger)


class ArticleSignature(Base):
    """An article's MinHash signature over its normalised character shingles (for story clustering)."""

    __tablename__ = "article_signature"

    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))  # the article's hash when signed: stale if different
    minhash: Mapped[bytes] = mapped_column(LargeBinary)  # uint32 little-endian, one per permutation
    shingles: Mapped[int] = mapped_column(Integer, default=0)


class StoryBand(Base):
    """LSH buckets of a signature: articles sharing a (band, bucket) are clustering candidates."""

    __tablename__ = "story_band"
    __table_args__ = (Index("ix_story_band_band_bucket", "band", "bucket"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), primary_key=True)
    band: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    bucket: Mapped[int] = mapped_column(Integer)


class StoryCluster(Base):
    """One story told by several articles (script twins, a report and the release it covers …)."""

    __tablename__ = "story_cluster"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id", ondelete="SET NULL"))
    size: Mapped[int] = mapped_column(Integer, default=0)
    first_published_at: Mapped[datetime | None]
    last_published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class StoryMember(Base):
    """An article's story cluster; an article in no cluster is a story of its own."""

    __tablename__ = "story_member"
    __table_args__ = (Index("ix_story_member_cluster", "cluster_id"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("story_cluster.id", ondelete="CASCADE"))
    similarity: Mapped[float] = mapped_column(Float, default=0.0)  # to the article that pulled it in
    reason: Mapped[str] = mapped_column(String(32), default="")  # near_duplicate, same_story


# The rollup's days are local days at UTC+8 (Hong Kong and the mainland, no daylight saving): every
# source is there, and a fixed offset is something SQLite's date() can apply inside a trigger.
ROLLUP_UTC_OFFSET = timedelta(hours=8)


class EntityDayCount(Base):
    """Articles mentioning an entity (and its mentions in them) per local day and source.

    Kept exact by triggers on `mention` and `article` (migration 0005), whoever writes: trends over years
    read a few thousand of these rows instead of every mention. A day is the article's publication date
    at ROLLUP_UTC_OFFSET; trends for another zone, or across several entities, read the mentions.
    """

    __tablename__ = "entity_day_count"
    # SQLite: rows clustered by (entity, day, source), so a five-year trend reads a few contiguous pages
    # rather than 14,000 rows scattered in insertion order (measured: 45 → 10 ms at a million articles).
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012

    entity_id: Mapped[int] = mapped_column(ForeignKey("entity.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"), primary_key=True)
    articles: Mapped[int] = mapped_column(Integer, default=0)
    mentions: Mapped[int] = mapped_column(Integer, default=0)


# Figure timelines read figures by entity; declared here so that the core model module stays untouched.
Index("ix_figure_entity", Figure.entity_id)
# Trends read each article's date and source by id: a narrow index instead of the wide article rows.
Index("ix_article_id_published_source", Article.id, Article.published_at, Article.source_id)

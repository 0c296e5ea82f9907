"""The interface every database back end implements: everything in storage that differs between databases.

One back end per database (SQLite FTS5, PostgreSQL tsvector), chosen once per engine (storage.backends):
it sets up the engine, writes the search index, translates a parsed query into a matching statement, narrows
phrases by their n-grams, counts phrases for ranking, buckets articles by local day and inserts ignoring
conflicts. Code outside storage/backends never asks which database it talks to.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, NamedTuple

from sqlalchemy import ColumnElement, Engine, Select, bindparam, func, select
from sqlalchemy.orm import Session

from storage.fts import Node
from storage.models import Article

Statement = Select  # type: ignore[type-arg]  # 2.0 and 2.1 parametrise Select differently


class IndexedArticle(NamedTuple):
    """What the index reads of an article."""

    id: int
    title: str
    text: str
    published_at: datetime


class DayCount(NamedTuple):
    """Articles mentioning the entities, and the mentions in them, on one local day (and source)."""

    day: date  # local day
    source: str | None  # None: all sources together
    articles: int
    mentions: int


@dataclass(frozen=True, eq=False)  # eq=False: SQL expressions overload ==
class MatchQuery:
    """What `SearchBackend.match` turns into a statement."""

    node: Node  # the parsed query
    conditions: Sequence[ColumnElement[bool]]  # the filters, on Article (storage.search.filter_conditions)
    since: datetime | None = None  # already among the conditions; a back end may narrow by it further
    until: datetime | None = None
    candidates: Sequence[int] | None = None  # the only ids that can match (gram_candidates), if known
    limit: int | None = None  # stop after the newest `limit` matches


@dataclass(frozen=True)
class DayCountQuery:
    """Whose mentions `SearchBackend.day_counts` counts, when, and in which zone's days."""

    entity_ids: Sequence[int]
    since: datetime | None = None
    until: datetime | None = None
    by_source: bool = False
    tz: str = "Asia/Hong_Kong"


class SearchBackend(ABC):
    """One database's way of doing what storage needs done differently per database (see the module)."""

    name: ClassVar[str]  # SQLAlchemy's backend name: the key the back end is chosen by

    # --- the engine -------------------------------------------------------------------------------------------

    @classmethod
    def engine_url(cls, url: str) -> str:
        """The URL to create the engine with (a driver spelled out where the default is not the one we ship)."""
        return url

    @classmethod
    def engine_options(cls) -> dict[str, Any]:
        """Defaults for create_engine; the caller's keyword arguments win."""
        return {}

    @classmethod
    def prepare_engine(cls, engine: Engine) -> None:
        """Hook connection set-up (pragmas) onto a new engine; by default there is none."""
        return None

    @classmethod
    def require_existing(cls, url: str) -> None:
        """Before a read-only command connects: raise NoDatabase if connecting would create the database or
        change a file that is not ours. A server database is neither created nor changed by connecting."""
        return None

    # --- index writes ------------------------------------------------------------------------------------------

    @abstractmethod
    def write_documents(self, session: Session, articles: Sequence[IndexedArticle]) -> None:
        """Replace the index entries of these articles (words and phrase n-grams)."""

    @abstractmethod
    def write_grams(self, session: Session, articles: Sequence[IndexedArticle]) -> None:
        """Write the phrase n-grams of articles indexed before the prefilter existed (their words are there)."""

    @abstractmethod
    def clear_index(self, session: Session) -> None:
        """Empty the index (before every article is queued again)."""

    # --- matching ----------------------------------------------------------------------------------------------

    @abstractmethod
    def match(self, query: MatchQuery) -> Statement:
        """SELECT article id, score (0) of the articles matching the query and its conditions, newest first."""

    @abstractmethod
    def gram_candidates(self, session: Session, grams: frozenset[str], limit: int) -> list[int]:
        """Up to `limit` ids (as `match` takes them as candidates) of articles holding all of the n-grams."""

    # --- ranking -----------------------------------------------------------------------------------------------

    @abstractmethod
    def byte_length(self, value: Any) -> ColumnElement[Any]:
        """The size of a text value in bytes (stored, where a character count walks the whole text)."""

    def phrase_counts(
        self, session: Session, article_ids: Sequence[int], phrases: Sequence[str], chunk: int = 1000
    ) -> list[tuple[int, ...]]:
        """Per article: id, title bytes, text bytes, then per phrase its title bytes without the phrase, then
        its text bytes without it (Simplified columns). Occurrences are the difference over the phrase's
        bytes, so only numbers leave the database. Phrases with Latin letters are matched lower-cased."""

        def folded(column: Any, fold: bool) -> ColumnElement[Any]:
            text_ = func.coalesce(column, "")
            return func.lower(text_) if fold else text_

        fold = [p != p.upper() for p in phrases]
        sources = (Article.title_simplified, Article.text_simplified)
        lengths = [self.byte_length(folded(c, False)) for c in sources]
        without = [
            self.byte_length(func.replace(folded(c, fold[n]), bindparam(f"p{n}", p), ""))
            for c in sources
            for n, p in enumerate(phrases)
        ]
        rows: list[tuple[int, ...]] = []
        for at in range(0, len(article_ids), chunk):
            query = select(Article.id, *lengths, *without).where(Article.id.in_(article_ids[at : at + chunk]))
            rows += map(tuple, session.execute(query))  # plain tuples: numpy probes Row objects one by one
        return rows

    # --- trends ------------------------------------------------------------------------------------------------

    @abstractmethod
    def day_counts(self, session: Session, query: DayCountQuery) -> list[DayCount]:
        """Articles mentioning any of the entities and their mentions, per local day (and source)."""

    # --- small differences -------------------------------------------------------------------------------------

    @abstractmethod
    def json_array_values(self, column: Any) -> Any:
        """A table-valued function over the text elements of a JSON array column (one column, `value`)."""

    @abstractmethod
    def insert_ignoring_conflicts(self, session: Session, model: type[Any], values: dict[str, Any]) -> int | None:
        """INSERT … ON CONFLICT DO NOTHING: the id of the new row, or None if a unique constraint said no.

        The database decides, so two processes racing on the same row still produce one."""

"""Write and read articles: idempotent upsert by canonical URL, twin linking, entity resolution."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import datetime, timezone
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import Select, delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import Article, Base, Entity, Figure, Mention, Source
from storage.records import ArticleRecord, FigureRecord, MentionRecord, StoreOutcome

R = TypeVar("R", bound=Base)
# A figure's record fields are columns of the same name; its subject is stored as the entity's id, and its
# exact values as doubles (see models.Figure.value).
_FIGURE_COLUMNS = tuple(f.name for f in fields(FigureRecord) if f.name not in ("entity", "value", "upper"))


def insert_or_find(session: Session, row: R, existing: Select[R]) -> tuple[R, bool]:
    """Insert `row` in a savepoint: (row, True); or, if a unique key holds it already, (the row that
    holds it, False). Any other refusal (a constraint, a trigger) propagates.

    Two crawls of one source store the same articles and entities at once; on either database the
    second INSERT waits for the first transaction, then meets its row. The loser reads that row and
    carries on instead of failing (and spooling) its whole batch.
    """
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        found = session.scalar(existing)
        if found is None:
            raise
        return found, False
    return row, True


def get_or_create_source(session: Session, name: str, kind: str = "", base_url: str = "") -> Source:
    query = select(Source).where(Source.name == name)
    source = session.scalar(query)
    if source is None:
        source, _ = insert_or_find(session, Source(name=name, kind=kind, base_url=base_url), query)
    return source


def get_or_create_entity(session: Session, *, canonical: str, canonical_simplified: str, type_: str,
                         known: bool, aliases: Iterable[str], article_id: int | None) -> Entity:
    query = select(Entity).where(Entity.canonical == canonical, Entity.type == type_)
    found = session.scalar(query)
    if found is None:
        created = Entity(canonical=canonical, canonical_simplified=canonical_simplified, type=type_,
                         known=known, aliases=sorted(set(aliases)), first_article_id=article_id)
        found, inserted = insert_or_find(session, created, query)
        if inserted:
            return found
    # An existing entity gains the aliases seen now, and curation once the gazetteer lists it.
    merged = sorted(set(found.aliases or []) | set(aliases))
    if merged != (found.aliases or []):
        found.aliases = merged
    if known and not found.known:
        found.known = True
    return found


def upsert_articles(session: Session, records: Sequence[ArticleRecord]) -> list[StoreOutcome]:
    """Upsert a batch; the outcomes in the batch's order.

    Rows are taken in one global order (the batch's entities by name, then its articles by URL key), so
    two transactions storing overlapping batches wait for each other instead of deadlocking.
    """
    by_key = sorted(range(len(records)), key=lambda i: records[i].url_key)
    named: dict[tuple[str, str], list[MentionRecord]] = {}
    for record in records:
        for mention in record.mentions:
            named.setdefault((mention.canonical, mention.type), []).append(mention)
    for (canonical, type_), mentions in sorted(named.items()):
        # Every alias the batch saw at once, so that storing its articles changes no entity row again.
        get_or_create_entity(session, canonical=canonical, canonical_simplified=mentions[0].canonical_simplified,
                             type_=type_, known=any(m.known for m in mentions),
                             aliases=[alias for m in mentions for alias in m.aliases], article_id=None)
    outcomes: dict[int, StoreOutcome] = {i: upsert_article(session, records[i]) for i in by_key}
    return [outcomes[i] for i in range(len(records))]


def upsert_article(session: Session, record: ArticleRecord) -> StoreOutcome:
    """Insert or update in place by canonical URL; replace its mentions and figures; link its twin.

    The row is locked for the transaction (FOR UPDATE; SQLite's single writer does the same), so a
    concurrent crawl storing the same article waits, then updates it rather than fail on its URL key.
    """
    now = record.fetched_at or datetime.now(timezone.utc)
    source = get_or_create_source(session, record.source)
    query = select(Article).where(Article.url_key == record.url_key).with_for_update()
    article = session.scalar(query)
    created = article is None
    changed = True
    if article is None:
        article = Article(url=record.url, url_key=record.url_key, source_id=source.id, first_seen_at=now, fetch_count=0)
        _fill(article, record, source, now, created=True)
        article, created = insert_or_find(session, article, query)  # or the row a concurrent crawl stored
    if not created:
        changed = article.content_hash != record.content_hash or article.title != record.title
        _fill(article, record, source, now, created=False)
    session.flush()
    if created or changed:
        _replace_analysis(session, article, record, created=created)
    _link_twin(session, article)
    return StoreOutcome(article_id=article.id, created=created, changed=changed)


def _fill(article: Article, record: ArticleRecord, source: Source, now: datetime, *, created: bool) -> None:
    article.source_id = source.id
    article.url = record.url
    article.fetched_url = record.fetched_url
    article.title = record.title
    article.text = record.text
    article.title_simplified = record.title_simplified
    article.text_simplified = record.text_simplified
    if created or not record.date_missing or article.published_at is None:
        # A re-crawl that lost the date must not overwrite a date found earlier.
        article.published_at = record.published_at
        article.date_origin = record.date_origin
        article.date_missing = record.date_missing
    article.author = record.author
    article.section = record.section
    article.language = record.language
    article.issuer = record.issuer
    article.document_number = record.document_number
    article.content_hash = record.content_hash
    article.twin_url = record.twin_url or article.twin_url
    article.twin_key = record.twin_key or article.twin_key
    article.extraction = record.extraction
    article.keywords = list(record.keywords)
    article.captions = list(record.captions)
    article.attachments = list(record.attachments)
    article.last_fetched_at = now
    article.fetch_count = (article.fetch_count or 0) + 1


def _replace_analysis(session: Session, article: Article, record: ArticleRecord, *, created: bool) -> None:
    if not created:
        # Deleted in SQL, not through the loaded collections: a concurrent crawl may have replaced them
        # since they were loaded (the ORM would then miss rows it expected to delete).
        session.execute(delete(Mention).where(Mention.article_id == article.id))
        session.execute(delete(Figure).where(Figure.article_id == article.id))
        session.expire(article, ["mentions", "figures"])
    entities: dict[tuple[str, str], Entity] = {}
    seen: set[tuple[int, int]] = set()
    for mention in record.mentions:
        key = (mention.canonical, mention.type)
        if key not in entities:
            entities[key] = get_or_create_entity(
                session, canonical=mention.canonical, canonical_simplified=mention.canonical_simplified,
                type_=mention.type, known=mention.known, aliases=mention.aliases, article_id=article.id)
        entity = entities[key]
        if entity.first_article_id is None:  # created by this batch (upsert_articles), before its article
            entity.first_article_id = article.id
        if (entity.id, mention.start) in seen:
            continue
        seen.add((entity.id, mention.start))
        article.mentions.append(Mention(entity_id=entity.id, surface=mention.surface, title=mention.title,
                                        start=mention.start, end=mention.end, language=mention.language))
    by_canonical = {canonical: entity for (canonical, _), entity in entities.items()}
    for figure in record.figures:
        subject = by_canonical.get(figure.entity or "")
        article.figures.append(Figure(entity_id=subject.id if subject else None, value=float(figure.value),
                                      upper=float(figure.upper) if figure.upper is not None else None,
                                      **{name: getattr(figure, name) for name in _FIGURE_COLUMNS}))
    session.flush()


def _link_twin(session: Session, article: Article) -> None:
    """Link both ways with the article whose URL key is our twin's, or whose twin is us."""
    conditions = [Article.twin_key == article.url_key]
    if article.twin_key:
        conditions.append(Article.url_key == article.twin_key)
    twin = session.scalar(select(Article).where(or_(*conditions), Article.id != article.id).limit(1))
    if twin is not None:
        article.twin_id = twin.id
        twin.twin_id = article.id
        twin.twin_url = twin.twin_url or article.url
        twin.twin_key = twin.twin_key or article.url_key
        article.twin_url = article.twin_url or twin.url
        article.twin_key = article.twin_key or twin.url_key


def is_known(session: Session, url_key: str) -> bool:
    return session.scalar(select(Article.id).where(Article.url_key == url_key)) is not None


def first_seen(session: Session, url_key: str) -> datetime | None:
    """When the article stored under `url_key` was first fetched; None if it is not stored."""
    return session.scalar(select(Article.first_seen_at).where(Article.url_key == url_key))


def same_content_elsewhere(session: Session, *, source: str, content_hash: str, url_key: str) -> str | None:
    """The URL of another article of `source` with identical content, if any (a URL variant we missed)."""
    return session.scalar(
        select(Article.url).join(Source).where(Source.name == source, Article.content_hash == content_hash,
                                               Article.url_key != url_key).limit(1))


# Record fields an Article row holds under the same name; the rest are read below or not stored.
_STORED_AS_IS = tuple(f.name for f in fields(ArticleRecord)
                      if f.name not in ("source", "fetched_at", "mentions", "figures", "local_currency"))


def _exact(stored: float) -> Decimal:
    """The Decimal a stored double stands for: its shortest repr (3680187000000.0, never …0.000488)."""
    return Decimal(repr(stored))


def read_record(article: Article) -> ArticleRecord:
    """A stored article as the record it was stored from (load its source, mentions with their entities and
    figures with theirs eagerly when reading many). `local_currency` is not stored: its figures carry it."""
    mentions = [
        MentionRecord(surface=m.surface, canonical=m.entity.canonical,
                      canonical_simplified=m.entity.canonical_simplified, type=m.entity.type, title=m.title,
                      start=m.start, end=m.end, known=m.entity.known, aliases=tuple(m.entity.aliases or ()),
                      language=m.language)
        for m in sorted(article.mentions, key=lambda m: (m.start, m.id))
    ]
    figures = [
        FigureRecord(**{name: getattr(f, name) for name in _FIGURE_COLUMNS}, value=_exact(f.value),
                     upper=_exact(f.upper) if f.upper is not None else None,
                     entity=f.entity.canonical if f.entity else None)
        for f in sorted(article.figures, key=lambda f: (f.start, f.id))
    ]
    values = {name: getattr(article, name) for name in _STORED_AS_IS}
    return ArticleRecord(**values, source=article.source.name, fetched_at=article.last_fetched_at,
                         mentions=mentions, figures=figures)

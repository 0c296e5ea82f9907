"""Map a normalised, enriched article onto storage's plain record."""

from __future__ import annotations

from dataclasses import asdict

from nlp.convert import to_simplified
from pipeline.article import NormalisedArticle
from pipeline.urls import url_key
from storage.records import ArticleRecord, FigureRecord, MentionRecord


def to_record(article: NormalisedArticle) -> ArticleRecord:
    item = article.item
    mentions: list[MentionRecord] = []
    figures: list[FigureRecord] = []
    if article.analysis is not None:
        entities = sorted(article.analysis.entities, key=lambda e: e.start)
        mentions = [
            MentionRecord(
                surface=e.text,
                canonical=e.canonical,
                canonical_simplified=to_simplified(e.canonical),
                type=e.type,
                title=e.title,
                start=e.start,
                end=e.end,
                known=e.known,
                aliases=tuple(e.aliases),
            )
            for e in entities
        ]
        for figure in article.analysis.figures:
            figures.append(
                FigureRecord(
                    value=float(figure.value),  # exact to 15 digits: every figure a page states
                    unit=figure.unit,
                    currency=figure.currency,
                    metric=figure.metric,
                    qualifier=figure.qualifier,
                    text=figure.text,
                    sentence=figure.sentence,
                    start=figure.start,
                    end=figure.end,
                    entity_canonical=figure.entity,
                )
            )
    return ArticleRecord(
        url=article.url,
        url_key=article.url_key,
        source=item.source,
        title=article.title,
        text=article.text,
        title_simplified=article.title_simplified,
        text_simplified=article.text_simplified,
        published_at=article.published_at,
        content_hash=article.content_hash,
        fetched_url=item.fetched_url,
        fetched_at=item.fetched_at,
        date_origin=str(item.date_origin),
        date_missing=article.date_missing,
        author=item.author,
        section=item.section,
        language=article.language,
        issuer=item.issuer,
        document_number=item.document_number,
        twin_url=article.twin_url,
        twin_key=url_key(article.twin_url) if article.twin_url else None,
        extraction=str(item.extraction),
        keywords=list(item.keywords),
        captions=list(item.captions),
        attachments=[asdict(a) for a in item.attachments],
        mentions=mentions,
        figures=figures,
    )

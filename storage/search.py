"""Search the archive. The caller passes terms already normalised to the indexed form (Simplified)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from storage.models import Article, Source


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    url: str
    source: str
    title: str
    published_at: datetime
    snippet: str


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _snippet(original: str, simplified: str, term: str, width: int = 60) -> str:
    # simplified has the same length as original, so a match position maps back to the original script.
    index = simplified.find(term) if term else -1
    if index < 0:
        return original[:width * 2].replace("\n", " ")
    start = max(0, index - width)
    end = min(len(original), index + len(term) + width)
    return ("…" if start else "") + original[start:end].replace("\n", " ") + ("…" if end < len(original) else "")


def search_articles(session: Session, terms: list[str], *, limit: int = 20) -> list[SearchHit]:
    """Articles whose title or text contains every term (substring match on the Simplified form)."""
    if not terms:
        return []
    conditions = [
        (Article.title_simplified.like(f"%{_escape_like(t)}%", escape="\\"))
        | (Article.text_simplified.like(f"%{_escape_like(t)}%", escape="\\"))
        for t in terms
    ]
    query = (select(Article, Source.name).join(Source).where(and_(*conditions))
             .order_by(Article.published_at.desc(), Article.id.desc()).limit(limit))
    hits = []
    for article, source in session.execute(query):
        hits.append(SearchHit(article.id, article.url, source, article.title, article.published_at,
                              _snippet(article.text, article.text_simplified, terms[0])))
    return hits

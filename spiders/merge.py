"""The one fallback merge: each field of an item from the first source that has it, and a note of which.

A spider reads what each source of an article says (the page with its selectors, the feed or list entry that
linked to it, the URL, its configured defaults, the generic extractor) into a `Layer` each, then merges them in
the order it trusts them. The item records in `provenance` where every field it carries came from, and its
`date_origin` says the same of `published_at` in the pipeline's terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from spiders.items import ArticleItem, DateOrigin, FieldOrigin

_FIELDS = frozenset(f.name for f in fields(ArticleItem))
# A field no layer may set: the spider owns them (what was fetched, how the merge went).
_NOT_MERGED = frozenset({"url", "source", "fetched_url", "fetched_at", "date_origin", "extraction",
                         "missing_fields", "provenance"})
_DATE_ORIGIN = {
    FieldOrigin.PAGE: DateOrigin.PAGE,
    FieldOrigin.FALLBACK: DateOrigin.PAGE,  # a date the generic extractor read on the page is the page's date
    FieldOrigin.FEED: DateOrigin.FEED,
    FieldOrigin.LIST: DateOrigin.LIST,
    FieldOrigin.URL: DateOrigin.URL,
}


@dataclass(frozen=True)
class Layer:
    """What one source says of an article: field name -> value (None, "" or [] for "says nothing")."""

    origin: FieldOrigin
    values: Mapping[str, Any]

    def __post_init__(self) -> None:
        wrong = sorted(set(self.values) - (_FIELDS - _NOT_MERGED))
        if wrong:
            raise ValueError(f"not a field an article source can set: {', '.join(wrong)}")
        if "published_at" in self.values and self.origin not in _DATE_ORIGIN:
            raise ValueError(f"a {self.origin} layer cannot date an article")


def layer(origin: FieldOrigin, **values: Any) -> Layer:
    return Layer(origin, values)


def merge(item: ArticleItem, *layers: Layer | None) -> ArticleItem:
    """Set each field of `item` that some layer has a value for from the first such layer (a None layer is a
    source that was not consulted); note the layer's origin in `item.provenance`. Other fields stay as they are."""
    present = [each for each in layers if each is not None]
    for name in dict.fromkeys(name for each in present for name in each.values):
        source = next((each for each in present if each.values.get(name)), None)
        if source is None:
            continue
        setattr(item, name, source.values[name])
        item.provenance[name] = source.origin
        if name == "published_at":
            item.date_origin = _DATE_ORIGIN[source.origin]
    return item

"""Every view of an article record, derived from its fields in this one module: the spool (lossless JSON),
the `extract --json` object, export rows (JSON Lines and CSV) and the article part of an alert (webhook
body, mail, feed).

A field added to storage.records.ArticleRecord appears in every view that does not list it in its
`left_out`, with the reason; tests/storage/test_article_views.py holds every view to that. Encoding for a
medium (CSV formula cells, XML, mail headers) is the writer's job (watch.safe_text); this module decides
what each view contains.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from storage.records import ArticleRecord, FigureRecord, MentionRecord

RECORD_FIELDS = tuple(f.name for f in fields(ArticleRecord))
_DATETIME_FIELDS = frozenset(f.name for f in fields(ArticleRecord) if str(f.type).startswith("datetime"))

# What only storage and search use: none of it is something a reader of an article wants.
_INTERNAL: Mapping[str, str] = {
    "url_key": "the URL's scheme- and www-free identity, for storage; `url` is the address",
    "twin_key": "the twin's URL key, for storage; `twin_url` is the address",
    "content_hash": "a hash of the text for dedupe, not content",
    "title_simplified": "OpenCC's conversion of `title` for matching and search: derived, never published",
    "text_simplified": "OpenCC's conversion of `text` for matching and search: derived, never published",
    "local_currency": "a parsing hint for the NLP stage; each figure carries the currency it resolved",
}


@dataclass(frozen=True)
class View:
    """Which record fields a view shows (all but `left_out`, each with the reason) and under what key."""

    name: str
    left_out: Mapping[str, str] = field(default_factory=dict)
    renamed: Mapping[str, str] = field(default_factory=dict)

    @property
    def shown(self) -> tuple[str, ...]:
        return tuple(name for name in RECORD_FIELDS if name not in self.left_out)

    def key(self, name: str) -> str:
        return self.renamed.get(name, name)


# A reader sees a mention's surface as its `text` (as nlp names it); the spool keeps the record's names.
_PUBLIC_NAMES = {"mentions": "entities"}
_PUBLIC_MENTION_NAMES = {"surface": "text"}

SPOOL = View("spool")
EXTRACT = View("extract --json", _INTERNAL, _PUBLIC_NAMES)
EXPORT = View("export (JSON Lines and CSV)", _INTERNAL, _PUBLIC_NAMES)
ALERT = View(
    "alert (webhook body, mail, feed)",
    {
        **_INTERNAL,
        "text": "an alert is a pointer, not the archive: `lead`, the first lines, stands for the text",
        "fetched_url": "crawl bookkeeping (a mirror's address in tests), not news",
        "fetched_at": "crawl bookkeeping, not news: `published_at` is the article's time",
        "date_origin": "`date_missing` says what a reader needs: whether the time is the page's",
        "extraction": "crawl health: `gbawatch runs` and the drift alert report it",
        "captions": "photo captions: the lead and the figures say what the article is about",
    },
    _PUBLIC_NAMES,
)
# The mail renders the alert view; these alert fields stay in the webhook body and the feed only.
MAIL = View(
    "alert mail",
    {
        **ALERT.left_out,
        "language": "the title and the lead are in the article's language: a reader sees it",
        "keywords": "the site's own tags repeat the entities and terms the mail lists",
    },
    _PUBLIC_NAMES,
)
VIEWS = (SPOOL, EXTRACT, EXPORT, ALERT, MAIL)


def plain(value: Any, tz: ZoneInfo | None = None) -> Any:
    """A JSON-ready value: datetimes as ISO 8601 (in `tz` if given), decimals as numbers, parts as dicts."""
    if isinstance(value, datetime):
        return (value.astimezone(tz) if tz else value).isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name), tz) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [plain(v, tz) for v in value]
    return value


def _public_mention(mention: MentionRecord) -> dict[str, Any]:
    return {_PUBLIC_MENTION_NAMES.get(k, k): v for k, v in plain(mention).items()}


def view_of(record: ArticleRecord, view: View, tz: ZoneInfo | None = None) -> dict[str, Any]:
    """The record's fields this view shows, under its keys; a view that renames `mentions` is public, and
    shows a mention's surface as `text`."""
    out: dict[str, Any] = {}
    for name in view.shown:
        value = getattr(record, name)
        if name == "mentions" and view.key(name) != name:
            out[view.key(name)] = [_public_mention(m) for m in value]
        else:
            out[view.key(name)] = plain(value, tz)
    return out


# --- the spool: lossless, read back into the record -----------------------------------------------------


def spool_json(record: ArticleRecord) -> dict[str, Any]:
    return view_of(record, SPOOL)


def _exact_values(figure: Mapping[str, Any]) -> dict[str, Any]:
    """A spooled figure's numbers as the Decimals they were (JSON numbers, through their repr)."""
    out: dict[str, Any] = {"value": Decimal(repr(figure["value"]))}
    if "entity_canonical" in figure:  # a spool written before the field took the NLP's name
        out["entity"] = figure["entity_canonical"]
    if figure.get("upper") is not None:
        out["upper"] = Decimal(repr(figure["upper"]))
    return out


def record_from_json(data: Mapping[str, Any]) -> ArticleRecord:
    """The record a spool line holds; keys the record no longer has are ignored (an older spool)."""
    values = {k: v for k, v in data.items() if k in RECORD_FIELDS}
    for name in _DATETIME_FIELDS:
        if values.get(name):
            values[name] = datetime.fromisoformat(values[name])
    values["mentions"] = [MentionRecord(**{**m, "aliases": tuple(m.get("aliases", ()))})
                          for m in values.get("mentions", [])]
    values["figures"] = [FigureRecord(**{k: v for k, v in {**f, **_exact_values(f)}.items()
                                         if k != "entity_canonical"}) for f in values.get("figures", [])]
    return ArticleRecord(**values)


# --- what a user reads: extract --json, export ----------------------------------------------------------


def extract_json(record: ArticleRecord) -> dict[str, Any]:
    """The documented `gbawatch extract --json` object."""
    return view_of(record, EXTRACT)


def export_row(record: ArticleRecord, *, article_id: int, cluster_id: int | None, tz: str) -> dict[str, Any]:
    """One row of `gbawatch export`: the record's view plus what storage knows (id, story), times in `tz`."""
    row = {"id": article_id, **view_of(record, EXPORT, ZoneInfo(tz))}
    row["cluster_id"] = cluster_id
    row["officials"] = list(officials(record.mentions))
    row["text"] = row.pop("text")  # last: the long column
    return row


def export_columns() -> list[str]:
    """The CSV header, in the order of export_row."""
    shown = [EXPORT.key(n) for n in EXPORT.shown if n != "text"]
    return ["id", *shown, "cluster_id", "officials", "text"]


def csv_values(row: Mapping[str, Any]) -> dict[str, Any]:
    """An export row flattened to one value per cell: entities by name, figures by their text (逾150個),
    attachments by URL, other lists joined with ';'."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key == EXPORT.key("mentions") and value and isinstance(value[0], Mapping):
            value = sorted({m["canonical"] for m in value})
        if isinstance(value, list):
            value = ";".join(_item_text(key, v) for v in value)
        out[key] = value
    return out


def _item_text(key: str, item: Any) -> str:
    if isinstance(item, Mapping):
        return str(item.get("url") if key == "attachments" else item.get("text", ""))
    return str(item)


# --- alerts ---------------------------------------------------------------------------------------------


def officials(mentions: Iterable[MentionRecord]) -> tuple[str, ...]:
    """The people mentioned, each once, with the title as written: 孫東（創新科技及工業局局長）."""
    out: dict[str, None] = {}
    for mention in mentions:
        if mention.type == "person":
            out[f"{mention.canonical}（{mention.title}）" if mention.title else mention.canonical] = None
    return tuple(out)


def entity_names(mentions: Sequence[MentionRecord], *, first: Sequence[str] = (), limit: int = 8) -> list[str]:
    """Canonical names of the projects, organisations and places named, `first` ahead of the rest."""
    others = list(dict.fromkeys(m.canonical for m in mentions if m.type != "person"))[:limit]
    return list(dict.fromkeys([*first, *others]))


def alert_article(record: ArticleRecord) -> dict[str, Any]:
    """The article part of an alert's summary (the webhook body and what the mail and feed render).

    Mentions appear as `entities` (names) and `officials`; matching (watch.matching) puts what matched
    first and keeps the figures about it."""
    out = view_of(record, ALERT)
    out[ALERT.key("mentions")] = entity_names(record.mentions)
    out["officials"] = list(officials(record.mentions))
    return out

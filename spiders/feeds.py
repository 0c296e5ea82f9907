"""Read an RSS or Atom feed's entries: the one reader of feed items for every spider that takes feeds."""

from __future__ import annotations

from dataclasses import dataclass

from parsel import Selector

from spiders.htmltext import clean_line


@dataclass(frozen=True)
class FeedEntry:
    """One feed item as written: its link (maybe relative), title, date text and content HTML."""

    link: str  # "" when the entry names none
    title: str
    published: str | None  # pubDate, published, updated or dc:date, whichever comes first; not parsed
    content: str  # RSS description (info.gov.hk puts the whole release there); "" when none


def feed_entries(xml: str) -> list[FeedEntry]:
    """Every `<item>` (RSS) or `<entry>` (Atom) of a feed, namespaces ignored."""
    document = Selector(text=xml, type="xml")
    document.remove_namespaces()
    return [
        FeedEntry(
            link=(entry.xpath("link/@href").get() or entry.xpath("link/text()").get()
                  or entry.xpath("guid/text()").get() or "").strip(),
            title=clean_line(" ".join(entry.xpath("title//text()").getall())),
            published=entry.xpath("pubDate/text() | published/text() | updated/text() | date/text()").get(),
            content=entry.xpath("description/text()").get() or "",
        )
        for entry in document.xpath("//item | //entry")
    ]

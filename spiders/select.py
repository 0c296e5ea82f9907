"""Read a page with a selector table (spiders/selectors.py): "the first selector that matches", written once.

A query is CSS, or XPath when it starts with `/` or `(`. A CSS query that names no pseudo-element reads the
text of everything it matches (`h1.title` means `h1.title ::text`); `::attr(name)` reads the first value only
(a page that repeats a meta tag does not get its value twice); `::text` reads every text node, joined. An
XPath query read as text must select the text nodes or attribute values itself (`…//text()`, `…/@href`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from parsel import Selector, SelectorList
from scrapy.http import Response

from spiders.htmltext import clean_line

T = TypeVar("T")
# What a query runs on: a page, an element of it, or a list of elements.
Node = Response | Selector | SelectorList[Selector]  # a Response must be a TextResponse


def nodes(node: Node, query: str) -> SelectorList[Selector]:
    """What `query` matches under `node`."""
    return node.xpath(query) if query.startswith(("/", "(")) else node.css(query)


def raw_text(node: Node, query: str) -> str:
    """The text `query` reads under `node`, as written (its text nodes joined by spaces)."""
    if query.startswith(("/", "(")):  # XPath: it selects the text nodes or attribute values itself
        return " ".join(node.xpath(query).getall())
    if "::attr(" in query:
        return node.css(query).get() or ""
    return " ".join(node.css(query if "::" in query else f"{query} ::text").getall())


def first(queries: Iterable[str], read: Callable[[str], T | None]) -> T | None:
    """`read(query)` of the first query that gives something: queries are tried in the table's order."""
    for query in queries:
        value = read(query)
        if value:
            return value
    return None


def first_parsed(node: Node, queries: Iterable[str], parse: Callable[[str], T | None]) -> T | None:
    """`parse` of the raw text of the first query whose text it can parse (a date, say)."""
    return first(queries, lambda query: parse(raw_text(node, query)))


def first_raw(node: Node, queries: Iterable[str]) -> str | None:
    """The raw text of the first query that finds any (an attribute value as written, say)."""
    return first(queries, lambda query: raw_text(node, query))


def first_text(node: Node, queries: Iterable[str]) -> str | None:
    """The cleaned text of the first query that finds any (None when none does)."""
    return first(queries, lambda query: clean_line(raw_text(node, query)))


def first_nodes(node: Node, queries: Iterable[str],
                accept: Callable[[SelectorList[Selector]], object] = len) -> SelectorList[Selector]:
    """The matches of the first query whose matches `accept` takes (by default: any match at all)."""
    for query in queries:
        found = nodes(node, query)
        if accept(found):
            return found
    return SelectorList([])


def first_html(node: Node, queries: Iterable[str],
               drop: Iterable[str] = ()) -> str | None:
    """The HTML of the first element the first matching query finds, without the blocks `drop` matches."""
    found = first_nodes(node, queries)
    if not found:
        return None
    if not drop:
        return str(found[0].get())
    element = Selector(text=found[0].get())
    for query in drop:
        nodes(element, query).drop()
    return str(element.get())

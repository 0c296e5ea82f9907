"""Turn an article body's HTML into clean text with BeautifulSoup: paragraphs, captions, no scripts or ads."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

# Elements whose content is never article text, wherever they sit inside the body.
_DROP_TAGS = ("script", "style", "noscript", "iframe", "form", "button", "select", "input",
              "textarea", "object", "embed", "svg", "canvas", "nav", "footer", "aside", "ins")
# class/id fragments that mark ads, share bars and related-link boxes inside a body.
_DROP_MARKERS = re.compile(
    r"(?:^|[_\- ])(ad|ads|advert\w*|banner|share\w*|related|relate|recommend\w*|tkp_related|"
    r"hot_?news|social|qrcode|print|toolbar|editor_?note)(?:$|[_\- \d])", re.I)
_BLOCK_TAGS = {"p", "div", "center", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr",
               "table", "section", "article", "blockquote", "figure", "figcaption", "ul", "ol", "pre"}
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u200b\ufeff]+")


@dataclass
class BodyText:
    text: str
    captions: list[str] = field(default_factory=list)


def _is_junk(tag: Tag) -> bool:
    if tag.name in _DROP_TAGS:
        return True
    marks = " ".join([tag.get("id") or "", *(tag.get("class") or [])])  # type: ignore[list-item]
    return bool(marks and _DROP_MARKERS.search(marks))


def clean_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line)
    return _SPACES.sub(" ", line).strip()


def html_to_text(html: str, *, caption_selector: str | None = None) -> BodyText:
    """Body HTML -> text with one paragraph per line; image captions are taken out and returned apart.

    A caption is the text of a `figcaption`, of an element matching `caption_selector`, or of a short
    block that directly follows an image and holds nothing but that image's caption.
    """
    soup = BeautifulSoup(html, "lxml")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(True):
        if tag.parent is not None and _is_junk(tag):
            tag.decompose()
    captions: list[str] = []
    for node in soup.find_all("figcaption"):
        captions.append(clean_line(node.get_text(" ")))
        node.decompose()
    if caption_selector:
        for node in soup.select(caption_selector):
            captions.append(clean_line(node.get_text(" ")))
            node.decompose()
    for img in soup.find_all("img"):
        block = img.find_parent(["p", "center", "div"])
        holder = block if block is not None and not clean_line(block.get_text()) else img
        sibling = holder.find_next_sibling()
        if sibling is not None and sibling.name in ("p", "center", "span", "div") and not sibling.find("img"):
            caption = clean_line(sibling.get_text(" "))
            if caption and len(caption) <= 120 and _looks_like_caption(sibling, caption):
                captions.append(caption)
                sibling.decompose()
        img.decompose()
    lines: list[str] = []
    _walk(soup, lines, [])
    text = "\n".join(line for line in (clean_line(x) for x in lines) if line)
    return BodyText(text=text, captions=[c for c in captions if c])


def _looks_like_caption(tag: Tag, text: str) -> bool:
    # Captions are centred or styled apart, or short and without a full stop at the end.
    style = (tag.get("style") or "") + " ".join(tag.get("class") or [])  # type: ignore[operator]
    if tag.name == "center" or "center" in str(style) or "caption" in str(style) or "pic" in str(style):
        return True
    return len(text) <= 60 and not text.endswith(("。", "！", "？", ".", "」"))


def _walk(node: Tag, lines: list[str], current: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            # A line break in the HTML source is only white space; paragraphs come from block tags.
            current.append(str(child).replace("\r", " ").replace("\n", " "))
            continue
        if not isinstance(child, Tag):
            continue
        if child.name in _BLOCK_TAGS:
            _flush(lines, current)
            _walk(child, lines, current)
            _flush(lines, current)
        else:
            _walk(child, lines, current)
    if node.name in ("[document]", "html", "body"):
        _flush(lines, current)


def _flush(lines: list[str], current: list[str]) -> None:
    if current:
        lines.append("".join(current))
        current.clear()

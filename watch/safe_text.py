"""Text made safe for where it goes: XML 1.0, one-line mail headers, spreadsheet cells, Markdown, terminals.

Titles and bodies come from pages anyone can write. Each output gets one function here, applied where the
output is built, so a hostile title can neither break a feed or a mail nor run in a reader's spreadsheet,
browser or terminal.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

# XML 1.0 Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Everything that ends a line for someone (RFC 5322 parsers, Python's str.splitlines, mail clients).
_LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
# C0 and C1 controls (ESC, BEL, backspace …) but tab and newline; also bidi overrides that reorder text.
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_HEADER_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
# A cell starting with one of these is a formula in Excel, LibreOffice and Google Sheets (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# CommonMark backslash escapes: enough to keep links, images, code, strong text, tables and raw HTML from
# forming. (`_` and `&` stay: intraword underscores never emphasise, and an entity decodes to text only.)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<>|~])")
_MARKDOWN_ESCAPED = re.compile(r"\\([\\`*\[\]<>|~])")
_URL_UNSAFE = re.compile(r"[\s()<>\[\]\\\"'`]")


def xml_text(text: str) -> str:
    """Drop the characters XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/FFFF)."""
    return _XML_INVALID.sub("", text)


def header_value(text: str, *, limit: int = 900) -> str:
    """One line for a mail header: line separators become spaces, other controls go, length is bounded."""
    line = _HEADER_CONTROLS.sub("", _LINE_BREAKS.sub(" ", text))
    return " ".join(line.split())[:limit]


def csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading formula character is escaped with an apostrophe."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def markdown_text(text: str) -> str:
    """Literal text in Markdown: inline markup and raw HTML escaped, kept on one line."""
    one_line = " ".join(_LINE_BREAKS.sub(" ", _TERMINAL_CONTROLS.sub("", text)).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line)


def unescape_markdown(text: str) -> str:
    """Undo `markdown_text` (for the plain-text rendering of a Markdown page)."""
    return _MARKDOWN_ESCAPED.sub(r"\1", text)


def markdown_url(url: str) -> str:
    """A link target: http(s) only (anything else becomes `#`), characters that end a link percent-encoded."""
    if not url.lower().startswith(("http://", "https://")):
        return "#"
    return _URL_UNSAFE.sub(lambda m: f"%{ord(m.group()) & 0xFF:02X}", url)


def redact_url(url: str) -> str:
    """A URL fit for logs and listings: the password and the query's values (tokens) replaced by ***."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, host = netloc.rpartition("@")
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:***@{host}" if ":" in userinfo else f"***@{host}"
    query = "&".join(f"{pair.split('=', 1)[0]}=***" if "=" in pair else "***"
                     for pair in parts.query.split("&") if pair)
    path = parts.path
    # Slack/Discord-style hooks carry the token in the path: keep the first segments, hide the long ones.
    path = "/".join("***" if len(segment) >= 16 else segment for segment in path.split("/"))
    return urlunsplit((parts.scheme, netloc, path, query, ""))


def redact_channel(spec: str) -> str:
    """A watch rule's channel as shown to people: `webhook:URL` with its URL redacted."""
    channel, sep, target = spec.partition(":")
    return f"{channel}:{redact_url(target)}" if channel == "webhook" and sep else spec


def terminal_text(text: str) -> str:
    """Printable on a terminal: escape sequences, bells and bidi overrides removed; newlines and tabs kept."""
    return _TERMINAL_CONTROLS.sub("", text.replace("\r\n", "\n"))

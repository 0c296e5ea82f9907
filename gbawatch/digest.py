"""The daily digest: re-exported from schedules.digest, where the digest job builds it too."""

from __future__ import annotations

from schedules.digest import (
    Digest,
    DigestArticle,
    DigestFigure,
    Story,
    build_digest,
    render_markdown,
    render_text,
)
from schedules.digest_html import digest_email, render_html, render_html_file

__all__ = [
    "Digest",
    "DigestArticle",
    "DigestFigure",
    "Story",
    "build_digest",
    "digest_email",
    "render_html",
    "render_html_file",
    "render_markdown",
    "render_text",
]

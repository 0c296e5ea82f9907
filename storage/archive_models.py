"""Archive tables beyond the core: story clusters (filled in by the archive issue)."""

from __future__ import annotations

"""Watching tables: watch rules, alerts, the delivery outbox (filled in by the watching issue)."""

from __future__ import annotations

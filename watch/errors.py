"""Errors raised by the watch package."""

from __future__ import annotations


class WatchError(Exception):
    """Base class for every error the watch package raises."""


class RuleError(WatchError):
    """Raised by watch.matching for a watch rule whose query or channels cannot be understood."""


class DeliveryError(WatchError):
    """Raised by watch.delivery when a channel refuses or cannot be reached; the outbox retries."""


class UndeliverableMessage(DeliveryError):
    """Raised by watch.delivery when a message cannot be built or addressed: no retry can help."""


class ProfileError(WatchError):
    """Raised by watch.profiles for a topic profile that cannot be understood (unknown key, bad query …)."""


class RelevanceModelError(WatchError):
    """Raised by watch.relevance_model when the model file is missing, unreadable or of another version."""

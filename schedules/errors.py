"""Errors raised by the schedules package."""

from __future__ import annotations


class SchedulesError(Exception):
    """Base class for every error the schedules package raises."""


class RuleError(SchedulesError):
    """Raised by schedules.matching for a watch rule whose query or channels cannot be understood."""


class DeliveryError(SchedulesError):
    """Raised by schedules.delivery when a channel refuses or cannot be reached; the outbox retries."""


class SchedulerConfigError(SchedulesError):
    """Raised by schedules.scheduler for an unusable schedule (bad digest time, time zone, interval)."""


class SchedulerBusy(SchedulesError):
    """Raised by schedules.scheduler when another live scheduler holds this database's lease."""

"""Errors raised by the schedules package."""

from __future__ import annotations


class SchedulesError(Exception):
    """Base class for every error the schedules package raises."""


class SchedulerConfigError(SchedulesError):
    """Raised by schedules.scheduler for an unusable schedule (bad digest time, time zone, interval)."""


class SchedulerBusy(SchedulesError):
    """Raised by schedules.scheduler when another live scheduler holds this database's lease."""

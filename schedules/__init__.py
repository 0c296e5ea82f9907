"""Watching on a schedule: crawls in subprocesses, alerts, the outbox, daily digests (APScheduler 3.x)."""

"""Scheduling: crawls in subprocesses, the digest job, outbox delivery and housekeeping (APScheduler 3.x)."""

"""Watching the archive: watch-rule matching, alerts, the outbox and its channels, feeds, daily digests."""

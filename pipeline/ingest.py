"""The one path of an article into the archive: store → index → cluster → match watch rules, in that order,
one batch at a time, whoever brings the batch: a crawl's store pipeline (`gbawatch crawl`, `demo`, the
scheduler's crawls, a bare `scrapy crawl`), `gbawatch ingest` of saved pages, a spool replay.

Store, index and cluster commit together, so a stored article is findable and in its story before any rule
sees it (alerts fold a story). The one failure path: a batch the database refuses is spooled whole
(`ingest_or_spool`), to be replayed by `gbawatch ingest --spool`; nothing else is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from pipeline.errors import SpoolFailed
from pipeline.spool import write_spool
from storage.archive_index import index_pending
from storage.clusters import cluster_articles
from storage.engine import in_transaction
from storage.errors import StorageError, one_line
from storage.records import ArticleRecord, StoreOutcome
from storage.repository import upsert_articles
from watch.alerts import alert_new_articles
from watch.relevance_service import score_records

logger = logging.getLogger(__name__)

DEFAULT_BATCH = 50  # articles per transaction (Scrapy: GBAWATCH_STORE_BATCH)


@dataclass
class BatchResult:
    """What became of one batch: stored (with what the later steps did), or spooled with the reason."""

    outcomes: list[StoreOutcome] = field(default_factory=list)
    linked: int = 0  # pairs of articles linked into stories
    alerts: int = 0
    messages: int = 0
    spooled: int = 0  # articles kept in `spool_file` because the database refused them
    spool_file: Path | None = None
    unkept: int = 0  # articles neither stored nor spooled: the disk refused the spool too
    failure: str | None = None  # why the batch was spooled or not kept, or why alerting failed (one line)

    @property
    def created(self) -> int:
        return sum(o.created for o in self.outcomes)


class IngestService:
    def __init__(self, sessions: sessionmaker[Session], *, tz: str = "Asia/Hong_Kong",
                 spool_dir: Path = Path("spool")) -> None:
        self.sessions = sessions
        self.tz = tz  # alert mails show times in it
        self.spool_dir = spool_dir

    def store(self, records: Sequence[ArticleRecord]) -> BatchResult:
        """Store, index, score (topic profiles) and cluster the batch in one transaction; a failure rolls it
        back and propagates."""
        def work(session: Session) -> BatchResult:
            outcomes = upsert_articles(session, records)
            changed = [(o, r) for o, r in zip(outcomes, records, strict=True) if o.created or o.changed]
            index_pending(session)
            # Scored against every topic profile from the records in hand (reading the batch back would cost
            # more than scoring it): a stored article is a ranked one.
            score_records(session, [(o.article_id, r) for o, r in changed])
            linked = cluster_articles(session, [o.article_id for o, _ in changed]).linked
            return BatchResult(outcomes=outcomes, linked=linked)

        # A concurrent crawl storing the same articles can make PostgreSQL abort one transaction (a deadlock
        # on shared rows): that batch is tried again, not spooled.
        return in_transaction(self.sessions, work)

    def alert(self, result: BatchResult) -> BatchResult:
        """Match the batch's new articles against every watch rule. A failure here leaves the batch stored
        and says why: the scheduler's catch-up (watch.alerts.run_alerts) matches them later."""
        try:
            report = alert_new_articles(self.sessions, [o.article_id for o in result.outcomes if o.created],
                                        tz=self.tz)
        except (SQLAlchemyError, StorageError) as exc:
            result.failure = f"alerts not raised: {one_line(exc)}"
            logger.error("%s; the scheduler's catch-up raises them", result.failure)
            return result
        result.alerts, result.messages = report.alerts, report.messages
        for error in report.errors:
            logger.error("alerts: %s", error)
        return result

    def ingest(self, records: Sequence[ArticleRecord]) -> BatchResult:
        """The whole path; the database refusing the batch propagates (a spool replay keeps its file)."""
        return self.alert(self.store(records)) if records else BatchResult()

    def ingest_or_spool(self, records: Sequence[ArticleRecord]) -> BatchResult:
        """The whole path; a batch the database refuses is written to the spool, with the reason."""
        if not records:
            return BatchResult()
        try:
            stored = self.store(records)
        except Exception as exc:  # whatever refused the batch, the spool keeps it: nothing is lost
            reason = one_line(exc)
            try:
                path = write_spool(self.spool_dir, list(records))
            except SpoolFailed as refused:
                logger.critical("could not store %d articles (%s), %s", len(records), reason, refused)
                return BatchResult(unkept=len(records), failure=str(refused))
            logger.error("could not store %d articles (%s); kept in %s — replay with `gbawatch ingest --spool %s`",
                         len(records), reason, path, self.spool_dir)
            return BatchResult(spooled=len(records), spool_file=path, failure=reason)
        return self.alert(stored)

"""The delivery outbox: queue once, claim exclusively, mark sent or back off; release dead claims."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from storage.backends import backend_for
from storage.types import utcnow
from storage.watch_models import OutboxMessage


def enqueue(
    session: Session,
    *,
    dedup_key: str,
    channel: str,
    target: str,
    payload: dict[str, Any],
    alert_id: int | None = None,
) -> int | None:
    """Queue a message once: the id, or None if a message with this key was queued before."""
    now = utcnow()
    return backend_for(session).insert_ignoring_conflicts(
        session,
        OutboxMessage,
        {
            "dedup_key": dedup_key,
            "alert_id": alert_id,
            "channel": channel,
            "target": target,
            "payload": payload,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        },
    )


def _claimable(now: datetime) -> Any:
    # Pending and due, or claimed by a delivery that died before its lease ran out.
    return or_(
        and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == "sending", OutboxMessage.claimed_until < now),
    )


def due_message_ids(session: Session, *, now: datetime | None = None, limit: int = 100) -> list[int]:
    now = now or utcnow()
    query = (
        select(OutboxMessage.id)
        .where(_claimable(now))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def claim_message(
    session: Session, message_id: int, *, lease: timedelta, now: datetime | None = None
) -> OutboxMessage | None:
    """Take a message for delivery, atomically: exactly one claimant wins (the UPDATE's row count decides)."""
    now = now or utcnow()
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, _claimable(now))
        .values(status="sending", claimed_until=now + lease, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    message = session.get(OutboxMessage, message_id, populate_existing=True)
    return message


def mark_sent(session: Session, message_id: int) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(status="sent", sent_at=utcnow(), claimed_until=None, last_error=None)
        .execution_options(synchronize_session=False)
    )


def mark_retry(session: Session, message_id: int, *, error: str, next_attempt_at: datetime) -> None:
    """The channel failed: the message stays pending until `next_attempt_at`."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(
            status="pending", claimed_until=None, last_error=error[:2000], next_attempt_at=next_attempt_at
        )
        .execution_options(synchronize_session=False)
    )


def mark_failed(session: Session, message_id: int, *, error: str) -> None:
    """The message can never be sent (it cannot be built or addressed): kept with its reason, not retried."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(status="failed", claimed_until=None, last_error=error[:2000])
        .execution_options(synchronize_session=False)
    )


def outbox_counts(session: Session) -> dict[str, int]:
    query = select(OutboxMessage.status, func.count(OutboxMessage.id)).group_by(OutboxMessage.status)
    return {status: int(count) for status, count in session.execute(query)}


def messages_by_status(session: Session, key_prefix: str) -> dict[str, int]:
    """How many messages whose dedup key starts with `key_prefix` (a day's digest) are in each status."""
    query = (select(OutboxMessage.status, func.count(OutboxMessage.id))
             .where(OutboxMessage.dedup_key.startswith(key_prefix, autoescape=True))
             .group_by(OutboxMessage.status))
    return {status: int(count) for status, count in session.execute(query)}


def last_errors(session: Session, key_prefix: str) -> list[str]:
    query = select(OutboxMessage.last_error).where(
        OutboxMessage.dedup_key.startswith(key_prefix, autoescape=True), OutboxMessage.status != "sent",
        OutboxMessage.last_error.is_not(None))
    return sorted({error for error in session.scalars(query) if error})


def due_now(session: Session, key_prefix: str, *, now: datetime | None = None) -> int:
    """Make the pending messages of `key_prefix` due at once (a user asking to send again now)."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.dedup_key.startswith(key_prefix, autoescape=True), OutboxMessage.status == "pending")
        .values(next_attempt_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def prune_sent(session: Session, *, before: datetime) -> int:
    result = session.execute(
        delete(OutboxMessage).where(OutboxMessage.status == "sent", OutboxMessage.sent_at < before)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def release_claims(session: Session) -> int:
    """Put messages claimed by a deliverer that is gone back to pending (the scheduler calls this as it
    starts: one scheduler per database, so any claim left is from a process that died mid-send)."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == "sending")
        .values(status="pending", claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]

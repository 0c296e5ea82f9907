"""Deliver the outbox: claim each due message, send it on its channel, mark it sent or back off."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from storage.types import utcnow
from storage.watch_outbox import claim_message, due_message_ids, mark_failed, mark_retry, mark_sent
from watch.delivery import SmtpConfig, post_webhook, send_email
from watch.errors import DeliveryError, UndeliverableMessage
from watch.safe_text import redact_url

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backoff:
    """Delay before retry n (1-based): base × 2^(n-1), capped."""

    base_seconds: float = 60.0
    cap_seconds: float = 3600.0

    def delay(self, attempts: int) -> timedelta:
        return timedelta(seconds=min(self.cap_seconds, self.base_seconds * 2 ** max(0, attempts - 1)))


@dataclass(frozen=True)
class Channels:
    """How to reach each channel; plain values so jobs can carry them."""

    smtp: SmtpConfig = field(default_factory=SmtpConfig)
    webhook_secret: str | None = None
    webhook_timeout: float = 30.0
    webhook_allowed_hosts: tuple[str, ...] = ()  # internal hosts webhooks may reach (explicitly allowed)


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def message_id_for(message_id: int, dedup_key: str, domain: str = "gba-watch") -> str:
    safe = "".join(c if c.isalnum() or c in ".-" else "." for c in dedup_key)[:120]
    return f"<outbox-{message_id}.{safe}@{domain}>"


def _send(
    channels: Channels,
    channel: str,
    target: str,
    payload: dict[str, object],
    *,
    message_id: int,
    dedup_key: str,
) -> None:
    if channel == "email":
        send_email(channels.smtp, target, payload, message_id=message_id_for(message_id, dedup_key))
    elif channel == "webhook":
        post_webhook(
            target,
            payload,
            secret=channels.webhook_secret,
            delivery_id=dedup_key,
            timeout=channels.webhook_timeout,
            allowed_hosts=channels.webhook_allowed_hosts,
        )
    else:
        raise DeliveryError(f"unknown channel {channel!r}")


def deliver_outbox(
    sessions: sessionmaker[Session],
    channels: Channels,
    *,
    backoff: Backoff = Backoff(),
    lease: timedelta = timedelta(minutes=10),
    now: datetime | None = None,
    limit: int = 100,
) -> DeliveryReport:
    """Send what is due. A claim is committed before sending, so two deliverers never send one message;
    a failure leaves it pending with the error and a later `next_attempt_at`."""
    report = DeliveryReport()
    with sessions() as session:
        due = due_message_ids(session, now=now, limit=limit)
    for message_id in due:
        with sessions.begin() as session:
            message = claim_message(session, message_id, lease=lease, now=now)
            if message is None:
                continue  # another deliverer took it
            channel, target, payload = message.channel, message.target, dict(message.payload)
            attempts, dedup_key = message.attempts, message.dedup_key
        try:
            _send(channels, channel, target, payload, message_id=message_id, dedup_key=dedup_key)
        except UndeliverableMessage as exc:
            logger.error("delivery %s to %s is impossible, marked failed: %s", channel, redact_url(target), exc)
            with sessions.begin() as session:
                mark_failed(session, message_id, error=str(exc))
            report.failed += 1
            report.errors.append(str(exc))
            continue
        except DeliveryError as exc:
            retry_at = (now or utcnow()) + backoff.delay(attempts)
            logger.warning(
                "delivery %s to %s failed (attempt %d, retry at %s): %s",
                channel,
                redact_url(target),
                attempts,
                retry_at.isoformat(),
                exc,
            )
            with sessions.begin() as session:
                mark_retry(session, message_id, error=str(exc), next_attempt_at=retry_at)
            report.failed += 1
            report.errors.append(str(exc))
            continue
        with sessions.begin() as session:
            mark_sent(session, message_id)
        report.sent += 1
    return report

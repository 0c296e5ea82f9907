"""Channels: e-mail over SMTP (plain text + HTML, inline images) and webhooks (JSON POST, HMAC-signed)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import smtplib
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Any

from watch.errors import DeliveryError, UndeliverableMessage
from watch.safe_text import header_value, redact_url

SIGNATURE_HEADER = "X-GbaWatch-Signature"
DELIVERY_HEADER = "X-GbaWatch-Delivery"


@dataclass(frozen=True)
class SmtpConfig:
    host: str = "127.0.0.1"
    port: int = 25
    user: str | None = None
    password: str | None = None
    starttls: bool | None = None  # None: on when credentials are set (never send a password in the clear)
    mail_from: str = "gba-watch@localhost"
    timeout: float = 30.0
    implicit_tls: bool = False  # SMTPS (port 465): TLS from the first byte

    @property
    def use_starttls(self) -> bool:
        if self.implicit_tls:
            return False
        return bool(self.user) if self.starttls is None else self.starttls


def build_email(config: SmtpConfig, to: str, payload: dict[str, Any], *, message_id: str) -> EmailMessage:
    """multipart/alternative (text, HTML); images in `payload["images"]` ride along as cid: parts."""
    try:
        return _build_email(config, to, payload, message_id=message_id)
    except (ValueError, TypeError, LookupError, binascii.Error) as exc:
        # Header or part construction refused the content (the email package raises ValueError for a
        # header that would inject lines): a retry would build the same broken message.
        raise UndeliverableMessage(f"cannot build the mail to {header_value(to)!r}: {exc}") from exc


def _build_email(config: SmtpConfig, to: str, payload: dict[str, Any], *, message_id: str) -> EmailMessage:
    address = header_value(to)
    if address != to or not valid_address(address):
        raise UndeliverableMessage(f"not a mail address: {address!r}")
    message = EmailMessage()
    message["Subject"] = header_value(str(payload.get("subject", "gba-watch")), limit=200)
    message["From"] = header_value(config.mail_from)
    message["To"] = address
    message["Date"] = formatdate(localtime=False)
    # A stable Message-ID per outbox row: a retry after an unrecorded success is recognisably the same mail.
    message["Message-ID"] = header_value(message_id)
    message.set_content(payload.get("text", ""), charset="utf-8")
    if payload.get("html"):
        message.add_alternative(payload["html"], subtype="html", charset="utf-8")
        images = payload.get("images") or []
        if images:
            html_part: Any = message.get_payload()[-1]  # type: ignore[index]
            for image in images:
                html_part.add_related(
                    base64.b64decode(image["png_b64"]),
                    maintype="image",
                    subtype="png",
                    cid=f"<{image['cid']}>",
                    filename=image.get("filename", "chart.png"),
                    disposition="inline",
                )
    return message


def valid_address(address: str) -> bool:
    """One plain addr-spec (local@domain): no display name, spaces, controls or second address."""
    name, parsed = parseaddr(address)
    return (not name and parsed == address and address.count("@") == 1 and not any(c.isspace() for c in address)
            and all(address.split("@")))


def send_email(config: SmtpConfig, to: str, payload: dict[str, Any], *, message_id: str) -> None:
    message = build_email(config, to, payload, message_id=message_id)
    try:
        smtp_class = smtplib.SMTP_SSL if config.implicit_tls else smtplib.SMTP
        with smtp_class(config.host, config.port, timeout=config.timeout) as smtp:
            if config.use_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if config.user:
                smtp.login(config.user, config.password or "")
            refused = smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"SMTP {config.host}:{config.port} to {to}: {_reason(exc)}") from exc
    if refused:
        raise DeliveryError(f"SMTP {config.host}:{config.port} refused {', '.join(refused)}")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        error = (
            exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        )
        return f"{exc.smtp_code} {error}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "recipients refused: " + ", ".join(f"{k} {v[0]}" for k, v in exc.recipients.items())
    return f"{type(exc).__name__}: {exc}"


def sign(secret: str, body: bytes) -> str:
    """The signature header's value: sha256=<hex HMAC of the raw body>, as GitHub's webhooks do."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    return hmac.compare_digest(sign(secret, body), header)


def post_webhook(
    url: str, body: dict[str, Any], *, secret: str | None, delivery_id: str, timeout: float = 30.0
) -> int:
    """POST the JSON body; a 2xx status is success, anything else raises DeliveryError."""
    data = json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "gba-watch",
        DELIVERY_HEADER: delivery_id,
    }
    if secret:
        headers[SIGNATURE_HEADER] = sign(secret, data)
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise DeliveryError(f"webhook {redact_url(url)}: HTTP {exc.code} {exc.reason}") from exc
    except (TimeoutError, urllib.error.URLError, OSError) as exc:
        raise DeliveryError(f"webhook {redact_url(url)}: {getattr(exc, 'reason', exc)}") from exc

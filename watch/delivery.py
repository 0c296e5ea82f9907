"""Channels: e-mail over SMTP (plain text + HTML, inline images) and webhooks (JSON POST, HMAC-signed)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import json
import smtplib
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Collection
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Any
from urllib.parse import urlsplit

from spiders.outbound import WEB_SCHEMES, address_refusal, host_refusal, normal_host
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


def webhook_refusal(url: str, allowed_hosts: Collection[str] = (), *, resolve: bool = False) -> str | None:
    """Why a webhook may not be sent to `url`, or None.

    A loopback, private or link-local target (as written, or, with `resolve`, any address its name resolves
    to) needs its host or address in `allowed_hosts` (GBAWATCH_WEBHOOK_ALLOWED_HOSTS): otherwise a rule could
    make the server POST into its own network. A name that does not resolve is left to the POST to report.
    """
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return "not a URL"
    if parts.scheme.lower() not in WEB_SCHEMES or not host:
        return "not an http(s) URL with a host"
    allowed = {normal_host(h) for h in allowed_hosts}
    host = normal_host(host)
    if host in allowed:
        return None
    written = host_refusal(host)
    if written is not None:
        return f"{written.value} address {host}"
    if not resolve:
        return None
    try:
        found = socket.getaddrinfo(host, port or (443 if parts.scheme.lower() == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return None
    for *_, sockaddr in found:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        reason = address_refusal(address)
        if reason is not None and str(address) not in allowed:
            return f"{host} resolves to {reason.value} address {address}"
    return None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A webhook answers for itself: a redirect is reported, never followed (it could point anywhere)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def post_webhook(
    url: str, body: dict[str, Any], *, secret: str | None, delivery_id: str, timeout: float = 30.0,
    allowed_hosts: Collection[str] = (),
) -> int:
    """POST the JSON body; a 2xx status is success, anything else raises DeliveryError.

    An internal target not in `allowed_hosts` raises UndeliverableMessage (see `webhook_refusal`).
    """
    refusal = webhook_refusal(url, allowed_hosts, resolve=True)
    if refusal is not None:
        raise UndeliverableMessage(f"webhook {redact_url(url)} refused: {refusal} (allow it with "
                                   "GBAWATCH_WEBHOOK_ALLOWED_HOSTS)")
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
        with urllib.request.build_opener(_NoRedirects()).open(request, timeout=timeout) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        exc.close()
        moved = " (a redirect, not followed)" if 300 <= exc.code < 400 else ""
        raise DeliveryError(f"webhook {redact_url(url)}: HTTP {exc.code} {exc.reason}{moved}") from exc
    except (TimeoutError, urllib.error.URLError, OSError) as exc:
        raise DeliveryError(f"webhook {redact_url(url)}: {getattr(exc, 'reason', exc)}") from exc

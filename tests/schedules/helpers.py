"""Test helpers: articles in the database, a real SMTP server and a real webhook receiver on 127.0.0.1."""

from __future__ import annotations

import email
import email.policy
import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from sqlalchemy.orm import Session

from storage.records import ArticleRecord, FigureRecord, MentionRecord
from storage.repository import upsert_article

HKT = timezone(timedelta(hours=8))

HETAO = ("河套深港科技創新合作區", "河套深港科技创新合作区", ("河套合作區", "河套合作区", "河套"))


def mention(
    surface: str,
    start: int,
    *,
    entity: tuple[str, str, tuple[str, ...]] = HETAO,
    type_: str = "project",
    title: str | None = None,
) -> MentionRecord:
    canonical, simplified, aliases = entity
    return MentionRecord(
        surface=surface,
        canonical=canonical,
        canonical_simplified=simplified,
        type=type_,
        title=title,
        start=start,
        end=start + len(surface),
        known=True,
        aliases=aliases,
    )


def add_article(
    session: Session,
    n: int,
    *,
    title: str = "河套合作區新進展",
    source: str = "takungpao_hk",
    text: str | None = None,
    published_at: datetime | None = None,
    mentions: bool = True,
    twin: str | None = None,
    first_seen_at: datetime | None = None,
    simplified: tuple[str, str] | None = None,
    people: Sequence[tuple[str, str]] = (),
    url: str | None = None,
) -> int:
    """Store article number n; returns its id."""
    text = text or f"第{n}號公告：河套合作區已落地150個項目，投資總額達30億元。\n第二段。"
    url = url or f"https://www.takungpao.com.hk/news/232109/2025/1010/{1130000 + n}.html"
    title_s, text_s = simplified or (title, text)
    record = ArticleRecord(
        url=url,
        url_key=url.split("://", 1)[1].removeprefix("www."),
        source=source,
        title=title,
        text=text,
        title_simplified=title_s,
        text_simplified=text_s,
        published_at=published_at or datetime(2025, 10, 10, 9, 30, tzinfo=HKT),
        content_hash=f"h{n}-{hash(text)}",
        fetched_at=first_seen_at,
        twin_url=twin,
        twin_key=twin.split("://", 1)[1].removeprefix("www.") if twin else None,
        mentions=(
            [mention("河套合作區", text.index("河套合作區"))] if mentions and "河套合作區" in text else []
        )
        + [
            mention(name, text.index(name), entity=(name, name, ()), type_="person", title=title)
            for name, title in people
        ],
        figures=[
            FigureRecord(
                value=150,
                unit="個",
                currency=None,
                metric="項目",
                qualifier=None,
                text="150個",
                sentence=text.split("\n")[0],
                start=text.find("150"),
                end=text.find("150") + 4,
                entity=HETAO[0],
                salient=True,  # a count of projects landed: what nlp.salience says of it
            )
        ]
        if "150" in text
        else [],
    )
    return upsert_article(session, record).article_id


# --- SMTP ------------------------------------------------------------------------------------------------


@dataclass
class SmtpSink:
    """aiosmtpd handler: keeps parsed messages; `refusing` answers 451 to every DATA."""

    messages: list[EmailMessage] = field(default_factory=list)
    refusing: bool = False
    attempts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd API
        with self.lock:
            self.attempts += 1
            if self.refusing:
                return "451 4.3.0 Mailbox temporarily unavailable"
            parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append(parsed)  # type: ignore[arg-type]
        with self.arrived:
            self.arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 60) -> list[EmailMessage]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, timeout=timeout)
        return list(self.messages)


class _PortZeroController(Controller):
    """aiosmtpd's Controller on port 0: learn the port the OS gave before poking the server."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@contextmanager
def smtp_server() -> Iterator[tuple[SmtpSink, int]]:
    sink = SmtpSink()
    controller = _PortZeroController(sink, hostname="127.0.0.1", port=0)
    controller.start()
    try:
        yield sink, controller.port
    finally:
        controller.stop()


# --- webhooks ----------------------------------------------------------------------------------------------


@dataclass
class WebhookSink:
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    status: int = 200
    redirect_to: str | None = None  # answer 302 with this Location instead
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _, body in self.requests]


@contextmanager
def webhook_server(statuses: Sequence[int] = ()) -> Iterator[tuple[WebhookSink, str]]:
    sink = WebhookSink()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if sink.redirect_to:
                self.send_response(302)
                self.send_header("Location", sink.redirect_to)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = sink.status
            if status < 300:
                with sink.arrived:
                    sink.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                    sink.arrived.notify_all()
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield sink, f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

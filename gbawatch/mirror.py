"""A local HTTP mirror of the sources: one loopback server per site folder, same path layout as the real site.

Layout: `<root>/<host>/<path>` (e.g. `tests/mirror/sites/www.takungpao.com.hk/news/232109/index.html`).
A directory path serves its `index.html`. A sidecar `<file>.meta.json` may set `status`, `headers`
(e.g. a wrong charset in Content-Type), `delay` (seconds, for timeout tests) or `redirect`.
Each host gets its own port so that root-relative links on a page stay inside that host.
"""

from __future__ import annotations

import json
import mimetypes
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO_ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT_ROOT = REPO_ROOT / "tests" / "mirror" / "sites"


class _Handler(BaseHTTPRequestHandler):
    server_version = "gbawatch-mirror/1"

    def __init__(self, *args: object, site_root: Path, **kwargs: object) -> None:
        self.site_root = site_root
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass  # the mirror is quiet; Scrapy logs what it fetched

    def do_GET(self) -> None:
        self._serve(body=True)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def _resolve(self) -> Path | None:
        path = unquote(urlsplit(self.path).path)
        target = (self.site_root / path.lstrip("/")).resolve()
        if self.site_root not in target.parents and target != self.site_root:
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def _serve(self, *, body: bool) -> None:
        target = self._resolve()
        if target is None:
            self._send(404, b"<html><body><h1>404 Not Found</h1></body></html>",
                       {"Content-Type": "text/html; charset=utf-8"}, body)
            return
        meta_file = target.with_name(target.name + ".meta.json")
        meta = json.loads(meta_file.read_text("utf-8")) if meta_file.is_file() else {}
        if meta.get("delay"):
            time.sleep(float(meta["delay"]))
        if meta.get("redirect"):
            self._send(int(meta.get("status", 302)), b"", {"Location": meta["redirect"]}, body)
            return
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if target.suffix in (".html", ".htm", ".shtml"):
            content_type = "text/html"
        headers = {"Content-Type": content_type, **meta.get("headers", {})}
        self._send(int(meta.get("status", 200)), target.read_bytes(), headers, body)

    def _send(self, status: int, payload: bytes, headers: dict[str, str], body: bool) -> None:
        try:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if body:
                self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test); nothing to clean up


@dataclass
class Mirror:
    """Running servers: host name -> base URL on 127.0.0.1."""

    bases: dict[str, str] = field(default_factory=dict)
    _servers: list[ThreadingHTTPServer] = field(default_factory=list)

    def base(self, host: str) -> str:
        return self.bases[host]

    def close(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()


def start_mirror(root: Path = SNAPSHOT_ROOT, hosts: list[str] | None = None) -> Mirror:
    mirror = Mirror()
    for site in sorted(p for p in root.iterdir() if p.is_dir()):
        if hosts is not None and site.name not in hosts:
            continue
        handler = partial(_Handler, site_root=site.resolve())
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, name=f"mirror-{site.name}", daemon=True).start()
        mirror._servers.append(server)
        mirror.bases[site.name] = f"http://127.0.0.1:{server.server_address[1]}"
    return mirror


@contextmanager
def serving(root: Path = SNAPSHOT_ROOT, hosts: list[str] | None = None) -> Iterator[Mirror]:
    mirror = start_mirror(root, hosts)
    try:
        yield mirror
    finally:
        mirror.close()

"""Small real HTTP(S) servers on loopback for the transport's fault tests: one that records
every request it receives, one that answers every request with a redirect, each over plain
HTTP or over HTTPS with a certificate from a test authority (trustme)."""

from __future__ import annotations

import http.server
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import trustme


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Loopback:
    url: str
    received: list[Received] = field(default_factory=list)


def _handler(served: Loopback, redirect: tuple[int, str] | None) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            served.received.append(Received(self.command, self.path, dict(self.headers.items()), body))
            if redirect is not None:
                status, target = redirect
                self.send_response(status)
                self.send_header("Location", target + self.path)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            payload = b'{"accepted": [], "rejected": [], "server_time": 0, "epoch": "x"}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve(*, authority: trustme.CA | None = None, redirect: tuple[int, str] | None = None) -> Iterator[Loopback]:
    """A server on 127.0.0.1 that records what it receives; over HTTPS with a certificate
    from ``authority`` when given; answering ``redirect`` (status, target URL + the path
    asked for) instead of 200 when given."""
    served = Loopback(url="")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(served, redirect))
    scheme = "http"
    if authority is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        authority.issue_cert("127.0.0.1").configure_cert(context)
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
        scheme = "https"
    served.url = f"{scheme}://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        httpd.shutdown()
        httpd.server_close()

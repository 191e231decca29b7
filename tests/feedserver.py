"""A real HTTP server on 127.0.0.1 for tests: serves bytes and scripted responses.

Routes map a path to a `Response`, a list of them (served in turn, the last one
repeating), or a function of the request. Static routes get an ETag and answer a
matching If-None-Match with 304, like a well-behaved feed host. Every request is logged.
"""

from __future__ import annotations

import gzip
import hashlib
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass(frozen=True)
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering (a slow server)."""
    conditional: bool = False
    """Send an ETag and answer If-None-Match with 304."""
    gzip: bool = False


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    status: int
    connection: int = 0
    """The client's port: requests with the same one came over the same connection."""


Route = Response | list[Response] | Callable[["Seen"], Response]

CONTENT_TYPES = {".xml": "application/xml", ".rss": "application/rss+xml",
                 ".atom": "application/atom+xml", ".rdf": "application/rdf+xml",
                 ".html": "text/html; charset=utf-8", ".opml": "text/x-opml"}


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up (timeouts, size caps) are part of the tests


class FeedServer:
    """`with FeedServer() as server: server.url("/feed.xml")`."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self._turns: dict[str, int] = {}
        self._lock = threading.Lock()
        self._httpd = _QuietServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,),
                                        daemon=True)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def add_bytes(self, path: str, body: bytes, content_type: str | None = None,
                  **options: object) -> str:
        suffix = Path(path.split("?")[0]).suffix
        ctype = content_type or CONTENT_TYPES.get(suffix, "application/octet-stream")
        return self.add(path, Response(200, body, {"Content-Type": ctype},
                                       conditional=True, **options))  # type: ignore[arg-type]

    def add_file(self, path: str, file: Path, **options: object) -> str:
        return self.add_bytes(path, file.read_bytes(), **options)  # type: ignore[arg-type]

    def hits(self, path: str) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _respond(self, path: str, seen: Seen) -> Response:
        route = self.routes.get(path) or self.routes.get(path.split("?")[0])
        if route is None:
            return Response(404, b"not found", {"Content-Type": "text/plain"})
        if isinstance(route, list):
            with self._lock:
                turn = self._turns.get(path, 0)
                self._turns[path] = turn + 1
            return route[min(turn, len(route) - 1)]
        if callable(route):
            return route(seen)
        return route

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                probe = Seen("GET", self.path, headers, 0)
                response = server._respond(self.path, probe)
                if response.delay:
                    time.sleep(response.delay)
                status, body, out = response.status, response.body, dict(response.headers)
                if response.conditional and status == 200:
                    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                    out["ETag"] = etag
                    out.setdefault("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT")
                    if headers.get("if-none-match") == etag:
                        status, body = 304, b""
                if response.gzip and body and "gzip" in headers.get("accept-encoding", ""):
                    body = gzip.compress(body)
                    out["Content-Encoding"] = "gzip"
                with server._lock:
                    server.requests.append(
                        Seen("GET", self.path, headers, status, self.client_address[1]))
                try:
                    self.send_response(status)
                    for name, value in out.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if status != 304:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading (size cap, timeout): fine

        return Handler


def closed_port() -> int:
    """A 127.0.0.1 port where nothing listens: a connection there is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

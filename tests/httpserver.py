"""A real local HTTP server for tests: routes of canned responses, request log.

Usage in a test module (works with ``--import-mode=importlib``)::

    from tests.httpserver import LocalServer, Route

    @pytest.fixture
    def server():
        with LocalServer() as srv:
            yield srv

    def test_x(server):
        server.add("/feed.xml", Route(body=b"<rss/>", etag='"v1"'))
        url = server.url("/feed.xml")

A root ``conftest.py`` may also register this module as a plugin
(``pytest_plugins = ["tests.httpserver"]``) to get the ``local_server`` fixture.

Each route can return fixed bytes with headers, answer 304 to matching
If-None-Match / If-Modified-Since, fail with a status, drip its body slowly,
stream forever, or redirect; ``add_sequence`` serves a different route per
request (a 500, then the feed). The server counts requests per path, keeps their
headers, and records whether each body was sent to the end or cut off.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

import pytest

# An endless route stops by itself after this much, so a broken client cannot
# keep a test running forever; 64 MiB is far above any cap under test.
ENDLESS_SAFETY_LIMIT = 64 * 2**20


@dataclass
class Route:
    """One canned response."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # sent as ETag; a matching If-None-Match gets 304
    last_modified: str | None = None  # sent as Last-Modified; If-Modified-Since >= it gets 304
    redirect_to: str | None = None  # answer 302 with this Location (a path or a URL)
    drip_bytes: int = 0  # if > 0, send the body this many bytes at a time ...
    drip_delay_s: float = 0.0  # ... sleeping this long before each piece
    endless: bool = False  # stream `body` (or zeros) over and over until the client leaves


@dataclass
class RequestRecord:
    """What the server saw of one request."""

    path: str
    headers: dict[str, str]  # names lowercased
    outcome: str = "pending"  # "complete" or "aborted" once the response is over


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"  # close-delimited bodies: an endless stream needs no length

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        record = RequestRecord(path, {k.lower(): v for k, v in self.headers.items()})
        self.server.owner._record(record)
        route = self.server.owner._route(path)
        try:
            if route is None:
                self._send(404, {}, b"not found")
            elif route.redirect_to is not None:
                self._send(302, {"Location": route.redirect_to}, b"")
            elif _not_modified(route, record.headers):
                self._send(304, _validators(route), b"")
            else:
                self._serve(route)
            record.outcome = "complete"
        except (BrokenPipeError, ConnectionResetError):
            record.outcome = "aborted"

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _serve(self, route: Route) -> None:
        headers = {**_validators(route), **route.headers}
        if not (route.endless or route.drip_bytes):
            self._send(route.status, headers, route.body)
            return
        self.send_response(route.status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.flush()
        if route.endless:
            chunk = route.body or bytes(64 * 1024)
            sent = 0
            while sent < ENDLESS_SAFETY_LIMIT:
                self.wfile.write(chunk)
                self.wfile.flush()
                sent += len(chunk)
            return
        for start in range(0, len(route.body), route.drip_bytes):
            time.sleep(route.drip_delay_s)
            self.wfile.write(route.body[start : start + route.drip_bytes])
            self.wfile.flush()


def _validators(route: Route) -> dict[str, str]:
    headers = {}
    if route.etag:
        headers["ETag"] = route.etag
    if route.last_modified:
        headers["Last-Modified"] = route.last_modified
    return headers


def _not_modified(route: Route, headers: dict[str, str]) -> bool:
    """HTTP's rule: If-None-Match decides when sent, else If-Modified-Since."""
    if "if-none-match" in headers:
        tags = [tag.strip() for tag in headers["if-none-match"].split(",")]
        return route.etag is not None and (route.etag in tags or "*" in tags)
    if "if-modified-since" in headers and route.last_modified:
        try:
            since = parsedate_to_datetime(headers["if-modified-since"])
            return parsedate_to_datetime(route.last_modified) <= since
        except (TypeError, ValueError):
            return False
    return False


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: LocalServer


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 and a free port; a context manager."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[RequestRecord] = []
        self._sequences: dict[str, list[Route]] = {}
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        # A short poll interval: shutdown() waits up to one interval, once per test.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def add(self, path: str, route: Route) -> str:
        """Serve ``route`` at ``path``; returns its full URL."""
        self.routes[path] = route
        return self.url(path)

    def add_sequence(self, path: str, routes: list[Route]) -> str:
        """Serve ``routes`` one per request at ``path``, the last one from then on."""
        with self._lock:
            self._sequences[path] = list(routes)
        return self.add(path, routes[-1])

    def _route(self, path: str) -> Route | None:
        with self._lock:
            sequence = self._sequences.get(path)
            if sequence and len(sequence) > 1:
                return sequence.pop(0)
        return self.routes.get(path)

    def count(self, path: str) -> int:
        """How many requests arrived for ``path``."""
        return len(self.seen(path))

    def seen(self, path: str) -> list[RequestRecord]:
        """The requests for ``path``, oldest first."""
        with self._lock:
            return [record for record in self.requests if record.path == path]

    def wait_outcome(self, path: str, timeout_s: float = 5.0) -> str:
        """The outcome of the last request for ``path``, once it is no longer pending."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            records = self.seen(path)
            if records and records[-1].outcome != "pending":
                return records[-1].outcome
            time.sleep(0.01)
        return "pending"

    def _record(self, record: RequestRecord) -> None:
        with self._lock:
            self.requests.append(record)

    def start(self) -> LocalServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    """A started LocalServer, stopped after the test."""
    with LocalServer() as server:
        yield server

"""Fetch one URL (http, https, file or a local path) with size and time limits.

A ``Fetcher`` wraps one ``httpx.Client``, so connections are reused across the
feeds of a run. Every failure comes out as a ``FetchError`` with a
``FailureKind``; a conditional request that finds nothing new comes back as a
result with ``not_modified=True``, not as an error.
"""

from __future__ import annotations

import ipaddress
import mimetypes
import socket
import time
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit
from urllib.request import url2pathname

import httpx

from pipeline.errors import FailureKind, FetchError

try:
    __version__ = version("chipnews")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

DEFAULT_USER_AGENT = f"chipnews/{__version__} (+https://github.com/chipnews/chipnews)"

# Feeds first; a source may point at an HTML page, so anything else is accepted too.
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)


@dataclass
class FetchLimits:
    """How long and how much one fetch may take; mirrors the [fetch] settings."""

    timeout_s: float = 20.0
    """Connect and per-read timeout; a slow feed still answers in 5 s."""
    total_timeout_s: float = 60.0
    """Deadline for the whole body however slowly it drips (checked between chunks)."""
    max_bytes: int = 5 * 2**20
    """5 MiB of decoded body: the largest real feed we saw was 1.2 MB; the cap stops
    a runaway page or an endless stream before it fills memory."""
    max_redirects: int = 5
    """Hops followed before giving up with FailureKind.REDIRECTS (also ends loops)."""
    user_agent: str = DEFAULT_USER_AGENT
    """Sent on every request so site owners can tell who we are."""
    block_private_addresses: bool = False
    """Refuse hosts (also redirect targets) resolving to loopback/private/link-local
    addresses. Off by default: sources are chosen by the user and tests run locally."""


@dataclass
class FetchResult:
    """What came back: the body, and the validators to send next time."""

    url: str
    """Final URL after redirects (a file: URI for local paths)."""
    status: int
    """200, 304, ... (local files: 200 or 304)."""
    content: bytes
    """The decoded body (gzip/deflate undone); empty when not_modified."""
    headers: dict[str, str] = field(default_factory=dict)
    """Response headers, names lowercased. On 304 the validators we sent are kept
    when the server did not repeat them, so they can be stored unchanged."""
    not_modified: bool = False
    elapsed_s: float = 0.0

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")


def _is_private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    return not ip.is_global or ip.is_multicast


class Fetcher:
    """Fetches URLs with one shared HTTP client; use as a context manager."""

    def __init__(
        self, limits: FetchLimits | None = None, *, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.limits = limits or FetchLimits()
        hooks = {"request": [self._check_address]} if self.limits.block_private_addresses else {}
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.limits.timeout_s),
            follow_redirects=True,
            max_redirects=self.limits.max_redirects,
            headers={"User-Agent": self.limits.user_agent, "Accept": _ACCEPT},
            transport=transport,
            event_hooks=hooks,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """Fetch ``url``; with validators from a previous result, may return not_modified.

        Raises FetchError for every failure (timeout, size, status, network, ...).
        """
        scheme = urlsplit(url).scheme.lower()
        if scheme in ("http", "https"):
            return self._fetch_http(url, etag, last_modified)
        if scheme == "file":
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                raise FetchError(FailureKind.OTHER, url, "file: URL on another host")
            return self._fetch_file(url, Path(url2pathname(parts.path)), etag, last_modified)
        if scheme == "" or len(scheme) == 1:  # a plain path, or a Windows drive letter
            return self._fetch_file(url, Path(url), etag, last_modified)
        raise FetchError(FailureKind.OTHER, url, f"unsupported scheme {scheme!r}")

    # -- http ------------------------------------------------------------------

    def _fetch_http(self, url: str, etag: str | None, last_modified: str | None) -> FetchResult:
        request_headers = {}
        if etag:
            request_headers["If-None-Match"] = etag
        if last_modified:
            request_headers["If-Modified-Since"] = last_modified
        start = time.monotonic()
        try:
            with self._client.stream("GET", url, headers=request_headers) as response:
                headers = {name: value for name, value in response.headers.items()}
                final_url = str(response.url)
                status = response.status_code
                if status == 304:
                    headers.setdefault("etag", etag or "")
                    headers.setdefault("last-modified", last_modified or "")
                    headers = {name: value for name, value in headers.items() if value}
                    return FetchResult(
                        final_url, status, b"", headers, True, time.monotonic() - start
                    )
                if not 200 <= status < 300:
                    detail = f"HTTP {status} {response.reason_phrase}".strip()
                    raise FetchError(FailureKind.HTTP_STATUS, final_url, detail, status=status)
                content = self._read_body(response, final_url, start)
        except httpx.TooManyRedirects as exc:
            raise FetchError(FailureKind.REDIRECTS, url, str(exc)) from exc
        except httpx.TimeoutException as exc:
            raise FetchError(FailureKind.TIMEOUT, url, type(exc).__name__) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise FetchError(FailureKind.OTHER, url, str(exc)) from exc
        except httpx.DecodingError as exc:  # a broken gzip/deflate body
            raise FetchError(FailureKind.PARSE_ERROR, url, str(exc)) from exc
        except httpx.TransportError as exc:
            raise FetchError(FailureKind.CONNECTION, url, f"{type(exc).__name__}: {exc}") from exc
        except httpx.HTTPError as exc:
            raise FetchError(FailureKind.OTHER, url, f"{type(exc).__name__}: {exc}") from exc
        return FetchResult(final_url, status, content, headers, False, time.monotonic() - start)

    def _read_body(self, response: httpx.Response, url: str, start: float) -> bytes:
        """Read the body chunk by chunk, stopping at max_bytes or the total deadline.

        Leaving early closes the connection, so the rest is never downloaded.
        """
        limits = self.limits
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limits.max_bytes:
            detail = f"Content-Length {declared} over the {limits.max_bytes}-byte cap"
            raise FetchError(FailureKind.TOO_LARGE, url, detail)
        deadline = start + limits.total_timeout_s
        chunks: list[bytes] = []
        size = 0
        # iter_bytes yields decoded bytes, so the cap also bounds a gzip bomb.
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limits.max_bytes:
                detail = f"body over the {limits.max_bytes}-byte cap"
                raise FetchError(FailureKind.TOO_LARGE, url, detail)
            chunks.append(chunk)
            if time.monotonic() > deadline:
                detail = f"body not complete after {limits.total_timeout_s:g} s"
                raise FetchError(FailureKind.TIMEOUT, url, detail)
        return b"".join(chunks)

    def _check_address(self, request: httpx.Request) -> None:
        """Event hook: refuse a request (or redirect) to a non-public address."""
        host = request.url.host
        try:
            infos = socket.getaddrinfo(host, request.url.port or 443, proto=socket.IPPROTO_TCP)
        except OSError:
            return  # let the client report the DNS failure as a connection error
        for *_, sockaddr in infos:
            if _is_private(str(sockaddr[0])):
                detail = f"{host} resolves to {sockaddr[0]}"
                raise FetchError(FailureKind.BLOCKED_ADDRESS, str(request.url), detail)

    # -- local files -------------------------------------------------------------

    def _fetch_file(
        self, url: str, path: Path, etag: str | None, last_modified: str | None
    ) -> FetchResult:
        """Read a local file under the same size cap, with mtime+size validators."""
        start = time.monotonic()
        try:
            with path.open("rb") as handle:
                stat = path.stat()
                file_etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
                headers = {
                    "etag": file_etag,
                    "last-modified": formatdate(stat.st_mtime, usegmt=True),
                }
                content_type = mimetypes.guess_type(path.name)[0]
                if content_type:
                    headers["content-type"] = content_type
                final_url = path.resolve().as_uri()
                if _unchanged(stat.st_mtime, file_etag, etag, last_modified):
                    return FetchResult(final_url, 304, b"", headers, True, time.monotonic() - start)
                content = handle.read(self.limits.max_bytes + 1)
        except FileNotFoundError as exc:
            raise FetchError(FailureKind.OTHER, url, "no such file") from exc
        except OSError as exc:  # a directory, no permission, ...
            raise FetchError(FailureKind.OTHER, url, f"{type(exc).__name__}: {exc}") from exc
        if len(content) > self.limits.max_bytes:
            detail = f"file over the {self.limits.max_bytes}-byte cap"
            raise FetchError(FailureKind.TOO_LARGE, url, detail)
        return FetchResult(final_url, 200, content, headers, False, time.monotonic() - start)


def _unchanged(mtime: float, file_etag: str, etag: str | None, last_modified: str | None) -> bool:
    """HTTP's rule for local files: the ETag decides if sent, else the date."""
    if etag:
        return etag == file_etag
    if last_modified:
        try:
            since = parsedate_to_datetime(last_modified).timestamp()
        except (TypeError, ValueError):
            return False
        return int(mtime) <= since
    return False

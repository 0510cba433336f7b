"""Fetch one URL (http, https, file or a local path) with size and time limits.

A ``Fetcher`` wraps one ``httpx.Client``, so connections are reused across the
feeds of a run. Every failure comes out as a ``FetchError`` with a
``FailureKind``; a conditional request that finds nothing new comes back as a
result with ``not_modified=True``, not as an error.

Each HTTP hop (the first request and every redirect, followed here one by one
rather than by httpx) goes through the same gates, in order:

1. address: with ``public_only``, the host must resolve only to public
   addresses (no loopback, private, link-local or cloud-metadata address);
2. robots: with ``robots``, the host's robots.txt must allow the URL;
3. politeness: one request at a time per host, ``min_host_delay_s`` apart.

Bodies are read raw and decompressed here, in bounded steps, so a gzip bomb
stops at ``max_bytes`` of output instead of inflating a whole chunk first.
"""

from __future__ import annotations

import ipaddress
import mimetypes
import socket
import time
import zlib
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from enum import StrEnum
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import TracebackType
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import httpx

from pipeline.errors import FailureKind, FetchError
from pipeline.politeness import HostClock
from pipeline.robots import (
    ROBOTS_MAX_BYTES,
    RobotsRules,
    allow_all,
    host_key,
    parse_robots,
    robots_url,
)

try:
    __version__ = version("chipnews")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

DEFAULT_USER_AGENT = f"chipnews/{__version__} (+https://github.com/chipnews/chipnews)"

# Feeds first; a source may point at an HTML page, so anything else is accepted too.
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
)
# Only what _Inflater undoes; a server must not pick br/zstd for us.
_ACCEPT_ENCODING = "gzip, deflate"
_REDIRECTS = (301, 302, 303, 307, 308)


class Expect(StrEnum):
    """What the caller will do with the body; decides which content types are refused."""

    FEED = "feed"  # XML of some kind; media and archives are refused
    PAGE = "page"  # an HTML page; only text types
    ANY = "any"


# Never a feed or a page, whatever the URL promised.
_NEVER_TEXT = ("image/", "audio/", "video/", "font/", "model/")
_NEVER_TEXT_TYPES = frozenset(
    {
        "application/pdf",
        "application/zip",
        "application/gzip",
        "application/x-gzip",
        "application/x-tar",
        "application/x-7z-compressed",
        "application/vnd.rar",
        "application/msword",
        "application/wasm",
    }
)
_PAGE_TYPES = frozenset({"application/xhtml+xml", "application/xml", "application/octet-stream"})


@dataclass
class FetchLimits:
    """How long and how much one fetch may take; mirrors the [fetch] settings."""

    timeout_s: float = 20.0
    """Connect and per-read timeout; a slow feed still answers in 5 s."""
    total_timeout_s: float = 60.0
    """Deadline for the whole body however slowly it drips (checked between chunks)."""
    max_bytes: int = 5 * 2**20
    """5 MiB of decoded body: the largest real feed we saw was 1.2 MB; the cap stops
    a runaway page, an endless stream or a gzip bomb before it fills memory. The
    compressed bytes on the wire are held to the same cap."""
    max_redirects: int = 5
    """Hops followed before giving up with FailureKind.REDIRECTS (loops end at once)."""
    user_agent: str = DEFAULT_USER_AGENT
    """Sent on every request so site owners can tell who we are (with a contact URL)."""
    block_private_addresses: bool = False
    """Default for ``fetch(public_only=...)``: refuse hosts (also redirect targets)
    resolving to loopback/private/link-local addresses. Off by default: sources are
    chosen by the user; URLs found inside feeds and pages are checked per call."""
    min_host_delay_s: float = 1.0
    """Pause between two requests to one host (a robots.txt Crawl-delay may lengthen
    it): one article page a second is what a careful reader's browser does."""
    delay_loopback: bool = False
    """Apply the pause to loopback hosts too; off because they are our own servers."""


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


class HttpStatusError(FetchError):
    """A 4xx/5xx answer; ``retry_after`` is the server's Retry-After header, if any."""

    def __init__(self, url: str, status: int, reason: str, retry_after: str | None) -> None:
        detail = f"HTTP {status} {reason}".strip()
        if retry_after:
            detail += f" (Retry-After: {retry_after})"
        super().__init__(FailureKind.HTTP_STATUS, url, detail, status=status)
        self.retry_after = retry_after


def _is_private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback
    # is_global is False for loopback, RFC 1918, link-local (169.254.0.0/16, where
    # cloud metadata lives), CGNAT, unique-local and reserved ranges.
    return not ip.is_global or ip.is_multicast


def _is_loopback_host(host: str) -> bool:
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class _Redirect:
    location: str


class Fetcher:
    """Fetches URLs with one shared HTTP client; use as a context manager."""

    def __init__(
        self, limits: FetchLimits | None = None, *, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.limits = limits or FetchLimits()
        self.clock = HostClock(self.limits.min_host_delay_s)
        self._robots: dict[str, RobotsRules] = {}
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.limits.timeout_s),
            follow_redirects=False,  # followed hop by hop in _fetch_http, each hop checked
            headers={
                "User-Agent": self.limits.user_agent,
                "Accept": _ACCEPT,
                "Accept-Encoding": _ACCEPT_ENCODING,
            },
            transport=transport,
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
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        public_only: bool | None = None,
        robots: bool = False,
        expect: Expect = Expect.ANY,
    ) -> FetchResult:
        """Fetch ``url``; with validators from a previous result, may return not_modified.

        ``public_only`` (default: ``limits.block_private_addresses``) refuses every
        hop whose host resolves to a non-public address; ``robots`` checks each
        hop against its host's robots.txt; ``expect`` refuses content types that
        cannot be what the caller wants. Local files are only read when
        ``public_only`` is off. Raises FetchError for every failure.
        """
        public = self.limits.block_private_addresses if public_only is None else public_only
        scheme = urlsplit(url).scheme.lower()
        if scheme in ("http", "https"):
            return self._fetch_http(url, etag, last_modified, public, robots, expect)
        if public:
            raise FetchError(FailureKind.BLOCKED_ADDRESS, url, "only http(s) URLs may be fetched")
        if scheme == "file":
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                raise FetchError(FailureKind.OTHER, url, "file: URL on another host")
            return self._fetch_file(url, Path(url2pathname(parts.path)), etag, last_modified)
        if scheme == "" or len(scheme) == 1:  # a plain path, or a Windows drive letter
            return self._fetch_file(url, Path(url), etag, last_modified)
        raise FetchError(FailureKind.OTHER, url, f"unsupported scheme {scheme!r}")

    # -- http ------------------------------------------------------------------

    def _fetch_http(
        self,
        url: str,
        etag: str | None,
        last_modified: str | None,
        public: bool,
        robots: bool,
        expect: Expect,
        max_bytes: int | None = None,
    ) -> FetchResult:
        request_headers = {}
        if etag:
            request_headers["If-None-Match"] = etag
        if last_modified:
            request_headers["If-Modified-Since"] = last_modified
        start = time.monotonic()
        current = url
        seen: set[str] = set()
        for _hop in range(self.limits.max_redirects + 1):
            if current in seen:
                raise FetchError(FailureKind.REDIRECTS, url, f"redirect loop at {current}")
            seen.add(current)
            scheme = urlsplit(current).scheme.lower()
            if scheme not in ("http", "https"):
                raise FetchError(FailureKind.OTHER, current, f"redirect to scheme {scheme!r}")
            if public:
                self._check_address(current)
            if robots:
                self._check_robots(current, public)
            answer = self._request(current, request_headers, start, expect, max_bytes)
            if isinstance(answer, FetchResult):
                return answer
            current = answer.location
        detail = f"more than {self.limits.max_redirects} redirects"
        raise FetchError(FailureKind.REDIRECTS, url, detail)

    def _slot(self, url: str) -> AbstractContextManager[None]:
        parts = urlsplit(url)
        if not self.limits.delay_loopback and _is_loopback_host(parts.hostname or ""):
            return nullcontext()
        return self.clock.slot(parts.netloc.lower())

    def _request(
        self,
        url: str,
        request_headers: dict[str, str],
        start: float,
        expect: Expect,
        max_bytes: int | None,
    ) -> FetchResult | _Redirect:
        """One GET, no redirect followed; the body read under the caps."""
        try:
            with self._slot(url), self._client.stream("GET", url, headers=request_headers) as r:
                headers = {name: value for name, value in r.headers.items()}
                status = r.status_code
                if status in _REDIRECTS:
                    location = r.headers.get("location", "").strip()
                    if not location:
                        raise FetchError(
                            FailureKind.HTTP_STATUS,
                            url,
                            f"HTTP {status} without Location",
                            status=status,
                        )
                    return _Redirect(urljoin(url, location))
                if status == 304:
                    headers.setdefault("etag", request_headers.get("If-None-Match", ""))
                    headers.setdefault(
                        "last-modified", request_headers.get("If-Modified-Since", "")
                    )
                    headers = {name: value for name, value in headers.items() if value}
                    return FetchResult(url, status, b"", headers, True, time.monotonic() - start)
                if not 200 <= status < 300:
                    raise HttpStatusError(
                        url, status, r.reason_phrase, r.headers.get("retry-after")
                    )
                _check_content_type(url, r.headers.get("content-type"), expect)
                content = self._read_body(r, url, start, max_bytes or self.limits.max_bytes)
        except httpx.TimeoutException as exc:
            raise FetchError(FailureKind.TIMEOUT, url, type(exc).__name__) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise FetchError(FailureKind.OTHER, url, str(exc)) from exc
        except httpx.TransportError as exc:
            raise FetchError(FailureKind.CONNECTION, url, f"{type(exc).__name__}: {exc}") from exc
        except httpx.HTTPError as exc:
            raise FetchError(FailureKind.OTHER, url, f"{type(exc).__name__}: {exc}") from exc
        return FetchResult(url, status, content, headers, False, time.monotonic() - start)

    def _read_body(self, response: httpx.Response, url: str, start: float, cap: int) -> bytes:
        """Read and decompress the body chunk by chunk, stopping at the cap or the deadline.

        Leaving early closes the connection, so the rest is never downloaded.
        """
        limits = self.limits
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            detail = f"Content-Length {declared} over the {cap}-byte cap"
            raise FetchError(FailureKind.TOO_LARGE, url, detail)
        inflater = _Inflater.for_encoding(response.headers.get("content-encoding", ""), url)
        deadline = start + limits.total_timeout_s
        chunks: list[bytes] = []
        raw_size = size = 0
        for raw in response.iter_raw():
            raw_size += len(raw)
            if raw_size > cap:
                raise FetchError(FailureKind.TOO_LARGE, url, f"body over the {cap}-byte cap")
            chunk = inflater.feed(raw, cap - size) if inflater else raw
            size += len(chunk)
            if size > cap:
                detail = f"body over the {cap}-byte cap after decompression"
                raise FetchError(FailureKind.TOO_LARGE, url, detail)
            chunks.append(chunk)
            if time.monotonic() > deadline:
                detail = f"body not complete after {limits.total_timeout_s:g} s"
                raise FetchError(FailureKind.TIMEOUT, url, detail)
        return b"".join(chunks)

    def _check_address(self, url: str) -> None:
        """Refuse a URL whose host resolves to any non-public address."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise FetchError(FailureKind.OTHER, url, f"bad port: {exc}") from exc
        try:
            infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError) as exc:
            raise FetchError(FailureKind.CONNECTION, url, f"cannot resolve {host}: {exc}") from exc
        for *_, sockaddr in infos:
            if _is_private(str(sockaddr[0])):
                detail = f"{host} resolves to {sockaddr[0]}"
                raise FetchError(FailureKind.BLOCKED_ADDRESS, url, detail)

    # -- robots.txt ------------------------------------------------------------------

    def _check_robots(self, url: str, public: bool) -> None:
        rules = self.robots_rules(url, public)
        if not rules.allows(url):
            raise FetchError(FailureKind.ROBOTS, url, "robots.txt forbids it")

    def robots_rules(self, url: str, public: bool = True) -> RobotsRules:
        """The host's robots.txt rules, fetched under the same limits and cached a day."""
        key = host_key(url)
        cached = self._robots.get(key)
        if cached is not None and cached.fresh():
            return cached
        where = robots_url(url)
        try:
            result = self._fetch_http(
                where, None, None, public, False, Expect.ANY, ROBOTS_MAX_BYTES
            )
            rules = parse_robots(result.content)
        except HttpStatusError as exc:
            assert exc.status is not None
            if 400 <= exc.status < 500 and exc.status != 429:
                rules = allow_all()  # RFC 9309: unavailable robots.txt allows everything
            else:
                raise FetchError(
                    FailureKind.ROBOTS, url, f"robots.txt unreachable ({exc.detail})"
                ) from exc
        except FetchError as exc:
            if exc.kind is FailureKind.TOO_LARGE:
                rules = allow_all()  # RFC 9309: rules past 500 KiB may be ignored
            else:
                raise
        delay = rules.crawl_delay()
        if delay is not None:
            self.clock.set_delay(urlsplit(url).netloc.lower(), delay)
        self._robots[key] = rules
        return rules

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


def _check_content_type(url: str, content_type: str | None, expect: Expect) -> None:
    """Refuse bodies that cannot be a feed or a page before reading them."""
    if expect is Expect.ANY or not content_type:
        return
    mime = content_type.split(";", 1)[0].strip().lower()
    refused = mime.startswith(_NEVER_TEXT) or mime in _NEVER_TEXT_TYPES
    if expect is Expect.PAGE and not (mime.startswith("text/") or mime in _PAGE_TYPES):
        refused = True
    if refused:
        raise FetchError(FailureKind.CONTENT_TYPE, url, f"{mime} is not a {expect.value}")


class _Inflater:
    """gzip/deflate undone in bounded steps: never more output than asked for.

    ``zlib`` with ``max_length`` keeps the rest of the input in
    ``unconsumed_tail``, so a 100 KB bomb chunk yields at most the room left
    under the cap, not its 100 MB.
    """

    def __init__(self, gzip: bool, url: str) -> None:
        self._gzip = gzip
        self._url = url
        self._obj: zlib._Decompress | None = None

    @classmethod
    def for_encoding(cls, encoding: str, url: str) -> _Inflater | None:
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if not codings:
            return None
        if codings in (["gzip"], ["x-gzip"]):
            return cls(gzip=True, url=url)
        if codings == ["deflate"]:
            return cls(gzip=False, url=url)
        raise FetchError(FailureKind.CONTENT_TYPE, url, f"Content-Encoding {encoding} not read")

    def feed(self, data: bytes, room: int) -> bytes:
        """Decompress ``data``; stops once more than ``room`` bytes came out."""
        out = bytearray()
        try:
            while data and len(out) <= room:
                if self._obj is None:
                    self._obj = zlib.decompressobj(self._wbits(data))
                out += self._obj.decompress(data, room + 1 - len(out))
                if self._obj.eof:  # a gzip member ended; another may follow
                    data = self._obj.unused_data
                    self._obj = None
                    if not data.strip(b"\x00"):
                        break
                else:
                    data = self._obj.unconsumed_tail
        except zlib.error as exc:
            raise FetchError(
                FailureKind.PARSE_ERROR, self._url, f"bad compressed body: {exc}"
            ) from exc
        return bytes(out)

    def _wbits(self, data: bytes) -> int:
        if self._gzip:
            return 16 + zlib.MAX_WBITS
        # "deflate" is meant to be zlib-wrapped; some servers send it raw.
        if len(data) >= 2 and data[0] & 0x0F == 8 and ((data[0] << 8) | data[1]) % 31 == 0:
            return zlib.MAX_WBITS
        return -zlib.MAX_WBITS

"""The exceptions chipnews raises, all under one root.

Bad input from outside (a malformed feed, an odd date) is recorded as data on
the result; these exceptions are for failures the caller has to act on:
configuration it must fix, or a source that could not be fetched this time.

::

    ChipnewsError                 root: ``except ChipnewsError`` catches all of ours
    ├── ConfigError               bad settings or source list (source, field, problem)
    ├── FetchError                one URL could not be fetched (kind, url, detail, status)
    │   └── HttpStatusError       a 4xx/5xx answer, with its Retry-After (pipeline.fetch)
    │                             kind is a FailureKind: timeout, too_large,
    │                             http_status, parse_error, blocked_address,
    │                             robots, connection, redirects, content_type, other
    ├── DeliveryError             an alert channel refused a message (pipeline.alerts.channels)
    └── LockBusy                  another ingest holds the lock (pipeline.lock)
"""

from __future__ import annotations

from enum import StrEnum


class ChipnewsError(Exception):
    """Root of every exception chipnews raises on purpose."""


class ConfigError(ChipnewsError):
    """A setting or source definition is wrong; a person has to fix the file."""

    def __init__(self, problem: str, *, source: str | None = None, field: str | None = None):
        self.problem = problem
        self.source = source
        self.field = field
        where = ".".join(part for part in (source, field) if part)
        super().__init__(f"{where}: {problem}" if where else problem)


class FailureKind(StrEnum):
    """Why a fetch failed; the ingest loop decides per kind whether to retry."""

    TIMEOUT = "timeout"  # connect/read timeout or the total deadline
    TOO_LARGE = "too_large"  # body over FetchLimits.max_bytes
    HTTP_STATUS = "http_status"  # 4xx/5xx (status on the error)
    PARSE_ERROR = "parse_error"  # the response could not be read as what we expected
    BLOCKED_ADDRESS = "blocked_address"  # host resolves to a private/loopback address
    ROBOTS = "robots"  # robots.txt forbids the URL
    CONNECTION = "connection"  # DNS, refused, reset, TLS, protocol errors
    REDIRECTS = "redirects"  # more than FetchLimits.max_redirects hops, or a loop
    CONTENT_TYPE = "content_type"  # a content type we do not read
    OTHER = "other"  # unsupported scheme, missing local file, ...


class FetchError(ChipnewsError):
    """One URL could not be fetched; ``kind`` says why, ``detail`` says more."""

    def __init__(self, kind: FailureKind, url: str, detail: str = "", *, status: int | None = None):
        self.kind = kind
        self.url = url
        self.detail = detail
        self.status = status
        super().__init__(f"{kind.value}: {url}" + (f": {detail}" if detail else ""))

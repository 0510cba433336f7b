"""Being a good citizen: one request at a time per host, a pause between them,
and the next visit scheduled from what the server asked for.

``HostClock`` is the per-host gate the Fetcher passes through. The schedule
functions are pure: headers and counts in, a time out.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

MAX_RETRY_AFTER = timedelta(days=1)
"""A Retry-After further ahead than this is taken as a day: a typo must not park a source."""
MAX_FRESHNESS = timedelta(days=1)
"""Cache-Control/Expires may push the next fetch later, by at most a day: news is hourly."""
MAX_BACKOFF = timedelta(days=1)
"""Failures double the wait up to a day; the source is disabled after days of them."""
DISABLE_AFTER_DAYS = 7
"""Days of uninterrupted failure after which a source is disabled with its reason."""
MAX_CRAWL_DELAY_S = 30.0
"""A robots.txt Crawl-delay above this is capped: one page in 30 s is still polite."""


class HostClock:
    """Per-host gate: concurrency 1 and at least ``min_delay_s`` between requests.

    The pause runs from the end of one response to the start of the next, so a
    slow server is never hit back to back. Thread-safe: the scheduler and a
    manual run may share one Fetcher.
    """

    def __init__(
        self,
        min_delay_s: float,
        *,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.min_delay_s = min_delay_s
        self._sleep = sleep
        self._now = now
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._last_end: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def set_delay(self, host: str, delay_s: float) -> None:
        """A longer pause for one host (robots.txt Crawl-delay); never shorter than the minimum."""
        with self._guard:
            self._delays[host] = min(max(delay_s, self.min_delay_s), MAX_CRAWL_DELAY_S)

    def delay(self, host: str) -> float:
        return self._delays.get(host, self.min_delay_s)

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold the host for one request, after waiting out its pause."""
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            last = self._last_end.get(host)
            if last is not None:
                wait = last + self.delay(host) - self._now()
                if wait > 0:
                    self._sleep(wait)
            try:
                yield
            finally:
                self._last_end[host] = self._now()


# -- scheduling ---------------------------------------------------------------------


def retry_after(value: str | None, now: datetime) -> timedelta | None:
    """A Retry-After header (seconds or an HTTP date) as a wait, capped at a day."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        wait = timedelta(seconds=int(value))
    else:
        when = _http_date(value)
        if when is None:
            return None
        wait = when - now
    return min(max(wait, timedelta(0)), MAX_RETRY_AFTER)


def freshness(headers: Mapping[str, str], now: datetime) -> timedelta | None:
    """How long the response says it stays fresh: max-age/s-maxage, else Expires."""
    cache_control = headers.get("cache-control", "").lower()
    directives = [part.strip() for part in cache_control.split(",")]
    if "no-store" in directives or "no-cache" in directives:
        return None
    for directive in directives:
        name, _, raw = directive.partition("=")
        if name.strip() in ("max-age", "s-maxage") and raw.strip().strip('"').isdigit():
            return min(timedelta(seconds=int(raw.strip().strip('"'))), MAX_FRESHNESS)
    expires = _http_date(headers.get("expires", ""))
    if expires is not None:
        return min(max(expires - now, timedelta(0)), MAX_FRESHNESS)
    return None


def next_due_ok(interval: timedelta, headers: Mapping[str, str], fetched_at: datetime) -> datetime:
    """After a success: the source's interval, or later when the response stays fresh longer."""
    fresh = freshness(headers, fetched_at)
    return fetched_at + max(interval, fresh or timedelta(0))


def next_due_failed(
    interval: timedelta, failures: int, fetched_at: datetime, wait: timedelta | None = None
) -> datetime:
    """After a failure: the interval doubled per consecutive failure (at most a day),
    and never before the server's Retry-After."""
    backoff = min(interval * 2 ** max(failures - 1, 0), MAX_BACKOFF)
    return fetched_at + max(backoff, wait or timedelta(0))


def should_disable(failing_since: datetime | None, now: datetime, days: int) -> bool:
    """True once a source has failed without a break for ``days`` days (0 = never)."""
    if failing_since is None or days <= 0:
        return False
    if failing_since.tzinfo is None:  # SQLite hands back naive UTC
        failing_since = failing_since.replace(tzinfo=UTC)
    return now - failing_since >= timedelta(days=days)


def _http_date(value: str) -> datetime | None:
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)

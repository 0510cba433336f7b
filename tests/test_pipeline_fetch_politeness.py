"""Politeness and safety gates of the Fetcher: host clock, robots.txt, schedules,
decompression cap, addresses checked on every redirect."""

from __future__ import annotations

import gzip
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from pipeline.errors import FailureKind, FetchError
from pipeline.fetch import Fetcher, FetchLimits, _is_private
from pipeline.politeness import HostClock, freshness, next_due_failed, retry_after
from tests.httpserver import LocalServer, Route

NOW = datetime(2025, 12, 17, 12, 0, tzinfo=UTC)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


def test_host_clock_spaces_requests_per_host() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(round(s, 3))
        now[0] += s

    clock = HostClock(2.0, sleep=sleep, now=lambda: now[0])
    with clock.slot("a.test"):
        now[0] += 0.5
    with clock.slot("b.test"):  # another host does not wait
        pass
    with clock.slot("a.test"):
        pass
    clock.set_delay("a.test", 99)  # a Crawl-delay is capped at 30 s
    with clock.slot("a.test"):
        pass
    assert slept == [2.0, 30.0]


def test_delay_applies_over_http(server) -> None:
    url = server.add("/f", Route(body=b"x"))
    limits = FetchLimits(min_host_delay_s=0.3, delay_loopback=True)
    with Fetcher(limits) as fetcher:
        fetcher.fetch(url)
        start = time.monotonic()
        fetcher.fetch(url)
    assert time.monotonic() - start >= 0.3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", timedelta(seconds=120)),
        ("Wed, 17 Dec 2025 13:00:00 GMT", timedelta(hours=1)),
        ("999999", timedelta(days=1)),
        ("soon", None),
        (None, None),
    ],
)
def test_retry_after(value: str | None, expected: timedelta | None) -> None:
    assert retry_after(value, NOW) == expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"cache-control": "public, max-age=3600"}, timedelta(hours=1)),
        ({"cache-control": "no-cache, max-age=3600"}, None),
        ({"cache-control": "max-age=31536000"}, timedelta(days=1)),
        ({"expires": "Wed, 17 Dec 2025 14:00:00 GMT"}, timedelta(hours=2)),
        ({"expires": "0"}, None),
        ({}, None),
    ],
)
def test_freshness(headers: dict[str, str], expected: timedelta | None) -> None:
    assert freshness(headers, NOW) == expected


def test_backoff_doubles_and_respects_retry_after() -> None:
    hour = timedelta(hours=1)
    assert next_due_failed(hour, 1, NOW) == NOW + hour
    assert next_due_failed(hour, 3, NOW) == NOW + 4 * hour
    assert next_due_failed(hour, 10, NOW) == NOW + timedelta(days=1)
    assert next_due_failed(hour, 1, NOW, 5 * hour) == NOW + 5 * hour


def test_robots_is_fetched_once_per_host_and_obeyed(server) -> None:
    server.add("/robots.txt", Route(body=b"User-agent: chipnews\nDisallow: /private/\n"))
    ok = server.add("/news/1", Route(body=b"<p>hi</p>"))
    with Fetcher() as fetcher:
        fetcher.fetch(ok, robots=True)
        fetcher.fetch(ok, robots=True)
        with pytest.raises(FetchError) as caught:
            fetcher.fetch(server.url("/private/x"), robots=True)
    assert caught.value.kind is FailureKind.ROBOTS
    assert server.count("/robots.txt") == 1 and server.count("/private/x") == 0


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (403, True), (503, False)])
def test_robots_unavailable(server, status: int, allowed: bool) -> None:
    server.add("/robots.txt", Route(status=status))
    url = server.add("/p", Route(body=b"x"))
    with Fetcher() as fetcher:
        if allowed:
            assert fetcher.fetch(url, robots=True).content == b"x"
        else:
            with pytest.raises(FetchError) as caught:
                fetcher.fetch(url, robots=True)
            assert caught.value.kind is FailureKind.ROBOTS
            assert server.count("/p") == 0


def test_gzip_bomb_stops_at_the_cap_without_inflating_it_all(server) -> None:
    bomb = gzip.compress(bytes(32 * 2**20))
    url = server.add("/bomb", Route(body=bomb, headers={"Content-Encoding": "gzip"}))
    small = server.add(
        "/ok", Route(body=gzip.compress(b"a" * 5000), headers={"Content-Encoding": "gzip"})
    )
    with Fetcher(FetchLimits(max_bytes=2**20)) as fetcher:
        with pytest.raises(FetchError) as caught:
            fetcher.fetch(url)
        assert fetcher.fetch(small).content == b"a" * 5000
    assert caught.value.kind is FailureKind.TOO_LARGE
    assert "decompression" in caught.value.detail


@pytest.mark.parametrize(
    ("address", "private"),
    [
        ("127.0.0.1", True),
        ("10.0.0.1", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("fd00::1", True),
        ("fe80::1%eth0", True),
        ("93.184.216.34", False),
        ("2606:4700::1111", False),
    ],
)
def test_is_private(address: str, private: bool) -> None:
    assert _is_private(address) is private


@pytest.mark.parametrize(
    "target", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://127.0.0.1/"]
)
def test_redirect_into_private_address_is_refused(monkeypatch, target: str) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": target})

    real = socket.getaddrinfo

    def resolve(host: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host == "public.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    transport = httpx.MockTransport(handler)
    with Fetcher(transport=transport) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch("http://public.test/feed", public_only=True)
    assert caught.value.kind is FailureKind.BLOCKED_ADDRESS
    assert seen == ["http://public.test/feed"]


def test_public_only_refuses_local_files(tmp_path) -> None:
    path = tmp_path / "f.xml"
    path.write_bytes(b"<rss/>")
    with Fetcher() as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(path.as_uri(), public_only=True)
    assert caught.value.kind is FailureKind.BLOCKED_ADDRESS


def test_feed_fetch_refuses_media_types(server) -> None:
    from pipeline.fetch import Expect

    url = server.add("/img", Route(body=b"\x89PNG", headers={"Content-Type": "image/png"}))
    with Fetcher() as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(url, expect=Expect.FEED)
    assert caught.value.kind is FailureKind.CONTENT_TYPE

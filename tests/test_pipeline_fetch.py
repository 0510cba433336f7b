"""Fetcher against a real local HTTP server and real local files."""

from __future__ import annotations

import gzip
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.errors import FailureKind, FetchError
from pipeline.fetch import DEFAULT_USER_AGENT, Fetcher, FetchLimits
from tests.httpserver import LocalServer, Route

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
LAST_MODIFIED = "Wed, 01 May 2024 12:00:00 GMT"


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    limits = FetchLimits(timeout_s=2.0, total_timeout_s=5.0, max_bytes=64 * 1024, max_redirects=3)
    with Fetcher(limits) as f:
        yield f


def test_fetch_returns_body_headers_and_sends_user_agent(server, fetcher) -> None:
    url = server.add(
        "/feed.xml",
        Route(body=FEED, headers={"Content-Type": "application/rss+xml; charset=utf-8"}),
    )
    result = fetcher.fetch(url)
    assert (result.status, result.content, result.not_modified) == (200, FEED, False)
    assert result.content_type == "application/rss+xml; charset=utf-8"
    assert result.url == url
    assert result.elapsed_s >= 0
    assert server.seen("/feed.xml")[0].headers["user-agent"] == DEFAULT_USER_AGENT
    assert DEFAULT_USER_AGENT.startswith("chipnews/")


def test_conditional_refetch_gets_not_modified(server, fetcher) -> None:
    url = server.add("/feed.xml", Route(body=FEED, etag='"v1"', last_modified=LAST_MODIFIED))
    first = fetcher.fetch(url)
    assert (first.etag, first.last_modified) == ('"v1"', LAST_MODIFIED)
    assert "if-none-match" not in server.seen("/feed.xml")[0].headers

    second = fetcher.fetch(url, etag=first.etag, last_modified=first.last_modified)
    assert (second.status, second.not_modified, second.content) == (304, True, b"")
    assert (second.etag, second.last_modified) == ('"v1"', LAST_MODIFIED)
    sent = server.seen("/feed.xml")[1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == LAST_MODIFIED
    assert server.count("/feed.xml") == 2


def test_changed_etag_gets_full_body(server, fetcher) -> None:
    url = server.add("/feed.xml", Route(body=FEED, etag='"v2"'))
    result = fetcher.fetch(url, etag='"v1"')
    assert (result.status, result.not_modified, result.content) == (200, False, FEED)


def test_if_modified_since_alone_gets_not_modified(server, fetcher) -> None:
    url = server.add("/feed.xml", Route(body=FEED, last_modified=LAST_MODIFIED))
    result = fetcher.fetch(url, last_modified="Thu, 02 May 2024 00:00:00 GMT")
    assert result.not_modified
    assert result.last_modified == LAST_MODIFIED  # the server repeated its validator


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_error_status_raises_http_status(server, fetcher, status: int) -> None:
    url = server.add("/broken", Route(body=b"oops", status=status))
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    assert caught.value.kind is FailureKind.HTTP_STATUS
    assert caught.value.status == status
    assert str(status) in caught.value.detail


def test_endless_body_is_cut_at_the_size_cap(server, fetcher) -> None:
    url = server.add("/endless", Route(endless=True))
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    assert caught.value.kind is FailureKind.TOO_LARGE
    assert time.monotonic() - started < 3
    assert server.wait_outcome("/endless") == "aborted"


def test_declared_length_over_the_cap_is_refused(server) -> None:
    url = server.add("/big", Route(body=b"x" * 2048))
    with Fetcher(FetchLimits(max_bytes=1024)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    assert caught.value.kind is FailureKind.TOO_LARGE
    assert "Content-Length 2048" in caught.value.detail


def test_body_exactly_at_the_cap_is_accepted(server) -> None:
    url = server.add("/edge", Route(body=b"y" * 1024, drip_bytes=256))
    with Fetcher(FetchLimits(max_bytes=1024)) as fetcher:
        assert fetcher.fetch(url).content == b"y" * 1024


def test_gzip_body_is_decoded(server, fetcher) -> None:
    url = server.add("/gz", Route(body=gzip.compress(FEED), headers={"Content-Encoding": "gzip"}))
    assert fetcher.fetch(url).content == FEED


def test_slow_drip_hits_the_total_deadline(server) -> None:
    url = server.add("/drip", Route(body=b"z" * 400, drip_bytes=1, drip_delay_s=0.02))
    limits = FetchLimits(timeout_s=2.0, total_timeout_s=0.3)
    started = time.monotonic()
    with Fetcher(limits) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    assert caught.value.kind is FailureKind.TIMEOUT
    assert "0.3 s" in caught.value.detail
    assert time.monotonic() - started < 2
    assert server.wait_outcome("/drip") == "aborted"


def test_stalled_body_hits_the_read_timeout(server) -> None:
    url = server.add("/stall", Route(body=b"ab", drip_bytes=1, drip_delay_s=1.5))
    with Fetcher(FetchLimits(timeout_s=0.2)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    assert caught.value.kind is FailureKind.TIMEOUT


def test_redirect_is_followed_to_the_final_url(server, fetcher) -> None:
    server.add("/old", Route(redirect_to="/new"))
    final = server.add("/new", Route(body=FEED))
    result = fetcher.fetch(server.url("/old"))
    assert (result.url, result.content) == (final, FEED)


def test_redirect_loop_raises_redirects(server, fetcher) -> None:
    server.add("/a", Route(redirect_to="/b"))
    server.add("/b", Route(redirect_to="/a"))
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url("/a"))
    assert caught.value.kind is FailureKind.REDIRECTS
    assert "loop" in caught.value.detail
    assert server.count("/a") + server.count("/b") == 2  # stopped when /a came round again


def test_redirect_chain_longer_than_the_limit_raises_redirects(server, fetcher) -> None:
    for hop in range(6):
        server.add(f"/r{hop}", Route(redirect_to=f"/r{hop + 1}"))
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url("/r0"))
    assert caught.value.kind is FailureKind.REDIRECTS
    assert sum(server.count(f"/r{hop}") for hop in range(7)) == 4  # first + max_redirects=3


def test_refused_connection_raises_connection(fetcher) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(f"http://127.0.0.1:{port}/feed.xml")
    assert caught.value.kind is FailureKind.CONNECTION


def test_private_address_is_blocked_when_asked(server) -> None:
    url = server.add("/feed.xml", Route(body=FEED))
    limits = FetchLimits(block_private_addresses=True)
    with Fetcher(limits) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    assert caught.value.kind is FailureKind.BLOCKED_ADDRESS
    assert server.count("/feed.xml") == 0


@pytest.mark.parametrize("url", ["ftp://example.com/feed.xml", "gopher://example.com/"])
def test_unsupported_scheme_raises_other(fetcher, url: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    assert caught.value.kind is FailureKind.OTHER


# -- local files ----------------------------------------------------------------


@pytest.mark.parametrize("as_uri", [True, False], ids=["file-url", "path"])
def test_local_file_and_not_modified_refetch(fetcher, tmp_path: Path, as_uri: bool) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(FEED)
    url = path.as_uri() if as_uri else str(path)
    first = fetcher.fetch(url)
    assert (first.status, first.content, first.not_modified) == (200, FEED, False)
    assert first.url == path.as_uri()
    assert first.etag and first.last_modified
    assert first.content_type in ("application/xml", "text/xml")

    again = fetcher.fetch(url, etag=first.etag, last_modified=first.last_modified)
    assert (again.status, again.content, again.not_modified) == (304, b"", True)

    path.write_bytes(FEED + b"\n<!-- changed -->")
    changed = fetcher.fetch(url, etag=first.etag, last_modified=first.last_modified)
    assert not changed.not_modified
    assert changed.content.endswith(b"changed -->")
    assert changed.etag != first.etag


def test_local_file_last_modified_only(fetcher, tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(FEED)
    os.utime(path, (1_700_000_000, 1_700_000_000))
    first = fetcher.fetch(str(path))
    assert fetcher.fetch(str(path), last_modified=first.last_modified).not_modified
    os.utime(path, (1_700_000_100, 1_700_000_100))
    assert not fetcher.fetch(str(path), last_modified=first.last_modified).not_modified


def test_local_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    path.write_bytes(b"x" * 2000)
    with Fetcher(FetchLimits(max_bytes=1000)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(str(path))
    assert caught.value.kind is FailureKind.TOO_LARGE


@pytest.mark.parametrize("name", ["missing.xml", "."])
def test_missing_or_unreadable_local_file_raises_other(fetcher, tmp_path: Path, name) -> None:
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(str(tmp_path / name))
    assert caught.value.kind is FailureKind.OTHER

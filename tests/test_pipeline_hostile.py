"""Hostile servers against the whole ingest loop: a real local HTTP server, a real
database on both backends. Every bad source ends with a recorded reason, and the
good sources of the same run are ingested all the same."""

from __future__ import annotations

import gzip
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from db.engine import make_engine
from db.models import Article, IngestRunSource, Source
from pipeline.fetch import Fetcher, FetchLimits
from pipeline.fx import FxTable
from pipeline.ingest import IngestJob, IngestReport, run_ingest
from pipeline.sources import SourceSpec
from tests.httpserver import LocalServer, Route


@dataclass(frozen=True)
class FullTextSpec(SourceSpec):
    """A feed source whose entries' pages are fetched (``full_text = true``)."""

    full_text: bool = True


def rss(items: str, encoding: str = "utf-8") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel>'
        f"<title>t</title><link>https://news.test/</link>{items}</channel></rss>"
    )


def item(title: str, link: str, text: str = "Chip news of the day.") -> str:
    return (
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Wed, 17 Dec 2025 09:00:00 +0800</pubDate>"
        f"<description>{text}</description></item>"
    )


GOOD = rss(item("Good story", "https://news.test/good")).encode()
GBK_TITLE = "长江存储获得新一轮融资"
GBK = rss(item(GBK_TITLE, "https://news.test/gbk", "长江存储宣布完成融资。"), "gbk").encode("gbk")
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rss version="2.0"><channel><title>&lol4;</title></channel></rss>"""
PAGE = """<html lang="en"><head><title>{title}</title></head><body><article>
<h1>{title}</h1><p>Published 2025-12-17 14:05 UTC+8.</p>
<p>{title} said it raised $200 million to build more chip packaging lines.</p>
</article></body></html>"""
PRIVATE_LINKS = ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/admin"]
HTML_PRIVATE_LINKS = ["http://169.254.169.254/computeMetadata/v1/", "http://10.0.0.1/"]
LIMITS = FetchLimits(timeout_s=2.0, total_timeout_s=1.0, max_bytes=256 * 1024, max_redirects=3)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        xml = {"Content-Type": "application/rss+xml"}
        html = {"Content-Type": "text/html; charset=utf-8"}
        srv.add("/good.xml", Route(body=GOOD, headers={**xml, "Cache-Control": "max-age=7200"}))
        srv.add("/drip.xml", Route(body=GOOD, drip_bytes=16, drip_delay_s=0.2))
        srv.add("/endless.xml", Route(endless=True, headers=xml))
        bomb = gzip.compress(bytes(64 * 2**20), compresslevel=9)  # 64 MiB of zeros in ~64 KB
        srv.add("/bomb.xml", Route(body=bomb, headers={**xml, "Content-Encoding": "gzip"}))
        srv.add("/loop-a", Route(redirect_to="/loop-b"))
        srv.add("/loop-b", Route(redirect_to="/loop-a"))
        srv.add("/busy.xml", Route(status=429, headers={"Retry-After": "3600"}))
        srv.add_sequence("/flaky.xml", [Route(status=500), Route(body=GOOD, headers=xml)])
        srv.add("/gbk.xml", Route(body=GBK, headers={"Content-Type": "text/xml; charset=utf-8"}))
        srv.add("/broken.xml", Route(body=b"<rss><channel><item><title>unclosed", headers=xml))
        srv.add("/laughs.xml", Route(body=BILLION_LAUGHS, headers=xml))
        secret = srv.url("/secret")
        links = [secret, *PRIVATE_LINKS]
        items = "".join(item(f"Leak {n}", link) for n, link in enumerate(links))
        srv.add("/leaky.xml", Route(body=rss(items).encode(), headers=xml))
        # other URLs than the feed's: those are stored by then, so never fetched anyway
        page_links = [srv.url("/secret-page"), *HTML_PRIVATE_LINKS]
        anchors = "".join(f'<a class="story" href="{link}">x</a>' for link in page_links)
        srv.add("/leaky.html", Route(body=f"<ul>{anchors}</ul>".encode(), headers=html))
        srv.add("/secret", Route(body=PAGE.format(title="Secret").encode(), headers=html))
        srv.add("/secret-page", Route(body=PAGE.format(title="Secret").encode(), headers=html))
        srv.add("/list.html", Route(body=b'<a class="story" href="/p/1">one</a>', headers=html))
        srv.add("/p/1", Route(body=PAGE.format(title="Acme Chips").encode(), headers=html))
        yield srv


@pytest.fixture
def strict_server() -> Iterator[LocalServer]:
    """A second host whose robots.txt forbids everything (robots rules are per host)."""
    with LocalServer() as srv:
        srv.add("/robots.txt", Route(body=b"User-agent: *\nDisallow: /\n"))
        srv.add("/list.html", Route(body=b'<a class="story" href="/p/1">one</a>'))
        yield srv


def hostile_specs(server: LocalServer, strict: LocalServer) -> list[SourceSpec]:
    def feed(name: str, path: str) -> SourceSpec:
        return SourceSpec(name=name, kind="rss", url=server.url(path), interval_minutes=10)

    links = {"links": "a.story"}
    return [
        feed("good", "/good.xml"),
        feed("drip", "/drip.xml"),
        feed("endless", "/endless.xml"),
        feed("bomb", "/bomb.xml"),
        feed("loop", "/loop-a"),
        feed("busy", "/busy.xml"),
        feed("flaky", "/flaky.xml"),
        feed("gbk", "/gbk.xml"),
        feed("broken", "/broken.xml"),
        feed("laughs", "/laughs.xml"),
        FullTextSpec(name="leaky", kind="rss", url=server.url("/leaky.xml")),
        SourceSpec(name="leaky-html", kind="html", url=server.url("/leaky.html"), selectors=links),
        SourceSpec(
            name="pages", kind="html", url=server.url("/list.html"), local=True, selectors=links
        ),
        SourceSpec(
            name="forbidden", kind="html", url=strict.url("/list.html"), local=True, selectors=links
        ),
    ]


def run(engine: Engine, registry: Any, specs: list[SourceSpec], **job: Any) -> IngestReport:
    with Fetcher(LIMITS) as fetcher:
        return run_ingest(
            IngestJob(
                engine=engine,
                registry=registry,
                fetcher=fetcher,
                fx=FxTable.load(),
                sources=specs,
                **{"force": True, **job},
            )
        )


EXPECTED = {
    "good": ("ok", None),
    "drip": ("error", "timeout"),
    "endless": ("error", "too_large"),
    "bomb": ("error", "too_large"),
    "loop": ("error", "redirects"),
    "busy": ("error", "http_status"),
    "flaky": ("error", "http_status"),
    "gbk": ("ok", None),
    "broken": ("error", "parse_error"),
    "laughs": ("error", "parse_error"),
    "leaky": ("ok", None),
    "leaky-html": ("error", "blocked_address"),
    "pages": ("ok", None),
    "forbidden": ("error", "robots"),
}


def test_each_hostile_source_is_recorded_and_the_others_ingested(
    engine: Engine, registry: Any, server: LocalServer, strict_server: LocalServer
) -> None:
    specs = hostile_specs(server, strict_server)
    report = run(engine, registry, specs)
    got = {o.name: (o.status, o.error_kind) for o in report.outcomes}
    assert got == EXPECTED
    with engine.connect() as conn:
        rows = {s.name: s for s in conn.execute(select(Source.__table__))}
        runs = {
            r.source_id: r
            for r in conn.execute(
                select(IngestRunSource.__table__).where(IngestRunSource.run_id == report.run_id)
            )
        }
        articles = {a.url: a for a in conn.execute(select(Article.__table__))}
    for name, (status, kind) in EXPECTED.items():
        assert rows[name].last_error_kind == kind, name
        assert (runs[rows[name].id].status, runs[rows[name].id].error_kind) == (status, kind)

    # the endless body was cut off by us, not sent to its end
    assert server.wait_outcome("/endless.xml") == "aborted"
    # Retry-After: 3600 outweighs the 10-minute interval; max-age=7200 pushes the good feed
    assert rows["busy"].next_due_at - rows["busy"].last_fetched_at >= timedelta(hours=1)
    assert rows["good"].next_due_at - rows["good"].last_fetched_at >= timedelta(hours=2)
    # a lying charset header is repaired and noted
    assert articles["https://news.test/gbk"].title == GBK_TITLE
    assert any("does not fit" in p for p in runs[rows["gbk"].id].problems)
    # links into private addresses were never requested; the entries kept their summaries
    assert server.count("/secret") == server.count("/secret-page") == 0
    leaky_problems = runs[rows["leaky"].id].problems
    assert sum(p.startswith("blocked_address") for p in leaky_problems) == 3
    assert articles[server.url("/secret")].text == "Chip news of the day."
    # the html source's page was fetched, read and dated (14:05 UTC+8)
    page = articles[server.url("/p/1")]
    assert "raised $200 million" in page.text and page.title == "Acme Chips"
    published = page.published if page.published.tzinfo else page.published.replace(tzinfo=UTC)
    assert published == datetime(2025, 12, 17, 6, 5, tzinfo=UTC)
    # robots.txt forbade the listing: it was asked for, the listing never was
    assert strict_server.count("/robots.txt") == 1 and strict_server.count("/list.html") == 0


def test_failure_then_recovery_resets_the_count(
    engine: Engine, registry: Any, server: LocalServer, strict_server: LocalServer
) -> None:
    specs = [s for s in hostile_specs(server, strict_server) if s.name in ("flaky", "good")]
    first = run(engine, registry, specs)
    assert {o.name: o.status for o in first.outcomes} == {"flaky": "error", "good": "ok"}
    second = run(engine, registry, specs)
    assert {o.name: o.status for o in second.outcomes} == {"flaky": "ok", "good": "ok"}
    with engine.connect() as conn:
        flaky = conn.execute(select(Source.__table__).where(Source.name == "flaky")).one()
    assert (flaky.consecutive_failures, flaky.last_error_kind) == (0, None)


def test_a_source_failing_for_days_is_disabled_until_named(
    engine: Engine, registry: Any, server: LocalServer
) -> None:
    server.add("/down.xml", Route(status=500))
    specs = [SourceSpec(name="down", kind="rss", url=server.url("/down.xml"))]
    run(engine, registry, specs)
    with engine.begin() as conn:
        source_id = conn.scalar(select(Source.id).where(Source.name == "down"))
    from sqlalchemy.orm import Session

    with Session(engine) as session, session.begin():
        source = session.get(Source, source_id)
        assert source is not None
        assert source.failing_since is not None and source.disabled_reason is None
        source.failing_since = datetime.now(UTC) - timedelta(days=8)
    run(engine, registry, specs)
    with Session(engine) as session:
        reason = session.get(Source, source_id).disabled_reason  # type: ignore[union-attr]
    assert reason is not None and "HTTP 500" in reason and "failing since" in reason

    requests = server.count("/down.xml")
    skipped = run(engine, registry, specs)  # force=True does not wake a disabled source
    assert skipped.outcomes[0].status == "disabled" and server.count("/down.xml") == requests
    server.add("/down.xml", Route(body=GOOD))
    named = run(engine, registry, specs, only=["down"])
    assert named.outcomes[0].status == "ok"
    with Session(engine) as session:
        source = session.get(Source, source_id)
        assert source is not None
        assert (source.failing_since, source.disabled_reason) == (None, None)


# -- property: nothing served can raise out of the loop ---------------------------------

_paths = itertools.count()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=st.one_of(
        st.binary(max_size=2000),
        st.sampled_from([GOOD, GBK, BILLION_LAUGHS, PAGE.encode()]).flatmap(
            lambda base: st.integers(0, len(base)).map(lambda cut: base[:cut])
        ),
    ),
    content_type=st.sampled_from(
        [None, "application/rss+xml", "text/html; charset=utf-8", "text/xml; charset=big5"]
    ),
)
def test_arbitrary_bytes_never_raise_out_of_the_loop(
    tmp_path: Path, registry: Any, body: bytes, content_type: str | None
) -> None:
    n = next(_paths)
    engine = make_engine(f"sqlite:///{tmp_path / f'p{n}.db'}")
    headers = {"Content-Type": content_type} if content_type else {}
    with LocalServer() as srv:
        srv.add("/feed", Route(body=body, headers=headers))
        srv.add("/list", Route(body=body, headers=headers))
        srv.add("/links", Route(body=b'<a class="s" href="/page">x</a>'))
        srv.add("/page", Route(body=body, headers=headers))
        specs = [
            FullTextSpec(name="feed", kind="rss", url=srv.url("/feed"), local=True),
            SourceSpec(name="list", kind="html", url=srv.url("/list"), local=True),
            SourceSpec(
                name="page",
                kind="html",
                url=srv.url("/links"),
                local=True,
                selectors={"links": "a.s"},
            ),
        ]
        specs[1] = SourceSpec(
            name="list", kind="html", url=srv.url("/list"), local=True, selectors={"links": "a"}
        )
        report = run(engine, registry, specs)
    engine.dispose()
    assert {o.name for o in report.outcomes} == {"feed", "list", "page"}
    for outcome in report.outcomes:
        assert outcome.status in ("ok", "error")
        assert outcome.status == "ok" or outcome.error_kind

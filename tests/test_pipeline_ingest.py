"""The ingest loop end to end: a real local HTTP server, a real database on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, select, text

from db.models import Article, IngestRun, IngestRunSource, Source
from pipeline.fetch import Fetcher, FetchLimits
from pipeline.fx import FxTable
from pipeline.ingest import IngestJob, IngestReport, run_ingest
from pipeline.sources import SourceSpec
from tests.httpserver import LocalServer, Route

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Chip Wire</title><link>https://wire.test/</link><language>en</language>
<item><title>Broadcom names Anthropic as buyer of $10 billion in racks</title>
<link>https://wire.test/2025/12/12/broadcom?utm_source=rss&amp;utm_medium=feed#top</link>
<guid isPermaLink="false">wire-1</guid><pubDate>Fri, 12 Dec 2025 16:45:00 -0500</pubDate>
<content:encoded><![CDATA[<p>Broadcom said on Thursday that Anthropic placed a
$10 billion order for server racks built on Google's TPUs.</p><script>alert(1)</script>]]>
</content:encoded></item>
<item><title>Market note</title><link>https://wire.test/2025/12/12/note</link>
<guid isPermaLink="false">wire-2</guid><pubDate>Fri, 12 Dec 2025 10:00:00 GMT</pubDate>
<description>Chip stocks were mixed on Friday.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Fab Watch</title><id>urn:fab</id>
<updated>2025-03-04T08:00:00Z</updated>
<entry><title>TSMC adds $100 billion to its US plans</title><id>urn:fab:1</id>
<link href="https://fab.test/tsmc-us"/><updated>2025-03-04T08:00:00Z</updated>
<content type="html">&lt;p&gt;TSMC said it will invest an additional $100 billion in
chip plants in Arizona.&lt;/p&gt;</content></entry>
<entry><title>No date here</title><id>urn:fab:2</id><link href="https://fab.test/undated"/>
<content type="html">Nothing happened.</content></entry>
</feed>"""

GBK_RSS = """<?xml version="1.0" encoding="GBK"?>
<rss version="2.0"><channel><title>芯闻</title><link>https://xin.test/</link>
<language>zh-cn</language>
<item><title>清微智能获得超20亿元融资</title><link>https://xin.test/a/1</link>
<guid>https://xin.test/a/1</guid><pubDate>Wed, 17 Dec 2025 09:00:00 +0800</pubDate>
<description>北京AI芯片企业清微智能今日宣布获得超20亿元融资。</description></item>
</channel></rss>""".encode("gbk")

# fetch bookkeeping moves on every run (the failing source counts its failures)
VOLATILE = {
    "sources": {
        "last_fetched_at",
        "next_due_at",
        "last_status",
        "consecutive_failures",
        "last_error",
        "last_error_kind",
    }
}


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        srv.add(
            "/rss.xml",
            Route(
                body=RSS.encode(), etag='"rss-v1"', headers={"Content-Type": "application/rss+xml"}
            ),
        )
        srv.add(
            "/atom.xml", Route(body=ATOM.encode(), headers={"Content-Type": "application/atom+xml"})
        )
        srv.add(
            "/gbk.xml",
            Route(
                body=GBK_RSS,
                last_modified="Wed, 17 Dec 2025 01:00:00 GMT",
                headers={"Content-Type": "application/xml"},
            ),
        )
        srv.add(
            "/broken.xml",
            Route(
                body=b"<rss><channel><item><title>unclosed",
                headers={"Content-Type": "application/xml"},
            ),
        )
        srv.add("/down.xml", Route(status=500, body=b"oops"))
        yield srv


def specs(server: LocalServer) -> list[SourceSpec]:
    def spec(name: str, path: str, lang: str) -> SourceSpec:
        return SourceSpec(name=name, kind="rss", url=server.url(path), language=lang, local=True)

    return [
        spec("wire", "/rss.xml", "en"),
        spec("fab", "/atom.xml", "en"),
        spec("xin", "/gbk.xml", "zh"),
        spec("broken", "/broken.xml", "en"),
        spec("down", "/down.xml", "en"),
    ]


def ingest(engine: Engine, registry: Any, server: LocalServer) -> IngestReport:
    with Fetcher(FetchLimits(timeout_s=5, total_timeout_s=10)) as fetcher:
        job = IngestJob(
            engine=engine,
            registry=registry,
            fetcher=fetcher,
            fx=FxTable.load(),
            sources=specs(server),
            force=True,
        )
        return run_ingest(job)


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every content table (not the run log, not fetch timestamps)."""
    tables = [
        "sources",
        "articles",
        "companies",
        "company_aliases",
        "events",
        "event_companies",
        "event_mentions",
        "alerts",
        "fx_rates",
    ]
    out = {}
    with engine.connect() as conn:
        for table in tables:
            result = conn.execute(text(f"SELECT * FROM {table}"))
            keep = [i for i, c in enumerate(result.keys()) if c not in VOLATILE.get(table, ())]
            out[table] = sorted(tuple(str(row[i]) for i in keep) for row in result)
    return out


def test_ingest_stores_articles_and_records_failures(
    engine: Engine, registry: Any, server: LocalServer
) -> None:
    report = ingest(engine, registry, server)
    by_name = {o.name: o for o in report.outcomes}
    assert {o.name for o in report.failed} == {"broken", "down"}
    assert by_name["down"].error_kind == "http_status"
    assert by_name["broken"].error_kind == "parse_error"
    assert (
        by_name["wire"].articles_new,
        by_name["fab"].articles_new,
        by_name["xin"].articles_new,
    ) == (2, 2, 1)
    with engine.connect() as conn:
        articles = {a.url: a for a in conn.execute(select(Article.__table__))}
        runs = conn.execute(select(IngestRunSource.__table__)).all()
        source_rows = {s.name: s for s in conn.execute(select(Source.__table__))}
    broadcom = articles["https://wire.test/2025/12/12/broadcom"]  # tracking and fragment gone
    assert broadcom.guid == "wire-1"
    published = (
        broadcom.published if broadcom.published.tzinfo else broadcom.published.replace(tzinfo=UTC)
    )
    assert published == datetime(2025, 12, 12, 21, 45, tzinfo=UTC)
    assert "alert(1)" not in broadcom.text and "$10 billion order" in broadcom.text
    assert articles["https://xin.test/a/1"].title == "清微智能获得超20亿元融资"
    assert "北京AI芯片企业清微智能" in articles["https://xin.test/a/1"].text
    assert articles["https://fab.test/undated"].published_missing
    assert len(runs) == 5 and {r.status for r in runs} == {"ok", "error"}
    assert source_rows["down"].consecutive_failures == 1
    assert source_rows["wire"].etag == '"rss-v1"'
    assert report.events_new >= 1  # the hook's events reached the events table
    with engine.connect() as conn:
        converted = conn.execute(
            text(
                "SELECT amount_value, amount_currency, amount_usd, fx_rate, fx_source FROM events"
                " WHERE amount_currency = 'CNY'"
            )
        ).all()
    # 超20亿元 on 2025-12-17 at the ECB cross rate (about 7.05 CNY per USD)
    assert converted and all(r.fx_source.startswith("ECB") for r in converted)
    assert all(0.13 < float(r.amount_usd) / float(r.amount_value) < 0.15 for r in converted)
    with engine.connect() as conn:
        mentions = (
            conn.execute(
                text(
                    "SELECT m.evidence FROM event_mentions m JOIN articles a ON a.id = m.article_id"
                )
            )
            .scalars()
            .all()
        )
    assert mentions and all(m for m in mentions)


def test_second_ingest_changes_nothing(engine: Engine, registry: Any, server: LocalServer) -> None:
    ingest(engine, registry, server)
    before = snapshot(engine)
    report = ingest(engine, registry, server)
    after = snapshot(engine)
    assert before == after
    by_name = {o.name: o for o in report.outcomes}
    # validators were sent and answered with 304; the Atom source has none and is re-read
    assert by_name["wire"].status == by_name["xin"].status == "not_modified"
    assert server.seen("/rss.xml")[-1].headers.get("if-none-match") == '"rss-v1"'
    assert server.seen("/gbk.xml")[-1].headers.get("if-modified-since")
    assert by_name["fab"].status == "ok" and by_name["fab"].articles_skipped == 2
    assert report.articles_new == report.events_new == 0
    with engine.connect() as conn:
        assert conn.scalar(select(IngestRun.id).order_by(IngestRun.id.desc())) == report.run_id
        failures = conn.scalar(select(Source.consecutive_failures).where(Source.name == "down"))
    assert failures == 2

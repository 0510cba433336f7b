"""Alerts end to end through ingest: a real feed server, a real webhook receiver.

An alert arrives once; ingesting the same articles again, or a second article
about the same deal, sends nothing new.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from db.engine import make_engine
from pipeline.alerts.rules import load_alert_config
from pipeline.alerts.sender import send_pending
from pipeline.runner import run_once
from pipeline.settings import load_settings
from tests.conftest import PG_URL
from tests.httpserver import LocalServer, Route
from tests.test_pipeline_alerts_delivery import Receiver

FIRST = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Broadcom names Anthropic as $21 billion TPU buyer</title>
<link>https://wire.test/broadcom-anthropic</link><guid>wire-1</guid>
<pubDate>Fri, 12 Dec 2025 16:45:00 -0500</pubDate>
<description>Broadcom said on Thursday that Anthropic placed orders worth $21 billion for
server racks built on Google's TPUs.</description></item></channel></rss>"""

SECOND = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>芯闻</title>
<item><title>博通透露Anthropic下达210亿美元订单</title><link>https://xin.test/a/9</link>
<guid>xin-9</guid><pubDate>Sat, 13 Dec 2025 09:00:00 +0800</pubDate>
<description>博通CEO透露，Anthropic向博通下达总值210亿美元的订单。</description></item>
</channel></rss>"""


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    srv = Receiver().start()
    yield srv
    srv.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'chipnews.db'}"
        return
    schema = f"chipnews_alerts_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_one_alert_per_deal_across_reingest_and_reports(
    tmp_path: Path, receiver: Receiver, database_url: str
) -> None:
    with LocalServer() as feeds:
        feeds.add("/first.xml", Route(body=FIRST.encode()))
        feeds.add("/second.xml", Route(body=SECOND.encode()))
        (tmp_path / "sources.toml").write_text(
            f'[[source]]\nname = "wire"\nkind = "rss"\nurl = "{feeds.url("/first.xml")}"\n'
            'language = "en"\nlocal = true\n'
            f'[[source]]\nname = "xin"\nkind = "rss"\nurl = "{feeds.url("/second.xml")}"\n'
            'language = "zh"\nlocal = true\n',
            encoding="utf-8",
        )
        config = tmp_path / "chipnews.toml"
        config.write_text(
            f'data_dir = "{tmp_path}"\n[database]\nurl = "{database_url}"\n'
            '[sources]\nfile = "sources.toml"\n'
            f'[[channel]]\nname = "hook"\nkind = "webhook"\nurl = "{receiver.url}"\n'
            '[[alert]]\nname = "big-orders"\ntypes = ["order"]\nmin_usd = 1000000000\n'
            'channels = ["hook"]\n',
            encoding="utf-8",
        )
        settings = load_settings(config, env={})
        alerts = load_alert_config(settings, env={})
        engine = make_engine(settings.database_url)
        try:
            run_once(settings, only=("wire",))
            assert send_pending(engine, alerts).sent == 1
            assert len(receiver.posts) == 1
            first_key = receiver.keys()[0]
            assert "Anthropic" in str(receiver.posts[0].body)

            run_once(settings, only=("wire",), force=True)  # the same articles again
            run_once(settings, only=("xin",))  # a second report of the same deal
            assert send_pending(engine, alerts).sent == 0
            assert receiver.keys() == [first_key]
            with engine.connect() as conn:
                mentions = conn.execute(text("SELECT count(*) FROM event_mentions")).scalar()
                rows = conn.execute(text("SELECT state FROM alerts")).scalars().all()
            assert mentions >= 2 and rows == ["sent"]
        finally:
            engine.dispose()

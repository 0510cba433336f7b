"""The scheduler against a real local feed server, a SQLite file and real subprocesses."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine, select, text

from db.engine import make_engine, session_factory
from db.models import Event
from pipeline.alerts.outbox import enqueue_for_event
from pipeline.alerts.rules import load_alert_config
from pipeline.errors import ConfigError
from pipeline.ingest import IngestReport
from pipeline.lock import ingest_lock
from pipeline.schedule_cli import EXIT_LOCKED
from pipeline.scheduler import (
    JOB_ID,
    MISFIRE_GRACE_S,
    build_scheduler,
    crontab_trigger,
    default_trigger,
    poll_minutes,
    run_tick,
    run_until_stopped,
    send_alerts,
)
from pipeline.settings import ScheduleSettings, Settings, SourcesSettings, config_dir, load_settings
from tests.conftest import ROOT
from tests.httpserver import LocalServer, Route

ITEM_1 = """<item><title>Broadcom names Anthropic as buyer of $10 billion in racks</title>
<link>https://wire.test/2025/12/12/broadcom</link><guid isPermaLink="false">wire-1</guid>
<pubDate>Fri, 12 Dec 2025 16:45:00 -0500</pubDate>
<description>Broadcom said on Thursday that Anthropic placed a $10 billion order for
server racks built on Google's TPUs.</description></item>"""
ITEM_2 = """<item><title>TSMC adds $100 billion to its US plans</title>
<link>https://wire.test/2025/03/04/tsmc</link><guid isPermaLink="false">wire-2</guid>
<pubDate>Tue, 04 Mar 2025 08:00:00 GMT</pubDate>
<description>TSMC said it will invest an additional $100 billion in chip plants in
Arizona.</description></item>"""


def rss(*items: str) -> bytes:
    head = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
    return (head + "".join(items) + "</channel></rss>").encode()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        srv.add("/feed.xml", Route(body=rss(ITEM_1), headers={"Content-Type": "application/xml"}))
        yield srv


def write_config(tmp_path: Path, server: LocalServer, *, drip: bool = False) -> Path:
    """A user config: data in tmp_path, one local feed due on every tick, alerts to a JSONL file."""
    if drip:  # the feed takes ~10 s to arrive: longer than a second process needs to start
        body = rss(ITEM_1, ITEM_2)
        server.add("/slow.xml", Route(body=body, drip_bytes=len(body) // 50 + 1, drip_delay_s=0.2))
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f"""[[source]]
name = "wire"
kind = "rss"
url = "{server.url("/slow.xml" if drip else "/feed.xml")}"
language = "en"
interval_minutes = 0
local = true
"""
    )
    config = tmp_path / "chipnews.toml"
    config.write_text(
        f"""data_dir = "{tmp_path / "data"}"
[sources]
file = "{sources}"

[[channel]]
name = "file"
kind = "jsonl"
path = "{tmp_path / "alerts.jsonl"}"

[[alert]]
name = "every-deal"
channels = ["file"]
"""
    )
    return config


def settings_for(config: Path) -> Settings:
    return load_settings(config, env={})


def enqueue_all(settings: Settings) -> None:
    """Stand-in for ingest writing the outbox rows (the alerts wiring): one 'new' row per event."""
    engine = make_engine(settings.database_url)
    try:
        with session_factory(engine).begin() as session:
            config = load_alert_config(settings, env={})
            for event_id in session.scalars(select(Event.id)):
                enqueue_for_event(session, event_id, "new", config)
    finally:
        engine.dispose()


def runs(engine: Engine) -> list[tuple[int, bool, int]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, finished_at IS NOT NULL, articles_new FROM ingest_runs ORDER BY id")
        )
        return [(r[0], bool(r[1]), r[2]) for r in rows]


def jsonl_lines(tmp_path: Path) -> list[dict[str, object]]:
    path = tmp_path / "alerts.jsonl"
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []


def test_two_fast_ticks_ingest_then_deliver_alerts(tmp_path: Path, server: LocalServer) -> None:
    settings = settings_for(write_config(tmp_path, server))
    engine = make_engine(settings.database_url)
    stop = threading.Event()
    seen: list[tuple[int, list[tuple[int, bool, int]], int]] = []

    def after(settings: Settings, report: IngestReport | None) -> None:
        assert report is not None
        enqueue_all(settings)
        send_alerts(settings, report)
        seen.append((report.run_id, runs(engine), len(jsonl_lines(tmp_path))))
        if len(seen) == 1:  # the feed grows a second article before the next tick
            server.add("/feed.xml", Route(body=rss(ITEM_2, ITEM_1)))
        else:
            stop.set()

    scheduler = build_scheduler(
        settings, trigger=IntervalTrigger(seconds=1), after_ingest=after, stop=stop
    )
    guard = threading.Timer(60, stop.set)  # a broken scheduler fails the test, never hangs it
    guard.start()
    try:
        run_until_stopped(scheduler, stop)
    finally:
        guard.cancel()
        engine.dispose()

    assert not scheduler.running
    assert server.count("/feed.xml") == 2
    (run_1, runs_1, sent_1), (run_2, runs_2, sent_2) = seen
    # each after-ingest call came after its own run was finished and recorded
    assert runs_1 == [(run_1, True, 1)]
    assert runs_2 == [(run_1, True, 1), (run_2, True, 1)]
    assert run_2 > run_1
    # alerts went out on both ticks: the first deal, then only the new one
    assert sent_1 >= 1 and sent_2 > sent_1
    keys = [line["idempotency_key"] for line in jsonl_lines(tmp_path)]
    assert len(keys) == len(set(keys)), "an alert was delivered twice"


def test_a_tick_while_another_run_holds_the_lock_does_nothing(
    tmp_path: Path, server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings_for(write_config(tmp_path, server))
    called: list[object] = []
    with ingest_lock(settings), caplog.at_level(logging.WARNING, "chipnews.schedule"):
        tick = run_tick(
            settings, stop=threading.Event(), after_ingest=lambda s, r: called.append(r)
        )
    assert (tick.skipped, tick.report, called) == ("lock busy", None, [])
    assert "another chipnews ingest is running" in caplog.text
    assert server.count("/feed.xml") == 0


def test_a_tick_after_stop_does_nothing(tmp_path: Path, server: LocalServer) -> None:
    settings = settings_for(write_config(tmp_path, server))
    stop = threading.Event()
    stop.set()
    tick = run_tick(settings, stop=stop, after_ingest=lambda s, r: pytest.fail("sent alerts"))
    assert tick.skipped == "stopping"
    assert server.count("/feed.xml") == 0


def test_a_failing_ingest_is_logged_and_alerts_still_go(
    tmp_path: Path, server: LocalServer
) -> None:
    settings = settings_for(write_config(tmp_path, server))
    called: list[object] = []

    def broken(settings: Settings, stop: threading.Event) -> IngestReport:
        raise RuntimeError("database went away")

    tick = run_tick(
        settings, stop=threading.Event(), after_ingest=lambda s, r: called.append(r), ingest=broken
    )
    assert tick.error == "RuntimeError: database went away"
    assert (tick.alerts_ran, called) == (True, [None])  # earlier pending alerts still go out


def test_the_job_is_named_coalesced_and_never_overlaps(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path,
        timezone="Europe/Berlin",
        schedule=ScheduleSettings(ingest_cron="15 6 * * 1-5"),
        sources=SourcesSettings(file=str(config_dir() / "samples" / "sources.toml")),
    )
    job = build_scheduler(settings).get_job(JOB_ID)
    assert (job.id, job.name, job.coalesce, job.max_instances) == (JOB_ID, "ingest", True, 1)
    assert job.misfire_grace_time == MISFIRE_GRACE_S
    trigger = job.trigger
    assert isinstance(trigger, OrTrigger)
    cron, interval = trigger.triggers
    assert isinstance(cron, CronTrigger) and cron.timezone == ZoneInfo("Europe/Berlin")
    fields = {f.name: str(f) for f in cron.fields}
    assert (fields["minute"], fields["hour"], fields["day_of_week"]) == (
        "15",
        "6",
        "mon,tue,wed,thu,fri",
    )
    assert isinstance(interval, IntervalTrigger) and interval.interval.total_seconds() == 60 * 60


@pytest.mark.parametrize(
    ("intervals", "minutes"),
    [
        ([180, 60, 720], 60),  # the shortest source sets the pace
        ([0, 180], 5),  # a source due on every run is still polled at most every 5 minutes
        ([1440, 2880], None),  # daily or rarer: the cron run is enough
        ([], None),  # nothing enabled
    ],
)
def test_poll_minutes(intervals: list[int], minutes: int | None) -> None:
    assert poll_minutes(intervals) == minutes


@pytest.mark.parametrize(
    ("expr", "weekdays"),
    [
        ("30 5 * * *", {0, 1, 2, 3, 4, 5, 6}),  # Python weekday(): 0 = Monday
        ("30 5 * * 1-5", {0, 1, 2, 3, 4}),  # crontab 1-5 is Monday to Friday, not Tue-Sat
        ("30 5 * * 0", {6}),  # crontab 0 is Sunday
        ("30 5 * * 7", {6}),  # and so is 7
        ("30 5 * * 5-7", {4, 5, 6}),
        ("30 5 * * */2", {6, 1, 3, 5}),  # every other day from Sunday
        ("30 5 * * 1/3", {0, 3}),  # Monday, Thursday (the next one, 7, is past Saturday)
        ("30 5 * * 0,6", {5, 6}),
        ("30 5 * * sat,sun", {5, 6}),  # names pass through
        ("30 5 * * mon-fri", {0, 1, 2, 3, 4}),
    ],
)
def test_crontab_weekdays_mean_what_crontab_says(expr: str, weekdays: set[int]) -> None:
    tz = ZoneInfo("Asia/Shanghai")
    trigger = crontab_trigger(expr, tz)
    fires, previous, now = [], None, datetime(2025, 1, 1, tzinfo=tz)
    for _ in range(14):
        fire = trigger.get_next_fire_time(previous, now)
        assert fire is not None and (fire.hour, fire.minute) == (5, 30)
        fires.append(fire)
        previous, now = fire, fire + timedelta(seconds=1)
    assert {f.weekday() for f in fires} == weekdays


def test_without_frequent_sources_the_trigger_is_the_cron_alone(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[source]]\nname = "a"\nurl = "https://a.test/f"\ninterval_minutes = 1440\n'
    )
    settings = Settings(data_dir=tmp_path, sources=SourcesSettings(file=str(sources)))
    trigger = default_trigger(settings)
    assert isinstance(trigger, CronTrigger) and trigger.timezone == ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("cron", "zone"),
    [
        ("61 5 * * *", "UTC"),
        ("30 5 * * 8", "UTC"),
        ("30 5 * *", "UTC"),
        ("30 5 * * *", "Mars/Base"),
    ],
)
def test_bad_schedule_settings_are_config_errors(tmp_path: Path, cron: str, zone: str) -> None:
    settings = Settings(
        data_dir=tmp_path, timezone=zone, schedule=ScheduleSettings(ingest_cron=cron)
    )
    with pytest.raises(ConfigError):
        build_scheduler(settings)


def test_send_alerts_without_rules_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, "chipnews.schedule"):
        send_alerts(Settings(data_dir=tmp_path), None)
    assert "no alert rules configured; skipped" in caplog.text


# ---------------------------------------------------------------- real processes


def chipnews(module: str, config: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", module, "--config", str(config), *args]


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("CHIPNEWS_")}


@pytest.fixture
def busy_scheduler(tmp_path: Path, server: LocalServer) -> Iterator[subprocess.Popen[str]]:
    """`chipnews schedule --now` in the middle of ingesting a slowly dripping feed."""
    config = write_config(tmp_path, server, drip=True)
    proc = subprocess.Popen(
        chipnews("pipeline.schedule_cli", config, "schedule", "--now"),
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=clean_env(),
    )
    try:
        deadline = time.monotonic() + 30
        while server.count("/slow.xml") == 0:  # the tick has the lock and is fetching
            assert proc.poll() is None, proc.communicate()[1]
            assert time.monotonic() < deadline, "the scheduler never fetched"
            time.sleep(0.05)
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)


def test_sigterm_finishes_the_run_in_flight_and_exits_cleanly(
    tmp_path: Path, server: LocalServer, busy_scheduler: subprocess.Popen[str]
) -> None:
    config = tmp_path / "chipnews.toml"
    # while the first run holds the lock, a second tick refuses at once
    second = subprocess.run(
        chipnews("pipeline.schedule_cli", config, "schedule", "--once"),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=clean_env(),
        timeout=60,
    )
    assert second.returncode == EXIT_LOCKED, second.stderr
    assert "another chipnews ingest is running (lock: " in second.stderr
    assert server.wait_outcome("/slow.xml", timeout_s=0.01) == "pending", "first run ended early"
    busy_scheduler.send_signal(signal.SIGTERM)  # mid-fetch: the run is in flight
    _, stderr = busy_scheduler.communicate(timeout=60)
    assert busy_scheduler.returncode == 0, stderr
    assert "received SIGTERM" in stderr
    assert stderr.rstrip().splitlines()[-1].endswith("scheduler stopped")
    assert server.wait_outcome("/slow.xml") == "complete"
    engine = make_engine(settings_for(config).database_url)
    try:
        # the run in flight was finished and recorded, nothing half-stored: all its articles
        # (before the stop flag reaches the article loop) or those before the stop (after)
        [(run_id, finished, articles_new)] = runs(engine)
        assert (run_id, finished) == (1, True)
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT count(*) FROM articles")).scalar_one()
        assert stored == articles_new <= 2
    finally:
        engine.dispose()


def test_a_second_ingest_command_exits_with_the_lock_message(
    tmp_path: Path, busy_scheduler: subprocess.Popen[str]
) -> None:
    second = subprocess.run(
        chipnews("pipeline.cli", tmp_path / "chipnews.toml", "ingest"),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=clean_env(),
        timeout=60,
    )
    assert second.returncode == EXIT_LOCKED, second.stderr
    assert "another chipnews ingest is running (lock: " in second.stderr

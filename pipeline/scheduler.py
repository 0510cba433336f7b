"""`chipnews schedule`: an APScheduler 3 scheduler that runs the ingest job, then the alert sender.

One job, ``ingest``, fires on the configured cron expression OR every N
minutes, N being the shortest poll interval among enabled sources (so a source
polled hourly is polled hourly even though the cron runs daily). Each firing
is one *tick*: take the ingest lock, ``run_once`` (which fetches only the
sources that are due, so firing often never polls a source early), then send
pending alerts. One job rather than two keeps ``max_instances=1`` meaningful;
the ingest lock also keeps a cron-started ``chipnews ingest`` out.

Shutdown: SIGINT/SIGTERM only set a ``threading.Event``. A watcher thread sees
it and calls ``scheduler.shutdown(wait=True)``, which waits for the tick in
flight; the ingest loop checks the same event between articles and stops
after the one it is on.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from types import FrameType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.events import EVENT_SCHEDULER_STARTED, SchedulerEvent
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from pipeline.errors import ConfigError
from pipeline.ingest import IngestReport
from pipeline.lock import LockBusy, ingest_lock
from pipeline.settings import Settings

log = logging.getLogger("chipnews.schedule")

JOB_ID = "ingest"
# A laptop asleep at the cron time, or a tick still running when the next one
# was due, still gets its run if it comes back within 2 hours; later than that
# the tick is dropped (coalesce folds any backlog into one run anyway) and the
# next one picks up every source that fell due meanwhile.
MISFIRE_GRACE_S = 2 * 60 * 60
# The interval part of the trigger: never more often than every 5 minutes (a
# run costs a request per due source and a database write), and not at all
# when the shortest source interval is a day or more (the cron run covers it).
MIN_POLL_MINUTES = 5
MAX_POLL_MINUTES = 24 * 60

AfterIngest = Callable[[Settings, IngestReport | None], None]
Ingest = Callable[[Settings, threading.Event], IngestReport]


@dataclass
class Tick:
    """What one firing of the ingest job did."""

    report: IngestReport | None = None  # None: skipped or the run raised
    skipped: str | None = None  # why nothing ran: "lock busy", "stopping"
    error: str | None = None  # the ingest run raised this
    alerts_ran: bool = False


def poll_minutes(intervals: Iterable[int]) -> int | None:
    """How often the interval part fires: the shortest source interval, kept in bounds."""
    shortest = min(intervals, default=None)
    if shortest is None or shortest >= MAX_POLL_MINUTES:
        return None
    return max(shortest, MIN_POLL_MINUTES)


def default_trigger(settings: Settings) -> BaseTrigger:
    """The cron expression from the settings, OR'd with the shortest source interval."""
    tz = timezone(settings)
    try:
        cron = crontab_trigger(settings.schedule.ingest_cron, tz)
    except ValueError as exc:
        raise ConfigError(str(exc), source="schedule", field="ingest_cron") from exc
    from pipeline.sources import load_sources

    minutes = poll_minutes(
        s.interval_minutes for s in load_sources(settings.sources_path) if s.enabled
    )
    if minutes is None:
        return cron
    return OrTrigger([cron, IntervalTrigger(minutes=minutes, timezone=tz)])


def crontab_trigger(expr: str, tz: ZoneInfo) -> CronTrigger:
    """``CronTrigger.from_crontab`` with crontab's weekday numbers (0 and 7 = Sunday).

    APScheduler 3 reads weekday numbers as 0 = Monday, so "1-5" would run
    Tuesday to Saturday; numbers are rewritten as day names first.
    """
    fields = expr.split()
    if len(fields) == 5:
        fields[4] = ",".join(_weekday_part(part) for part in fields[4].split(","))
    return CronTrigger.from_crontab(" ".join(fields), timezone=tz)


_DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _weekday_part(part: str) -> str:
    """One comma part of crontab's day-of-week field as APScheduler day names."""
    base, _, step_text = part.partition("/")
    if base == "*" and not step_text:
        return part
    if not (base == "*" or base.replace("-", "").isdigit()) or base.count("-") > 1:
        return part  # names ("mon-fri") mean the same to both; anything else fails below
    step = int(step_text) if step_text.isdigit() else 1
    if base == "*":
        first, last = 0, 6
    elif "-" in base:
        first, last = (int(x) for x in base.split("-"))
    else:
        first = int(base)
        last = 6 if step_text else first
    if not 0 <= first <= last <= 7 or step < 1:
        raise ValueError(f"day-of-week {part!r} is not a crontab weekday (0-7)")
    days = sorted({n % 7 for n in range(first, last + 1, step)})
    return ",".join(_DAY_NAMES[n] for n in days)


def timezone(settings: Settings) -> ZoneInfo:
    try:
        return ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"unknown timezone {settings.timezone!r}", field="timezone") from exc


def build_scheduler(
    settings: Settings,
    *,
    trigger: BaseTrigger | None = None,
    after_ingest: AfterIngest | None = None,
    stop: threading.Event | None = None,
    ingest: Ingest | None = None,
) -> BlockingScheduler:
    """A scheduler with the one ``ingest`` job; tests pass a fast ``IntervalTrigger``."""
    scheduler = BlockingScheduler(timezone=timezone(settings))
    scheduler.add_job(
        run_tick,
        trigger or default_trigger(settings),
        args=(settings,),
        kwargs={
            "stop": stop or threading.Event(),
            "after_ingest": after_ingest or send_alerts,
            "ingest": ingest or ingest_due,
        },
        id=JOB_ID,
        name=JOB_ID,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=MISFIRE_GRACE_S,
        replace_existing=True,
    )
    return scheduler


def run_tick(
    settings: Settings,
    *,
    stop: threading.Event,
    after_ingest: AfterIngest | None = None,
    ingest: Ingest | None = None,
) -> Tick:
    """One firing: under the ingest lock, ingest the due sources, then send alerts.

    Errors are logged, not raised: a failed tick must not stop the next one.
    """
    if stop.is_set():
        log.info("tick skipped: stopping")
        return Tick(skipped="stopping")
    tick = Tick()
    try:
        with ingest_lock(settings) as lock:
            log.info("tick: ingest started (lock %s)", lock)
            try:
                tick.report = (ingest or ingest_due)(settings, stop)
                log.info("tick: %s", summary(tick.report))
            except Exception as exc:
                tick.error = f"{type(exc).__name__}: {exc}"
                log.exception("tick: ingest failed")
            if stop.is_set():
                # the rows stay pending in the outbox and go out on the next tick
                log.info("tick: stopping, alert sending left for the next run")
                return tick
            try:
                (after_ingest or send_alerts)(settings, tick.report)
                tick.alerts_ran = True
            except Exception:
                log.exception("tick: sending alerts failed")
    except LockBusy as exc:
        log.warning("tick skipped: %s", exc)
        tick.skipped = "lock busy"
    return tick


def ingest_due(settings: Settings, stop: threading.Event) -> IngestReport:
    """``run_once`` over the due sources, passing the stop flag once the runner takes it."""
    from pipeline.runner import run_once

    return run_once(settings, stop=stop)


def send_alerts(settings: Settings, report: IngestReport | None) -> None:
    """The default after-ingest step: deliver pending alerts, if any rule is configured."""
    try:
        from pipeline.alerts.rules import load_alert_config
        from pipeline.alerts.sender import send_pending
    except ImportError as exc:
        log.info("alerts: sender not available (%s); skipped", exc)
        return
    config = load_alert_config(settings)
    if not config.rules:
        log.info("alerts: no alert rules configured; skipped")
        return
    from db.engine import make_engine

    engine = make_engine(settings.database_url)
    try:
        sent = send_pending(engine, config)
    finally:
        engine.dispose()
    log.info(
        "alerts: %d messages sent (%d alerts), %d to retry, %d given up",
        sent.sent,
        sent.alerts_sent,
        sent.retry_later,
        sent.gave_up,
    )


def summary(report: IngestReport) -> str:
    return (
        f"ingest run {report.run_id}: {len(report.outcomes)} sources, "
        f"{len(report.failed)} failed, {report.articles_new} new articles, "
        f"{report.events_new} new events"
    )


def run_until_stopped(scheduler: BlockingScheduler, stop: threading.Event) -> None:
    """Run ``scheduler`` in this thread until ``stop`` is set, then shut down waiting for the tick.

    The watcher thread starts from the scheduler's own "started" event, so it can
    never call shutdown() on a scheduler that is not running yet.
    """
    watchers: list[threading.Thread] = []

    def watch() -> None:
        stop.wait()
        log.info("stopping: waiting for the tick in flight")
        scheduler.shutdown(wait=True)

    def on_started(_event: SchedulerEvent) -> None:
        watchers.append(threading.Thread(target=watch, name="chipnews-stop", daemon=True))
        watchers[0].start()

    scheduler.add_listener(on_started, EVENT_SCHEDULER_STARTED)
    scheduler.start()  # returns once the watcher's shutdown() has finished the job in flight
    for watcher in watchers:
        watcher.join(timeout=5)


def install_stop_signals(stop: threading.Event) -> Callable[[], None]:
    """SIGINT and SIGTERM set ``stop`` and log; the watcher thread does the shutting down.

    Returns a function that puts the previous handlers back.
    """

    def handler(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s: finishing the article in flight", signal.Signals(signum).name)
        stop.set()

    previous: dict[int, Any] = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, handler)

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore


def next_fire(scheduler: BlockingScheduler) -> str:
    """When the ingest job fires first, for the startup log line."""
    job = scheduler.get_job(JOB_ID)
    fire = job.trigger.get_next_fire_time(None, datetime.now(scheduler.timezone)) if job else None
    return fire.isoformat(timespec="seconds") if fire else "never"

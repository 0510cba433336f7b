"""Wire settings into one ingest run: engine, registry, fetcher, progress display."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from sqlalchemy.orm import Session

from db.engine import make_engine
from db.event_store import StoredEvent
from pipeline.alerts.outbox import enqueue_stored
from pipeline.alerts.rules import load_alert_config
from pipeline.fetch import Fetcher, FetchLimits
from pipeline.fx import FxTable
from pipeline.ingest import IngestJob, IngestReport, SourceOutcome, run_ingest
from pipeline.registry import load_registry
from pipeline.settings import Settings
from pipeline.sources import load_sources

log = logging.getLogger("chipnews.ingest")


def fetch_limits(settings: Settings) -> FetchLimits:
    f = settings.fetch
    return FetchLimits(
        timeout_s=f.timeout_s,
        total_timeout_s=f.total_timeout_s,
        max_bytes=f.max_bytes,
        max_redirects=f.max_redirects,
        user_agent=f.user_agent,
        min_host_delay_s=f.min_host_delay_s,
    )


def run_once(
    settings: Settings,
    *,
    sources_file: Path | None = None,
    only: tuple[str, ...] | None = None,
    force: bool = False,
    console: Console | None = None,
    stop: threading.Event | None = None,
) -> IngestReport:
    """One ingest run as the CLI and the scheduler start it.

    New events (and status or amount changes) matching an alert rule are queued
    in the outbox inside the same transaction; the sender delivers them later.
    """
    specs = load_sources(sources_file or settings.sources_path)
    alert_config = load_alert_config(settings)

    def queue_alerts(session: Session, stored: StoredEvent) -> None:
        enqueue_stored(session, stored, alert_config)

    engine = make_engine(settings.database_url)
    try:
        with Fetcher(fetch_limits(settings)) as fetcher:
            job = IngestJob(
                engine=engine,
                registry=load_registry(),
                fetcher=fetcher,
                fx=FxTable.load(data_dir=settings.data_dir),
                sources=specs,
                only=only,
                force=force,
                on_event=queue_alerts if alert_config.rules else None,
                disable_after_days=settings.fetch.disable_after_days,
                stop=stop,
            )
            if console is not None and console.is_terminal:
                return _with_bar(job, console)
            job.progress = _log_line
            return run_ingest(job)
    finally:
        engine.dispose()


def _log_line(name: str, outcome: SourceOutcome | None) -> None:
    if outcome is None:
        log.info("fetching %s", name)
    else:
        log.info(
            "%s: %s, %d entries, %d new articles, %d new events%s",
            name,
            outcome.status,
            outcome.entries,
            outcome.articles_new,
            outcome.events_new,
            f" ({outcome.error})" if outcome.error else "",
        )


def _with_bar(job: IngestJob, console: Console) -> IngestReport:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("ingest", total=None)

        def progress(name: str, outcome: SourceOutcome | None) -> None:
            if outcome is None:
                bar.update(task, description=f"fetching {name}")
            else:
                bar.advance(task)

        job.progress = progress
        return run_ingest(job)

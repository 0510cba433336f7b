"""`chipnews schedule`, and the lock wrapper the `ingest` command runs under.

The lead registers the command in pipeline/cli.py (``main.add_command(schedule)``);
until then ``python -m pipeline.schedule_cli schedule`` runs it under the main group.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime
from typing import Any, Protocol

import click

from pipeline.lock import LockBusy, ingest_lock
from pipeline.settings import Settings

log = logging.getLogger("chipnews.schedule")

EXIT_LOCKED = 3  # cron mails non-zero exits; 3 tells "skipped, another run busy" from a failure


class HasSettings(Protocol):
    @property
    def settings(self) -> Settings: ...


@contextmanager
def exit_if_locked(settings: Settings) -> Iterator[None]:
    """Hold the ingest lock for the block; if another run has it, say so on stderr and exit 3.

    Only acquiring is guarded: an exception from the block passes through untouched.
    """
    with ExitStack() as stack:
        try:
            stack.enter_context(ingest_lock(settings))
        except LockBusy as exc:
            click.echo(str(exc), err=True)
            sys.exit(EXIT_LOCKED)
        yield


@click.command()
@click.option("--once", is_flag=True, help="Run one tick (ingest, then alerts) and exit.")
@click.option("--now", is_flag=True, help="Also run a tick at startup, then follow the schedule.")
@click.pass_obj
def schedule(app: HasSettings, once: bool, now: bool) -> None:
    """Run ingest on the configured cron, then send alerts, in the foreground until stopped."""
    from pipeline.scheduler import (
        JOB_ID,
        build_scheduler,
        install_stop_signals,
        next_fire,
        run_tick,
        run_until_stopped,
    )

    settings = app.settings
    stop = threading.Event()
    restore = install_stop_signals(stop)
    try:
        if once:
            tick = run_tick(settings, stop=stop)
            if tick.skipped == "lock busy":
                sys.exit(EXIT_LOCKED)
            sys.exit(1 if tick.error or (tick.report and tick.report.failed) else 0)
        scheduler = build_scheduler(settings, stop=stop)
        if now:
            scheduler.get_job(JOB_ID).modify(next_run_time=datetime.now(scheduler.timezone))
        log.info(
            "scheduler started: cron %r (%s), next tick %s; SIGINT/SIGTERM stops it",
            settings.schedule.ingest_cron,
            settings.timezone,
            "now" if now else next_fire(scheduler),
        )
        run_until_stopped(scheduler, stop)
        log.info("scheduler stopped")
    finally:
        restore()


def _main(argv: Any = None) -> None:
    from pipeline.cli import main

    main.add_command(schedule)
    main(argv)


if __name__ == "__main__":
    _main()

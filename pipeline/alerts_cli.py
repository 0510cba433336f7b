"""``chipnews alerts``: list the outbox, send what is due, test a rule's channels.

A thin skin over ``pipeline.alerts``; the lead's CLI adds it with
``main.add_command(alerts)``. Settings come from the click context object
(``AppContext.settings``), so ``chipnews --config FILE alerts …`` works.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine

from db.engine import make_engine, session_factory
from db.migrate import upgrade
from db.store import utcnow
from pipeline.alerts.channels import DeliveryError, make_channel
from pipeline.alerts.messages import sample_message
from pipeline.alerts.outbox import list_alerts
from pipeline.alerts.rules import load_alert_config
from pipeline.alerts.sender import send_pending


def _settings(ctx: click.Context) -> Any:
    settings = getattr(ctx.obj, "settings", None)
    if settings is None:
        raise click.UsageError("alerts needs the chipnews context (run it as `chipnews alerts`)")
    return settings


@contextmanager
def _engine(settings: Any) -> Iterator[Engine]:
    """A migrated engine, disposed afterwards so no connection outlives the command."""
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()


@click.group()
def alerts() -> None:
    """Alerts on new deals: the outbox, delivery, and a test per rule."""


@alerts.command("list")
@click.option(
    "--state", type=click.Choice(["pending", "sent", "failed"]), help="Only rows in this state."
)
@click.option("--limit", default=50, show_default=True)
@click.pass_context
def list_command(ctx: click.Context, state: str | None, limit: int) -> None:
    """Show outbox rows, newest first."""
    with _engine(_settings(ctx)) as engine, session_factory(engine)() as session:
        rows = list_alerts(session, state, limit)
    table = Table(title=f"{len(rows)} alerts", title_justify="left")
    for col in ("id", "event", "rule", "channel", "reason", "state", "tries", "next", "error"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            str(r["id"]),
            f"{r['event_id']} {r['event']}",
            str(r["rule"]),
            str(r["channel"]),
            str(r["reason"]),
            str(r["state"]),
            str(r["attempts"]),
            str(r["next_attempt_at"] or ""),
            str(r["last_error"] or "")[:80],
        )
    Console().print(table)


@alerts.command("send")
@click.option(
    "--dry-run", is_flag=True, help="Show what would be sent; deliver and change nothing."
)
@click.option("--max-attempts", default=8, show_default=True, help="Failures before giving up.")
@click.pass_context
def send_command(ctx: click.Context, dry_run: bool, max_attempts: int) -> None:
    """Deliver every due pending alert (retries with backoff; digests once their day is over)."""
    settings = _settings(ctx)
    config = load_alert_config(settings)
    with _engine(settings) as engine:
        report = send_pending(engine, config, dry_run=dry_run, max_attempts=max_attempts)
    console = Console()
    if dry_run:
        for plan in report.planned:
            console.print(f"would send to {plan.channel}: {plan.title}", markup=False)
        console.print(f"{len(report.planned)} messages would be sent")
        return
    for error in report.errors:
        Console(stderr=True).print(f"failed: {error}", markup=False)
    console.print(
        f"{report.sent} messages sent ({report.alerts_sent} alerts), "
        f"{report.retry_later} to retry, {report.gave_up} given up"
    )
    sys.exit(1 if report.errors else 0)


@alerts.command("test")
@click.argument("rule")
@click.option("--dry-run", is_flag=True, help="Print the sample message; send nothing.")
@click.pass_context
def test_command(ctx: click.Context, rule: str, dry_run: bool) -> None:
    """Send a sample message through every channel of RULE."""
    config = load_alert_config(_settings(ctx))
    spec = config.rule(rule)
    message = sample_message(spec.name, utcnow())
    console = Console()
    failed = False
    for name in spec.channels:
        if dry_run:
            console.print(f"would send to {name}:\n{message.text()}", markup=False)
            continue
        try:
            make_channel(config.channel(name), console).send(message)
        except DeliveryError as exc:
            Console(stderr=True).print(f"failed: {exc}", markup=False)
            failed = True
        else:
            console.print(f"sent to {name}", markup=False)
    sys.exit(1 if failed else 0)

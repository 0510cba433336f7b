"""The sender: deliver due `alerts` rows through their channels, one transaction per message.

The steps for one message, in this order (the hook names them):

1. ``claimed``   select the due row(s); on PostgreSQL ``FOR UPDATE SKIP LOCKED``, so the row
                 stays locked until step 5 and a second sender skips it
2. ``rendered``  read the event and write the message
3. ``delivered`` the channel accepted it (2xx, SMTP accepted, line fsynced)
4. ``marked``    UPDATE state='sent', sent_at (not yet committed)
5. ``committed`` COMMIT

A crash before 3 rolls back to "pending": sent next run, once. A crash after 5
changes nothing. A crash after 3 and before 5 is the one window where the
receiver gets the message twice; both copies carry the same idempotency key.
A failed delivery instead records attempts+1, last_error and the next attempt
time in the same transaction; after ``max_attempts`` the row is ``failed``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Engine, or_, select
from sqlalchemy.orm import Session

from db.engine import session_factory
from db.models import Alert
from db.store import utcnow
from pipeline.alerts.channels import Channel, DeliveryError, make_channel
from pipeline.alerts.facts import load_event
from pipeline.alerts.messages import AlertMessage, DigestMessage, Message
from pipeline.alerts.rules import AlertConfig

STEPS = ("claimed", "rendered", "delivered", "marked", "committed")
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)  # a receiver down over a weekend is tried every 6 h at most
MAX_ERROR = 1000  # characters of last_error kept; an HTML error page says nothing past that

Hook = Callable[[str, tuple[int, ...]], None]


@dataclass(frozen=True)
class Planned:
    channel: str
    key: str
    title: str
    alert_ids: tuple[int, ...]


@dataclass
class SendReport:
    sent: int = 0  # messages accepted (a digest counts once)
    alerts_sent: int = 0  # rows marked sent
    retry_later: int = 0  # messages that failed and will be tried again
    gave_up: int = 0  # messages whose rows became 'failed' this run
    planned: list[Planned] = field(default_factory=list)  # dry run: what would go out
    errors: list[str] = field(default_factory=list)


def backoff(attempts: int, rng: random.Random | None = None) -> timedelta:
    """Delay after the n-th failure: doubling from a minute, capped, with "equal jitter".

    Half the delay is fixed and half random, so many rows failing together
    (a receiver down) come back spread out rather than all at once.
    """
    delay = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(attempts - 1, 0))
    return delay / 2 + delay / 2 * (rng or random).random()


def send_pending(
    engine: Engine,
    config: AlertConfig,
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    max_attempts: int = 8,
    hook: Hook | None = None,
    channels: Mapping[str, Channel] | None = None,
    rng: random.Random | None = None,
) -> SendReport:
    """Deliver every due pending alert; ``hook(step, alert_ids)`` is called after each step."""
    now = (now or utcnow()).astimezone(UTC)  # SQLite compares the stored UTC text
    report = SendReport()
    made: dict[str, Channel] = dict(channels or {})
    tried: set[int] = set()
    make_session = session_factory(engine)
    while True:
        with make_session() as session:
            batch = _claim(session, config, now, tried, lock=not dry_run)
            if not batch:
                return report
            ids = tuple(a.id for a in batch)
            tried.update(ids)
            _step(hook, "claimed", ids)
            message = _render(session, batch, config)
            _step(hook, "rendered", ids)
            channel_name = batch[0].channel
            if message is None:  # the event was deleted under us: nothing left to say
                if not dry_run:
                    _fail(batch, "event no longer in the database", now, max_attempts=0)
                    report.gave_up += 1
                    session.commit()
                continue
            if dry_run:
                report.planned.append(Planned(channel_name, message.key, message.title, ids))
                session.rollback()
                continue
            try:
                channel = made.get(channel_name) or made.setdefault(
                    channel_name, make_channel(config.channel(channel_name))
                )
                channel.send(message)
            except Exception as exc:  # a channel's own bug must not stop every other alert
                error = exc if isinstance(exc, DeliveryError) else _unexpected(channel_name, exc)
                gave_up = _fail(batch, error.detail, now, max_attempts, rng)
                report.errors.append(str(error))
                report.gave_up += gave_up
                report.retry_later += not gave_up
                session.commit()
                continue
            _step(hook, "delivered", ids)
            for alert in batch:
                alert.state = "sent"
                alert.sent_at = now
                alert.next_attempt_at = None
            session.flush()
            _step(hook, "marked", ids)
            session.commit()
            report.sent += 1
            report.alerts_sent += len(batch)
        _step(hook, "committed", ids)


def _step(hook: Hook | None, name: str, ids: tuple[int, ...]) -> None:
    if hook is not None:
        hook(name, ids)


def _due(now: datetime, tried: set[int]) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [
        Alert.state == "pending",
        or_(Alert.next_attempt_at.is_(None), Alert.next_attempt_at <= now),
    ]
    if tried:
        conditions.append(Alert.id.notin_(tried))
    return conditions


def _claim(
    session: Session, config: AlertConfig, now: datetime, tried: set[int], *, lock: bool
) -> list[Alert]:
    """The next message's rows: one immediate alert, or one channel's finished day."""
    immediate = [n for n, c in config.channels.items() if not c.digest]
    digest = [n for n, c in config.channels.items() if c.digest]
    if immediate:
        query = (
            select(Alert)
            .where(*_due(now, tried), Alert.channel.in_(immediate))
            .order_by(Alert.id)
            .limit(1)
        )
        if lock:
            query = query.with_for_update(skip_locked=True)
        row = session.scalar(query)
        if row is not None:
            return [row]
    if digest:
        return _claim_digest(session, config, now, tried, digest, lock=lock)
    return []


def _claim_digest(
    session: Session,
    config: AlertConfig,
    now: datetime,
    tried: set[int],
    channels: Sequence[str],
    *,
    lock: bool,
) -> list[Alert]:
    """All due rows of the oldest (channel, local day) whose day is over, locked together."""
    zone = ZoneInfo(config.timezone)
    today = now.astimezone(zone).date()
    candidates = session.execute(
        select(Alert.id, Alert.channel, Alert.created_at)
        .where(*_due(now, tried), Alert.channel.in_(channels))
        .order_by(Alert.created_at, Alert.id)
    ).all()
    groups: dict[tuple[str, date], list[int]] = {}
    for alert_id, channel, created in candidates:
        day = created.astimezone(zone).date()
        if day < today:  # today's digest waits until the day is over
            groups.setdefault((channel, day), []).append(alert_id)
    for ids in groups.values():
        query = select(Alert).where(Alert.id.in_(ids), Alert.state == "pending").order_by(Alert.id)
        if lock:
            query = query.with_for_update(skip_locked=True)
        rows = list(session.scalars(query))
        if len(rows) == len(ids):
            return rows
        tried.update(ids)  # another sender holds part of this day: it sends the digest
    return []


def _render(session: Session, batch: list[Alert], config: AlertConfig) -> Message | None:
    messages: list[AlertMessage] = []
    for alert in batch:
        facts = load_event(session, alert.event_id)
        if facts is not None:
            messages.append(AlertMessage(facts, alert.rule, alert.reason))
    if not messages:
        return None
    if config.channel(batch[0].channel).digest:
        zone = ZoneInfo(config.timezone)
        day = batch[0].created_at.astimezone(zone).date()
        return DigestMessage(batch[0].channel, day, tuple(messages))
    return messages[0]


def _unexpected(channel: str, exc: Exception) -> DeliveryError:
    return DeliveryError(channel, f"{type(exc).__name__}: {exc}")


def _fail(
    batch: list[Alert],
    error: str,
    now: datetime,
    max_attempts: int,
    rng: random.Random | None = None,
) -> bool:
    """Record one failed attempt on every row of the message; True when they gave up."""
    gave_up = False
    for alert in batch:
        alert.attempts = (alert.attempts or 0) + 1
        alert.last_error = error[:MAX_ERROR]
        if alert.attempts >= max_attempts:
            alert.state = "failed"
            alert.next_attempt_at = None
            gave_up = True
        else:
            alert.next_attempt_at = now + backoff(alert.attempts, rng)
    return gave_up

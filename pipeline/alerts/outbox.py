"""The outbox: which (rule, channel) pairs an event change alerts, written as `alerts` rows.

Called inside the article's transaction, so an event and its alerts commit
together or not at all. The unique key (event, rule, channel, reason) makes a
second call for the same change insert nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from db.event_store import StoredEvent
from db.models import Alert, Event
from db.store import utcnow
from pipeline.alerts.facts import EventFacts, load_event
from pipeline.alerts.rules import AlertConfig, AlertRule, normalize_name


def reason_kind(reason: str) -> str:
    """'status:completed' → 'status'; 'new' and 'amount' are their own kind."""
    kind = reason.split(":", 1)[0]
    if kind not in ("new", "status", "amount") or (kind == "status") != (":" in reason):
        raise ValueError(f"not an alert reason: {reason!r}")
    return kind


def matches(rule: AlertRule, facts: EventFacts, reason: str) -> bool:
    """Does this event change pass every filter of the rule?"""
    f = rule.filters
    if reason_kind(reason) not in f.on:
        return False
    if f.types and facts.type not in f.types:
        return False
    if f.statuses and facts.status not in f.statuses:
        return False
    if f.min_usd is not None and (facts.amount_usd is None or facts.amount_usd < f.min_usd):
        return False
    if f.languages and not (facts.languages & f.languages):
        return False
    if f.countries and not any((p.country or "").upper() in f.countries for p in facts.parties):
        return False
    if f.segments and not any((p.segment or "").lower() in f.segments for p in facts.parties):
        return False
    return not f.companies or bool(_names(facts) & f.companies)


def _names(facts: EventFacts) -> set[str]:
    """Every way the rule may name a party: key, English and Chinese names, aliases, mention."""
    names: set[str] = set()
    for p in facts.parties:
        for name in (p.key, p.name, p.name_zh, p.mention, *p.aliases):
            if name:
                names.add(normalize_name(name))
    return names


def enqueue_for_event(
    session: Session,
    event_id: int,
    reason: str,
    config: AlertConfig,
    *,
    now: datetime | None = None,
) -> int:
    """Insert one pending row per matching (rule, channel); returns how many were new."""
    reason_kind(reason)  # a bad reason is our bug: fail before touching anything
    if not config.rules:
        return 0
    facts = load_event(session, event_id)
    if facts is None:
        raise ValueError(f"no event {event_id}")
    created = (now or utcnow()).astimezone(UTC)  # SQLite keeps the wall time, not the zone
    rows = [
        {
            "event_id": event_id,
            "rule": rule.name,
            "channel": channel,
            "reason": reason,
            "state": "pending",
            "attempts": 0,
            "next_attempt_at": None,
            "created_at": created,
        }
        for rule in config.rules
        if matches(rule, facts, reason)
        for channel in rule.channels
    ]
    return _insert_new(session, rows)


def _insert_new(session: Session, rows: list[dict[str, Any]]) -> int:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id: counts only the rows that were new.

    RETURNING rather than rowcount: through SQLAlchemy's dialect insert, psycopg 3
    reports rowcount -1 for this statement (db.store.insert_ignore has the same issue).
    """
    if not rows:
        return 0
    maker = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = maker(Alert).values(rows).on_conflict_do_nothing().returning(Alert.id)
    return len(session.execute(statement).all())


def reasons_for(stored: StoredEvent, status: str) -> list[str]:
    """The alert reasons one `store_event` result carries: new, status:<s>, amount."""
    if stored.created:
        return ["new"]
    reasons = [f"status:{status}"] if stored.status_advanced else []
    if stored.amount_first_known:
        reasons.append("amount")
    return reasons


def enqueue_stored(session: Session, stored: StoredEvent, config: AlertConfig) -> int:
    """What ingest calls after `store_event`, inside the article's transaction."""
    if not config.rules or not (
        stored.created or stored.status_advanced or stored.amount_first_known
    ):
        return 0
    event = session.get(Event, stored.event_id)
    if event is None:
        raise ValueError(f"no event {stored.event_id}")
    return sum(
        enqueue_for_event(session, stored.event_id, reason, config)
        for reason in reasons_for(stored, event.status)
    )


def list_alerts(
    session: Session, state: str | None = None, limit: int = 100
) -> list[dict[str, object]]:
    """Outbox rows newest first, with the event's type and status: `chipnews alerts list`."""
    query = (
        select(Alert, Event.type, Event.status)
        .join(Event, Event.id == Alert.event_id)
        .order_by(Alert.id.desc())
        .limit(limit)
    )
    if state:
        query = query.where(Alert.state == state)
    return [
        {
            "id": a.id,
            "event_id": a.event_id,
            "event": f"{type_} ({status})",
            "rule": a.rule,
            "channel": a.channel,
            "reason": a.reason,
            "state": a.state,
            "attempts": a.attempts,
            "next_attempt_at": a.next_attempt_at,
            "last_error": a.last_error,
            "created_at": a.created_at,
            "sent_at": a.sent_at,
        }
        for a, type_, status in session.execute(query)
    ]

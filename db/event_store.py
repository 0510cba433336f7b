"""Events: one real-world deal, however many articles report it (event_mentions).

A new report joins the stored event it matches (``db.matching``) or creates
one. Joining merges order-independently: status only moves forward and keeps
its history, the most precise amount wins, companies and details are united.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.matching import Report, precision_key, same_deal
from db.models import Article, Event, EventCompany, EventMention
from db.store import insert_ignore, utcnow
from extractors.types import PRINCIPAL_ROLE, STATUS_RANK, EventDraft, EventType, Money, Status

COUNTERPARTY_ROLE = {EventType.ACQUISITION: "acquirer", EventType.ORDER: "buyer"}


@dataclass(frozen=True)
class StoredEvent:
    event_id: int
    created: bool
    status_advanced: bool
    amount_first_known: bool = False


def event_fingerprint(draft: EventDraft) -> str:
    """The exact identity of a first report: type, companies by role, amount, date, action."""
    roles = {
        role: sorted({m.company.key for m in mentions})
        for role, mentions in sorted(draft.companies.items())
        if mentions
    }
    amount = draft.amount
    key = {
        "type": draft.type.value,
        "roles": roles,
        "amount": [amount.currency, format(amount.value.normalize(), "f")] if amount else None,
        "date": draft.date.isoformat() if draft.date else None,
        "action": draft.details.get("action"),
        "product": draft.details.get("product") if not roles else None,
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()


def store_event(
    session: Session,
    article_id: int,
    draft: EventDraft,
    ids: Mapping[str, int],
    *,
    reported_on: date,
    conversion: Mapping[str, Any] | None = None,
) -> StoredEvent:
    """Record this article's report of ``draft``: a new event, or a mention of a known one.

    ``conversion`` holds the amount in the base currency (amount_usd, fx_rate,
    fx_rate_date, fx_source); ``reported_on`` is the article's date.
    """
    report = _report_of(draft, ids, reported_on, conversion)
    event = _find_event(session, draft, report)
    if event is None:
        event = _create(session, draft, ids, conversion)
        result = StoredEvent(event.id, created=True, status_advanced=False)
    else:
        result = _merge(session, event, draft, ids, conversion)
    _add_mention(session, event.id, article_id, draft)
    return result


def _report_of(
    draft: EventDraft,
    ids: Mapping[str, int],
    reported_on: date,
    conversion: Mapping[str, Any] | None,
) -> Report:
    amount = draft.amount
    counter = COUNTERPARTY_ROLE.get(draft.type)
    return Report(
        type=draft.type.value,
        day=draft.date or reported_on,
        value=amount.value if amount else None,
        upper=amount.max if amount else None,
        currency=amount.currency if amount else None,
        qualifier=amount.qualifier.value if amount else None,
        usd=(conversion or {}).get("amount_usd"),
        details=_json_details(draft.details),
        has_event_date=draft.date is not None,
        principal=frozenset(ids[m.company.key] for m in draft.principal()),
        counterparty=frozenset(ids[m.company.key] for m in draft.companies.get(counter or "", [])),
        companies=frozenset(ids[m.company.key] for ms in draft.companies.values() for m in ms),
    )


def _find_event(session: Session, draft: EventDraft, report: Report) -> Event | None:
    """The stored event this report belongs to: exact fingerprint, else the nearest match."""
    exact = session.scalar(select(Event).where(Event.fingerprint == event_fingerprint(draft)))
    if exact is not None:
        return exact
    query = select(Event).where(Event.type == draft.type.value)
    principal_role = PRINCIPAL_ROLE[draft.type]
    if report.principal:
        # any shared company: same_deal decides whether differing roles still match
        shared = select(EventCompany.event_id).where(EventCompany.company_id.in_(report.companies))
        query = query.where(Event.id.in_(shared))
    else:
        with_principal = select(EventCompany.event_id).where(EventCompany.role == principal_role)
        query = query.where(Event.id.not_in(with_principal))
    best: tuple[int, int, Event] | None = None
    for event in session.scalars(query.order_by(Event.id)):
        candidate = _report_of_event(session, event, principal_role, draft.type)
        if not report.principal and not _same_unattributed(report, candidate):
            continue
        if same_deal(report, candidate):
            rank = (abs((report.day - candidate.day).days), event.id)
            if best is None or rank < best[:2]:
                best = (*rank, event)
    return best[2] if best else None


def _same_unattributed(a: Report, b: Report) -> bool:
    """Events without a principal company (a rule with no named target) match on details."""
    keys = ("authority", "action", "product")
    return all(a.details.get(k) == b.details.get(k) for k in keys)


def _report_of_event(
    session: Session, event: Event, principal_role: str, event_type: EventType
) -> Report:
    first_reported = session.scalar(
        select(func.min(Article.published))
        .join(EventMention, EventMention.article_id == Article.id)
        .where(EventMention.event_id == event.id)
    )
    roles = session.execute(
        select(EventCompany.role, EventCompany.company_id).where(EventCompany.event_id == event.id)
    ).all()
    counter = COUNTERPARTY_ROLE.get(event_type)
    day = event.event_date or (
        _as_date(first_reported) if first_reported else event.first_seen.date()
    )
    return Report(
        type=event.type,
        day=day,
        value=event.amount_value,
        upper=event.amount_max,
        currency=event.amount_currency,
        qualifier=event.amount_qualifier,
        usd=event.amount_usd,
        details=event.details or {},
        has_event_date=event.event_date is not None,
        principal=frozenset(cid for role, cid in roles if role == principal_role),
        counterparty=frozenset(cid for role, cid in roles if role == counter),
        companies=frozenset(cid for _, cid in roles),
    )


def _as_date(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _create(
    session: Session,
    draft: EventDraft,
    ids: Mapping[str, int],
    conversion: Mapping[str, Any] | None,
) -> Event:
    now = utcnow()
    event = Event(
        fingerprint=event_fingerprint(draft),
        type=draft.type.value,
        status=draft.status.value,
        event_date=draft.date,
        details=_json_details(draft.details),
        status_history=[[draft.status.value, now.isoformat()]],
        first_seen=now,
        last_updated=now,
        **_amount_columns(draft.amount),
        **(conversion or {}),
    )
    session.add(event)
    session.flush()
    _add_companies(session, event.id, draft, ids)
    return event


def _merge(
    session: Session,
    event: Event,
    draft: EventDraft,
    ids: Mapping[str, int],
    conversion: Mapping[str, Any] | None,
) -> StoredEvent:
    """Fold a further report into ``event``; the result does not depend on report order."""
    now = utcnow()
    advanced = STATUS_RANK[draft.status] > STATUS_RANK[Status(event.status)]
    if advanced:
        event.status = draft.status.value
        event.status_history = [*event.status_history, [draft.status.value, now.isoformat()]]
    first_amount = event.amount_value is None and draft.amount is not None
    if draft.amount is not None and precision_key(
        draft.amount.qualifier.value, draft.amount.value
    ) > precision_key(event.amount_qualifier, event.amount_value):
        for column, value in {**_amount_columns(draft.amount), **(conversion or {})}.items():
            setattr(event, column, value)
    if _better_date(event, draft):
        event.event_date = draft.date
    details = _json_details(draft.details)
    missing = {k: v for k, v in details.items() if k not in (event.details or {})}
    if missing:
        event.details = {**(event.details or {}), **missing}
    if advanced or first_amount or missing:
        event.last_updated = now
    _add_companies(session, event.id, draft, ids)
    return StoredEvent(
        event.id, created=False, status_advanced=advanced, amount_first_known=first_amount
    )


FINAL = (Status.COMPLETED.value, Status.TERMINATED.value)


def _better_date(event: Event, draft: EventDraft) -> bool:
    """A closing date beats an announcement date; otherwise the earliest date stands."""
    if draft.date is None:
        return False
    if event.event_date is None:
        return True
    if draft.status.value in FINAL:
        return event.status not in FINAL or draft.date > event.event_date
    return event.status not in FINAL and draft.date < event.event_date


def _add_companies(
    session: Session, event_id: int, draft: EventDraft, ids: Mapping[str, int]
) -> None:
    rows = [
        {"event_id": event_id, "company_id": ids[m.company.key], "role": role, "mention": m.surface}
        for role, mentions in draft.companies.items()
        for m in mentions
    ]
    insert_ignore(session, EventCompany.__table__, rows)


def _add_mention(session: Session, event_id: int, article_id: int, draft: EventDraft) -> None:
    insert_ignore(
        session,
        EventMention.__table__,
        [
            {
                "event_id": event_id,
                "article_id": article_id,
                "evidence": draft.evidence.text,
                "evidence_start": draft.evidence.start,
                "evidence_end": draft.evidence.end,
                "status": draft.status.value,
                "event_date": draft.date,
                "created_at": utcnow(),
                **{k: v for k, v in _amount_columns(draft.amount).items() if k != "amount_max"},
            }
        ],
    )


def _amount_columns(amount: Money | None) -> dict[str, Any]:
    if amount is None:
        return {
            "amount_value": None,
            "amount_max": None,
            "amount_currency": None,
            "amount_qualifier": None,
        }
    return {
        "amount_value": amount.value,
        "amount_max": amount.max,
        "amount_currency": amount.currency,
        "amount_qualifier": amount.qualifier.value,
    }


def _json_details(details: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in details.items():
        if isinstance(value, Money):
            out[key] = value.to_json()
        elif isinstance(value, Decimal):
            out[key] = float(value)
        elif isinstance(value, date):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out

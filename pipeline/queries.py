"""Read-side queries behind `chipnews events` and `chipnews sources`."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import IO, Any

from sqlalchemy import Engine, func, or_, select

from db.models import Company, CompanyAlias, Event, EventCompany, EventMention, Source


@dataclass(frozen=True)
class EventFilter:
    types: tuple[str, ...] = ()
    company: str | None = None
    since: date | None = None
    until: date | None = None
    min_usd: float | None = None
    statuses: tuple[str, ...] = ()
    limit: int = 50


def list_events(engine: Engine, flt: EventFilter) -> list[dict[str, Any]]:
    """Events newest first, with companies by role and mention counts."""
    mentions = (
        select(EventMention.event_id, func.count().label("n"))
        .group_by(EventMention.event_id)
        .subquery()
    )
    query = select(Event.__table__, mentions.c.n).join(mentions, mentions.c.event_id == Event.id)
    if flt.types:
        query = query.where(Event.type.in_(flt.types))
    if flt.statuses:
        query = query.where(Event.status.in_(flt.statuses))
    day = func.coalesce(Event.event_date, func.date(Event.first_seen))
    if flt.since:
        query = query.where(day >= flt.since)
    if flt.until:
        query = query.where(day <= flt.until)
    if flt.min_usd is not None:
        query = query.where(Event.amount_usd >= flt.min_usd)
    if flt.company:
        needle = flt.company.lower()
        ids = (
            select(EventCompany.event_id)
            .join(Company, Company.id == EventCompany.company_id)
            .outerjoin(CompanyAlias, CompanyAlias.company_id == Company.id)
            .where(
                or_(
                    func.lower(Company.name) == needle,
                    func.lower(CompanyAlias.alias) == needle,
                    Company.key == needle,
                )
            )
        )
        query = query.where(Event.id.in_(ids))
    query = query.order_by(day.desc(), Event.id.desc()).limit(flt.limit)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
        roles = _roles(conn, [r._mapping["id"] for r in rows])
    return [_event_dict(row, roles) for row in rows]


def _roles(conn: Any, event_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    out: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    if not event_ids:
        return out
    query = (
        select(EventCompany.event_id, EventCompany.role, Company.name, Company.name_zh)
        .join(Company, Company.id == EventCompany.company_id)
        .where(EventCompany.event_id.in_(event_ids))
        .order_by(EventCompany.event_id, EventCompany.role, Company.name)
    )
    for event_id, role, name, name_zh in conn.execute(query):
        out[event_id][role].append(f"{name} ({name_zh})" if name_zh and name_zh != name else name)
    return out


def _event_dict(row: Any, roles: dict[int, dict[str, list[str]]]) -> dict[str, Any]:
    cols = row._mapping
    event_id = cols["id"]
    by_role = roles.get(event_id, {})
    amount = _fmt_amount(
        cols["amount_value"], cols["amount_currency"], cols["amount_qualifier"], cols["amount_max"]
    )
    usd = cols["amount_usd"]
    return {
        "id": event_id,
        "type": cols["type"],
        "status": cols["status"],
        "event_date": cols["event_date"],
        "companies": "; ".join(f"{role}: {', '.join(names)}" for role, names in by_role.items()),
        "roles": {role: list(names) for role, names in by_role.items()},
        "amount": amount,
        "amount_value": cols["amount_value"],
        "amount_currency": cols["amount_currency"],
        "amount_qualifier": cols["amount_qualifier"],
        "amount_usd": usd,
        "amount_usd_text": _fmt_amount(usd, "USD", None, None) if usd is not None else None,
        "details": cols["details"],
        "first_seen": cols["first_seen"],
        "mentions": cols["n"],
    }


QUALIFIER_SIGNS = {"at_least": "≥", "at_most": "≤", "approx": "~", "exact": ""}


def _fmt_amount(
    value: Decimal | None, currency: str | None, qualifier: str | None, upper: Decimal | None
) -> str | None:
    if value is None:
        return None
    text = f"{_short(value)} {currency or '?'}"
    if qualifier == "range" and upper is not None:
        return f"{_short(value)}–{_short(upper)} {currency or '?'}"
    return QUALIFIER_SIGNS.get(qualifier or "exact", "") + text


def _short(value: Decimal) -> str:
    v = float(value)
    for size, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(v) >= size:
            return f"{v / size:,.2f}".rstrip("0").rstrip(".") + unit
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def list_sources(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(Source.__table__).order_by(Source.name))
        return [dict(r._mapping) for r in rows]


def write_csv(rows: list[dict[str, Any]], out: IO[str], columns: list[str] | None = None) -> None:
    columns = columns or (list(rows[0].keys()) if rows else [])
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})

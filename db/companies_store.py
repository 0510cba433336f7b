"""Company reads and the merge of a discovered company into another."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, delete, func, or_, select, update
from sqlalchemy.orm import Session

from db.models import Company, CompanyAlias, EventCompany
from db.store import insert_ignore


def list_companies(
    engine: Engine, *, discovered: bool | None = None, search: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """Companies with the number of events they take part in, most active first."""
    counts = (
        select(EventCompany.company_id, func.count(func.distinct(EventCompany.event_id)).label("n"))
        .group_by(EventCompany.company_id)
        .subquery()
    )
    query = select(Company.__table__, func.coalesce(counts.c.n, 0).label("events")).outerjoin(
        counts, counts.c.company_id == Company.id
    )
    if discovered is not None:
        query = query.where(Company.discovered.is_(discovered))
    if search:
        needle = f"%{search.lower()}%"
        aliases = select(CompanyAlias.company_id).where(func.lower(CompanyAlias.alias).like(needle))
        query = query.where(or_(func.lower(Company.name).like(needle), Company.id.in_(aliases)))
    query = query.order_by(func.coalesce(counts.c.n, 0).desc(), Company.name).limit(limit)
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


class MergeError(ValueError):
    """A merge that would lose a registry identity or names no company."""


def merge_company(session: Session, source_key: str, target_key: str) -> int:
    """Fold discovered company ``source_key`` into ``target_key``; returns event links moved."""
    source = session.scalar(select(Company).where(Company.key == source_key))
    target = session.scalar(select(Company).where(Company.key == target_key))
    if source is None or target is None:
        raise MergeError(f"no company {source_key if source is None else target_key!r}")
    if not source.discovered:
        raise MergeError(f"{source_key} comes from the registry; only discovered ones merge")
    if source.id == target.id:
        raise MergeError("a company cannot be merged into itself")
    links = session.execute(
        select(EventCompany.event_id, EventCompany.role, EventCompany.mention).where(
            EventCompany.company_id == source.id
        )
    ).all()
    insert_ignore(
        session,
        EventCompany.__table__,
        [{"event_id": e, "company_id": target.id, "role": r, "mention": m} for e, r, m in links],
    )
    session.execute(delete(EventCompany).where(EventCompany.company_id == source.id))
    names = {
        source.name,
        *session.scalars(select(CompanyAlias.alias).where(CompanyAlias.company_id == source.id)),
    }
    session.execute(delete(CompanyAlias).where(CompanyAlias.company_id == source.id))
    insert_ignore(
        session, CompanyAlias.__table__, [{"company_id": target.id, "alias": n} for n in names]
    )
    if source.match_key and not target.match_key:
        session.execute(
            update(Company).where(Company.id == target.id).values(match_key=source.match_key)
        )
    session.delete(source)
    return len(links)

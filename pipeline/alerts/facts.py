"""What an alert says about an event, read from the database in one place.

Rules are matched against these facts (outbox) and messages are written from
them (messages), so both see the same event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Article, Company, CompanyAlias, Event, EventCompany, EventMention, Source


@dataclass(frozen=True)
class Party:
    role: str
    key: str
    name: str
    name_zh: str | None = None
    country: str | None = None
    segment: str | None = None
    aliases: tuple[str, ...] = ()
    mention: str | None = None  # the words the first article used

    @property
    def display(self) -> str:
        """English and Chinese name together: 'Moore Threads (摩尔线程)'."""
        if self.name_zh and self.name_zh != self.name:
            return f"{self.name} ({self.name_zh})"
        return self.name


@dataclass(frozen=True)
class Report:
    """One article that reported the event, and the sentence it said it in."""

    title: str
    url: str
    published: datetime | None
    language: str | None
    source: str | None
    evidence: str


@dataclass(frozen=True)
class EventFacts:
    id: int
    type: str
    status: str
    event_date: date | None = None
    amount_value: Decimal | None = None
    amount_max: Decimal | None = None
    amount_currency: str | None = None
    amount_qualifier: str | None = None
    amount_usd: Decimal | None = None
    parties: tuple[Party, ...] = ()
    reports: tuple[Report, ...] = ()  # oldest first
    first_seen: datetime | None = None
    details: dict[str, object] = field(default_factory=dict)

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(
            r.language.replace("_", "-").split("-")[0].lower() for r in self.reports if r.language
        )


def load_event(session: Session, event_id: int) -> EventFacts | None:
    """The event with its companies (and their aliases) and every article reporting it."""
    event = session.get(Event, event_id)
    if event is None:
        return None
    party_rows = session.execute(
        select(EventCompany.role, EventCompany.mention, Company)
        .join(Company, Company.id == EventCompany.company_id)
        .where(EventCompany.event_id == event_id)
        .order_by(EventCompany.role, Company.name)
    ).all()
    company_ids = [c.id for _, _, c in party_rows]
    aliases: dict[int, list[str]] = {}
    if company_ids:
        for company_id, alias in session.execute(
            select(CompanyAlias.company_id, CompanyAlias.alias).where(
                CompanyAlias.company_id.in_(company_ids)
            )
        ):
            aliases.setdefault(company_id, []).append(alias)
    parties = tuple(
        Party(
            role=role,
            key=c.key,
            name=c.name,
            name_zh=c.name_zh,
            country=c.country,
            segment=c.segment,
            aliases=tuple(aliases.get(c.id, ())),
            mention=mention,
        )
        for role, mention, c in party_rows
    )
    report_rows = session.execute(
        select(Article, EventMention.evidence, Source.name)
        .join(EventMention, EventMention.article_id == Article.id)
        .outerjoin(Source, Source.id == Article.source_id)
        .where(EventMention.event_id == event_id)
        .order_by(Article.published, EventMention.id)
    ).all()
    reports: list[Report] = []
    seen: set[str] = set()
    for article, evidence, source in report_rows:
        if article.url in seen:  # two sentences of one article: one link
            continue
        seen.add(article.url)
        reports.append(
            Report(
                title=article.title,
                url=article.url,
                published=article.published,
                language=article.language,
                source=source,
                evidence=evidence,
            )
        )
    return EventFacts(
        id=event.id,
        type=event.type,
        status=event.status,
        event_date=event.event_date,
        amount_value=event.amount_value,
        amount_max=event.amount_max,
        amount_currency=event.amount_currency,
        amount_qualifier=event.amount_qualifier,
        amount_usd=event.amount_usd,
        parties=parties,
        reports=tuple(reports),
        first_seen=event.first_seen,
        details=dict(event.details or {}),
    )

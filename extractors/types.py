"""Value types the extractors hand to the rest of chipnews.

Plain frozen dataclasses: no I/O, no database. ``db`` may import these and
nothing else from ``extractors``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Qualifier(StrEnum):
    """How exact an amount is, as the article words it."""

    EXACT = "exact"
    AT_LEAST = "at_least"  # 超, 逾, more than, over
    AT_MOST = "at_most"  # 不超过, 最高, up to
    APPROX = "approx"  # 约, 近, about, nearly
    RANGE = "range"  # value is the lower bound, max the upper


class EventType(StrEnum):
    FUNDING = "funding"
    ACQUISITION = "acquisition"
    LISTING = "listing"
    ORDER = "order"
    INVESTMENT = "investment"
    REGULATION = "regulation"


class Status(StrEnum):
    """Where a deal stands; the order of forward movement is ``STATUS_RANK``."""

    RUMORED = "rumored"
    PLANNED = "planned"
    ANNOUNCED = "announced"
    COMPLETED = "completed"
    DENIED = "denied"
    TERMINATED = "terminated"


# Forward movement of a deal's status; a denial only overrides a rumour.
STATUS_RANK = {
    Status.RUMORED: 1,
    Status.DENIED: 2,
    Status.PLANNED: 3,
    Status.ANNOUNCED: 4,
    Status.COMPLETED: 5,
    Status.TERMINATED: 6,
}

ROLES: dict[EventType, tuple[str, ...]] = {
    EventType.FUNDING: ("investee", "investors"),
    EventType.ACQUISITION: ("acquirer", "target"),
    EventType.LISTING: ("issuer",),
    EventType.ORDER: ("buyer", "supplier"),
    EventType.INVESTMENT: ("investor",),
    EventType.REGULATION: ("affected",),
}

PRINCIPAL_ROLE: dict[EventType, str] = {
    EventType.FUNDING: "investee",
    EventType.ACQUISITION: "target",
    EventType.LISTING: "issuer",
    EventType.ORDER: "supplier",
    EventType.INVESTMENT: "investor",
    EventType.REGULATION: "affected",
}


@dataclass(frozen=True)
class Money:
    """An amount as the article states it, with the text it came from.

    ``restated`` holds a conversion the article adds in parentheses
    (210亿美元(约合人民币1486亿元)): evidence about this amount, never a second one.
    """

    value: Decimal
    currency: str | None
    qualifier: Qualifier = Qualifier.EXACT
    max: Decimal | None = None
    text: str = ""
    start: int = 0
    end: int = 0
    restated: Money | None = None
    per_share: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "value": _plain_number(self.value),
            "currency": self.currency,
            "qualifier": self.qualifier.value,
        }
        if self.max is not None:
            out["max"] = _plain_number(self.max)
        if self.restated is not None:
            out["restated"] = {
                "value": _plain_number(self.restated.value),
                "currency": self.restated.currency,
                "qualifier": self.restated.qualifier.value,
            }
        return out


def _plain_number(value: Decimal) -> int | float:
    """A JSON-friendly number: an int where the amount is whole."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@dataclass(frozen=True)
class Company:
    """One registry (or discovered) company: the identity names resolve to."""

    key: str  # stable slug, e.g. "nvidia"
    name: str  # canonical English name
    names_zh: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # short names, former names, legal names, tickers
    tickers: tuple[str, ...] = ()
    country: str | None = None
    segment: str | None = None
    kind: str = "company"  # company | investor | government | lab
    discovered: bool = False

    @property
    def name_zh(self) -> str | None:
        return self.names_zh[0] if self.names_zh else None


@dataclass(frozen=True)
class CompanyMention:
    """A company found in the text: which one, and the words used."""

    company: Company
    surface: str
    start: int
    end: int

    def to_json(self) -> dict[str, str]:
        return {"name": self.company.name, "mention": self.surface}


@dataclass(frozen=True)
class Evidence:
    text: str
    start: int
    end: int


@dataclass
class EventDraft:
    """One event as extracted from one article (FORMAT.md shape)."""

    type: EventType
    companies: dict[str, list[CompanyMention]]
    amount: Money | None
    status: Status
    date: date | None
    evidence: Evidence
    details: dict[str, Any] = field(default_factory=dict)

    def principal(self) -> list[CompanyMention]:
        return self.companies.get(PRINCIPAL_ROLE[self.type], [])

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type.value,
            "companies": {
                role: [m.to_json() for m in mentions] for role, mentions in self.companies.items()
            },
            "amount": self.amount.to_json() if self.amount else None,
            "status": self.status.value,
            "date": self.date.isoformat() if self.date else None,
            "details": {k: _detail_json(v) for k, v in self.details.items()},
            "evidence": {
                "text": self.evidence.text,
                "start": self.evidence.start,
                "end": self.evidence.end,
            },
        }


def _detail_json(value: Any) -> Any:
    if isinstance(value, Money):
        return value.to_json()
    if isinstance(value, Decimal):
        return _plain_number(value)
    return value


@dataclass(frozen=True)
class ArticleInput:
    """What the extractor is given: no URL, no source, no database id."""

    text: str
    title: str = ""
    language: str | None = None  # "zh" | "en" | None (guessed)
    published: datetime | None = None

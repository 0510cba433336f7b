"""Alert messages: the deal in one line, the evidence, the links; plain text and JSON.

Pure: facts in, text and dicts out. Company names appear in English and
Chinese; amounts in the original currency and, beside it, in USD.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from extractors.types import PRINCIPAL_ROLE, ROLES, EventType
from pipeline.alerts.facts import EventFacts, Party, Report

QUALIFIER_WORDS = {"at_least": "over ", "at_most": "up to ", "approx": "about "}
SCALES = ((Decimal("1e12"), "tn"), (Decimal("1e9"), "bn"), (Decimal("1e6"), "m"))


def idempotency_key(event_id: int, rule: str, reason: str) -> str:
    """The same (event, rule, reason) always gets the same key, on every channel and retry."""
    return hashlib.sha256(f"{event_id}\x1f{rule}\x1f{reason}".encode()).hexdigest()


def format_amount(value: Decimal | None, currency: str | None) -> str:
    """Decimal(2.5e9), 'CNY' → 'CNY 2.5 bn'; small amounts written out."""
    if value is None:
        return ""
    for scale, word in SCALES:
        if abs(value) >= scale:
            number = (value / scale).quantize(Decimal("0.01")).normalize()
            return f"{currency or '?'} {format(number, 'f')} {word}"
    return f"{currency or '?'} {format(value.quantize(Decimal('1')), ',f')}"


def amount_text(facts: EventFacts) -> str:
    """'over CNY 2 bn (≈ USD 276 m)'; '' when no amount is known."""
    if facts.amount_value is None:
        return ""
    original = format_amount(facts.amount_value, facts.amount_currency)
    if facts.amount_qualifier == "range" and facts.amount_max is not None:
        original += "–" + format_amount(facts.amount_max, facts.amount_currency).split(" ", 1)[1]
    else:
        original = QUALIFIER_WORDS.get(facts.amount_qualifier or "", "") + original
    if facts.amount_usd is not None and facts.amount_currency != "USD":
        original += f" (≈ {format_amount(facts.amount_usd, 'USD')})"
    return original


def who(facts: EventFacts) -> str:
    """Companies by role, principal first: 'investee: Moore Threads (摩尔线程); investors: …'."""
    try:
        kind = EventType(facts.type)
        order = [PRINCIPAL_ROLE[kind], *ROLES[kind]]
    except ValueError:
        order = []
    by_role: dict[str, list[Party]] = {}
    for party in facts.parties:
        by_role.setdefault(party.role, []).append(party)
    roles = list(dict.fromkeys([*(r for r in order if r in by_role), *by_role]))
    return "; ".join(f"{r}: {', '.join(p.display for p in by_role[r])}" for r in roles)


def reason_text(reason: str) -> str:
    if reason.startswith("status:"):
        return f"now {reason.split(':', 1)[1]}"
    if reason.startswith("test:"):
        return "test"
    return {"new": "new", "amount": "amount now known"}.get(reason, reason)


@dataclass(frozen=True)
class AlertMessage:
    """One alert about one event for one rule."""

    facts: EventFacts
    rule: str
    reason: str

    @property
    def key(self) -> str:
        return idempotency_key(self.facts.id, self.rule, self.reason)

    @property
    def title(self) -> str:
        """The deal in one line: what, who, how much, status."""
        parts = [f"[{reason_text(self.reason)}] {self.facts.type.capitalize()}"]
        if self.facts.parties:
            parts.append(who(self.facts))
        if self.facts.amount_value is not None:
            parts.append(amount_text(self.facts))
        parts.append(self.facts.status)
        if self.facts.event_date:
            parts.append(self.facts.event_date.isoformat())
        return " · ".join(parts)

    @property
    def evidence(self) -> str:
        return self.facts.reports[0].evidence if self.facts.reports else ""

    def text(self) -> str:
        lines = [self.title]
        if self.evidence:
            lines.append(f"“{self.evidence}”")
        lines.extend(f"- {r.title or r.url}: {r.url}" for r in self.facts.reports)
        lines.append(f"(rule {self.rule}; event {self.facts.id})")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        f = self.facts
        return {
            "idempotency_key": self.key,
            "rule": self.rule,
            "reason": self.reason,
            "title": self.title,
            "event": {
                "id": f.id,
                "type": f.type,
                "status": f.status,
                "date": f.event_date.isoformat() if f.event_date else None,
                "amount": _money_json(f.amount_value, f.amount_currency, f.amount_qualifier),
                "amount_max": _num(f.amount_max),
                "amount_usd": _num(f.amount_usd),
                "companies": [
                    {
                        "role": p.role,
                        "key": p.key,
                        "name": p.name,
                        "name_zh": p.name_zh,
                        "country": p.country,
                        "segment": p.segment,
                    }
                    for p in f.parties
                ],
            },
            "evidence": self.evidence,
            "sources": [
                {
                    "title": r.title,
                    "url": r.url,
                    "published": r.published.isoformat() if r.published else None,
                    "language": r.language,
                    "source": r.source,
                    "evidence": r.evidence,
                }
                for r in f.reports
            ],
        }


@dataclass(frozen=True)
class DigestMessage:
    """A day's alerts for one channel, in one message."""

    channel: str
    day: date
    items: tuple[AlertMessage, ...]

    @property
    def key(self) -> str:
        """Stable for the same set of alerts, so a retried digest can be dropped as a repeat."""
        members = "\x1e".join(sorted(m.key for m in self.items))
        raw = f"digest\x1f{self.channel}\x1f{self.day}\x1f{members}"
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def title(self) -> str:
        events = len({m.facts.id for m in self.items})
        return f"chipnews digest {self.day.isoformat()}: {events} deal{'s' * (events != 1)}"

    def text(self) -> str:
        blocks = [self.title]
        for message in self.items:
            blocks.append(message.text())
        return "\n\n".join(blocks)

    def to_json(self) -> dict[str, Any]:
        return {
            "idempotency_key": self.key,
            "digest": self.day.isoformat(),
            "channel": self.channel,
            "title": self.title,
            "alerts": [m.to_json() for m in self.items],
        }


Message = AlertMessage | DigestMessage


def _num(value: Decimal | None) -> str | None:
    """Amounts travel as strings in JSON: a float would round 1.6万亿 yen."""
    return None if value is None else format(value.normalize(), "f")


def _money_json(value: Decimal | None, currency: str | None, qualifier: str | None) -> Any:
    if value is None:
        return None
    return {"value": _num(value), "currency": currency, "qualifier": qualifier}


def sample_message(rule: str, at: datetime) -> AlertMessage:
    """A made-up deal for `chipnews alerts test`: both languages, two currencies, a link.

    Its reason carries the time, so a receiver that drops repeats still shows each test.
    """
    facts = EventFacts(
        id=0,
        type="funding",
        status="announced",
        event_date=at.date(),
        amount_value=Decimal("2000000000"),
        amount_currency="CNY",
        amount_qualifier="at_least",
        amount_usd=Decimal("276000000"),
        parties=(
            Party("investee", "example-chip", "Example Chip Co.", "示例芯片"),
            Party("investors", "example-capital", "Example Capital", "示例资本"),
        ),
        reports=(
            Report(
                title="示例芯片完成超20亿元融资（测试消息）",
                url="https://example.com/chipnews-test",
                published=at,
                language="zh",
                source="chipnews test",
                evidence="示例芯片今日宣布完成超20亿元融资，示例资本领投。",
            ),
        ),
        first_seen=at,
    )
    return AlertMessage(facts, rule, f"test:{at.strftime('%Y%m%dT%H%M%S')}")

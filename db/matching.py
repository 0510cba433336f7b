"""When two reports are the same deal: pure rules over plain values, no I/O.

A report matches a stored event when the type agrees, they share a principal
company, the dates fall in the type's window, the amounts are compatible
(after conversion to USD, or one side missing), and type-specific details do
not contradict (Series B is not Series C; restrict is not lift).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from db.places import country_of

# How far apart two reports of one deal may be dated. A takeover can take a year
# from rumour to closing; a funding round is reported within weeks.
WINDOW_DAYS = {
    "funding": 45,
    "acquisition": 400,
    "listing": 240,
    "order": 60,
    "investment": 120,
    "regulation": 30,
}
# Rounded restatements ($21bn vs 210亿美元 vs "about $21 billion") differ by a few
# percent at most; two distinct orders of $10bn and $11bn differ by 10%.
EXACT_TOLERANCE = Decimal("0.03")  # per side: two amounts may differ by about 6%
DETAILS_THAT_DISTINGUISH = ("round",)  # Series B is not Series C
# Regulatory actions that reports of one decision use interchangeably; restrict is not lift.
ACTION_FAMILY = {
    "ban": "restrict",
    "restrict": "restrict",
    "sanction": "sanction",
    "approve": "allow",
    "lift": "allow",
    "subsidize": "subsidize",
    "investigate": "investigate",
}
QUALIFIER_PRECISION = {"exact": 4, "approx": 3, "at_least": 2, "at_most": 2, "range": 1}


@dataclass(frozen=True)
class Report:
    """What matching needs of an event or a new report of one."""

    type: str
    day: date  # the event date, else the day it was first reported
    value: Decimal | None
    upper: Decimal | None
    currency: str | None
    qualifier: str | None
    usd: Decimal | None
    details: dict[str, Any]
    has_event_date: bool = False
    principal: frozenset[int] = frozenset()  # company ids in the type's principal role
    counterparty: frozenset[int] = frozenset()  # acquirer of a target, buyer of an order
    companies: frozenset[int] = frozenset()  # every company named, in any role


def same_deal(a: Report, b: Report) -> bool:
    """True when ``a`` and ``b`` (same type, shared principal company) are one deal.

    Reports that disagree on who played which role (one outlet's buyer is another's
    supplier) still match when they name a common company and state the same
    definite amount: the amount is the stronger witness.
    """
    if a.type != b.type:
        return False
    if not (a.companies & b.companies and _same_definite_amount(a, b)):
        if a.principal and b.principal and not a.principal & b.principal:
            return False
        if bool(a.principal) != bool(b.principal):
            return False  # "X made an acquisition" is not X's acquisition of Y
        if a.counterparty and b.counterparty and not a.counterparty & b.counterparty:
            return False
    window = WINDOW_DAYS.get(a.type, 30)
    if abs((a.day - b.day).days) > window:
        return False
    if a.type == "listing" and (a.details.get("stage") == "filed") != (
        b.details.get("stage") == "filed"
    ):
        return False  # a filing is its own event; approval and pricing join the listing
    left_action, right_action = a.details.get("action"), b.details.get("action")
    if (
        left_action
        and right_action
        and ACTION_FAMILY.get(left_action, left_action)
        != (ACTION_FAMILY.get(right_action, right_action))
    ):
        return False
    here, there = country_of(a.details.get("location")), country_of(b.details.get("location"))
    if a.type == "investment" and here and there and here != there:
        return False  # the same company's plants in two countries are two investments
    for key in DETAILS_THAT_DISTINGUISH:
        left, right = a.details.get(key), b.details.get(key)
        if left is not None and right is not None and str(left).lower() != str(right).lower():
            return False
    if a.value is None or b.value is None:
        return True
    return amounts_compatible(a, b)


def _same_definite_amount(a: Report, b: Report) -> bool:
    definite = ("exact", "approx")
    return (
        a.value is not None
        and b.value is not None
        and a.qualifier in definite
        and b.qualifier in definite
        and amounts_compatible(a, b)
    )


def amounts_compatible(a: Report, b: Report) -> bool:
    """Could both amounts describe one deal, given their qualifiers?"""
    left, right = _comparable(a, b)
    if left is None or right is None:
        return True  # no common currency: amounts cannot rule a match out
    lo_a, hi_a = _interval(left, a)
    lo_b, hi_b = _interval(right, b)
    return lo_a <= hi_b and lo_b <= hi_a


def _comparable(a: Report, b: Report) -> tuple[Decimal | None, Decimal | None]:
    if a.currency and a.currency == b.currency:
        return a.value, b.value
    return a.usd, b.usd


def _interval(value: Decimal, r: Report) -> tuple[Decimal, Decimal]:
    """The values a report admits, widened by the rounding tolerance.

    ``value`` is the report's amount in the currency being compared (its own, or USD).
    """
    low, high = value * (1 - EXACT_TOLERANCE), value * (1 + EXACT_TOLERANCE)
    if r.qualifier == "at_least":  # 超20亿 is also reported as 22亿
        high = value * Decimal("1.6")
    elif r.qualifier == "at_most":  # up to $4.7bn may be reported as the $4bn agreed
        low = value * Decimal("0.5")
    elif r.qualifier == "approx":
        low, high = value * Decimal("0.9"), value * Decimal("1.1")
    elif r.qualifier == "range" and r.upper and r.value:
        high = value * (r.upper / r.value) * (1 + EXACT_TOLERANCE)
    return low, high


def precision_key(qualifier: str | None, value: Decimal | None) -> tuple[int, int, Decimal]:
    """Orders amounts by how precise they are; ties go to the smaller value (deterministic)."""
    if value is None:
        return (-1, 0, Decimal(0))
    digits = len(value.normalize().as_tuple().digits)
    return (QUALIFIER_PRECISION.get(qualifier or "exact", 0), digits, -value)

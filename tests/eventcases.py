"""Shared helpers for table-driven event tests: an article from a snippet, and the check
that an article's events are exactly the expected ones."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from extractors.types import ArticleInput, EventDraft

# (type, {role: name substrings}, amount value | None, status, action | None)
Expected = tuple[str, dict[str, list[str]], str | None, str, str | None]


def article(text: str, lang: str, published: str = "2025-06-10T09:00:00+08:00") -> ArticleInput:
    return ArticleInput(text=text, language=lang, published=datetime.fromisoformat(published))


def matches(ev: EventDraft, exp: Expected) -> bool:
    """``ev`` has the expected type, status, action, amount and exactly the named companies."""
    etype, roles, value, status, action = exp
    if ev.type.value != etype or ev.status.value != status:
        return False
    if action is not None and ev.details.get("action") != action:
        return False
    if (ev.amount.value if ev.amount else None) != (Decimal(value) if value else None):
        return False
    for role, names in roles.items():
        got = [f"{m.surface}|{m.company.name}".lower() for m in ev.companies.get(role, [])]
        if len(got) != len(names):
            return False
        if not all(any(n.lower() in g for g in got) for n in names):
            return False
    return True


def assert_exactly(events: list[EventDraft], expected: list[Expected]) -> None:
    """Every expected event is found once, and nothing else."""
    left = list(events)
    for exp in expected:
        hit = next((e for e in left if matches(e, exp)), None)
        assert hit is not None, f"{exp} not in {[(e.type.value, e.companies) for e in events]}"
        left.remove(hit)
    assert not left, f"unexpected events: {[(e.type.value, e.companies) for e in left]}"

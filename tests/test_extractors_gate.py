"""The literal gates: a pattern skipped or tried at fewer offsets finds exactly what its
full scan finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors import dates, details, structural_names, triggers
from extractors.gate import Gate, Leads, leading_literals, required_literals
from extractors.text import ascii_lower

_I = re.IGNORECASE

# (pattern, the literals every match starts with)
LEADS = [
    (r"\b(?:sold|offload)\b", ("sold", "offload")),
    (r"\b(?:raised|raise)\b", ("raise",)),  # the parser takes the common prefix out
    (r"(?<!自)筹资", ("筹资",)),
    (r"(?:均|顺利)?获(?:审核)?通过", ("均获", "顺利获", "获")),
    (r"(?P<m>1[0-2]|0?[1-9])\s*月", ("1", "0", "2", "3", "4", "5", "6", "7", "8", "9")),
    (r"(?=x)Q[1-4]", ("q",)),
    (r"\d+亿", None),  # \d holds every Unicode digit: no list of starts
    (r"(?:a|b)?", None),  # may match nothing
]

TEXTS = [
    "Corvid raised $30 million; it said it would raise more.",
    "芯途完成3亿元B轮融资,由深创投领投,均获通过。",
    "2025年12月17日，公司宣布12月将完成交割",
    "Q3 and q4, 1Q25, İstanbul, K and ſ",
    "Nvidia agreed to buy Run:ai, led by Tiger; a stake in the chip firm Arm Holdings plc.",
    "",
]


@pytest.mark.parametrize(("pattern", "expected"), LEADS)
def test_leading_literals(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert leading_literals(re.compile(pattern, _I)) == expected


def _all_patterns() -> list[re.Pattern[str]]:
    rows = [rx for table in (triggers._EN, triggers._ZH) for _, _, rx in table]
    return [
        *rows,
        triggers._NEGATIVE_EN,
        triggers._NEGATIVE_REG_EN,
        triggers._NEGATIVE_ZH,
        *(rule.pattern for _, rule, _ in dates._GATED),
        *dates._DATELINES,
        details._ROUND_EN,
        details._ROUND_ZH,
        details._TICKER,
        structural_names._EN_OBJECT,
        structural_names._EN_DEAL_NEAR,
    ]


@pytest.mark.parametrize("text", TEXTS)
def test_leads_find_what_the_full_scan_finds(text: str) -> None:
    low = ascii_lower(text)
    for rx in _all_patterns():
        leads = Leads(rx)
        assert [m.span() for m in leads.finditer(text, low)] == [
            m.span() for m in rx.finditer(text)
        ], rx.pattern
        found, full = leads.search(text, low), rx.search(text)
        assert (found and found.span()) == (full and full.span()), rx.pattern


@given(st.text(alphabet="raisedRAISE Q1234年月日获通过筹资自$ ;,.", max_size=60))
def test_leads_and_gate_agree_with_the_scan(text: str) -> None:
    low = ascii_lower(text)
    patterns = _all_patterns()
    mask = Gate([required_literals(rx) for rx in patterns]).mask(low)
    for i, rx in enumerate(patterns):
        full = [m.span() for m in rx.finditer(text)]
        assert [m.span() for m in Leads(rx).finditer(text, low)] == full, rx.pattern
        if full:
            assert mask >> i & 1, rx.pattern  # the gate never rules out a pattern that matches


def test_gate_bits() -> None:
    gate = Gate([("deal",), None, ("收购", "merge")])
    assert gate.mask("no words here") == 0b010
    assert gate.mask("the deal to merge") == 0b111
    assert gate.mask("宣布收购") == 0b110

"""Money, number and percentage parsing: table-driven cases plus property tests.

The money table lives in tests/data/money_cases.tsv (one row per case; every
bug found becomes one more row).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.money import find_amounts, find_percentages, parse_amount
from extractors.numbers import parse_number
from extractors.types import Money, Qualifier

CASES_FILE = Path(__file__).parent / "data" / "money_cases.tsv"


def _load_cases() -> list[tuple[str, list[str]]]:
    rows = []
    for line in CASES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        rows.append((cols[0], cols[1:] + [""] * (7 - len(cols[1:]))))
    return rows


CASES = _load_cases()


def _options(spec: str) -> dict[str, str]:
    return dict(kv.split("=", 1) for kv in spec.split()) if spec else {}


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_money_table(text: str, expected: list[str]) -> None:
    value, currency, qualifier, high, per_share, restated, options = expected[:7]
    found = find_amounts(text, **_options(options))  # type: ignore[arg-type]
    if value == "-":
        assert found == [], found
        return
    assert found, "no amount found"
    m = found[0]
    assert m.value == Decimal(value)
    assert m.currency == currency
    assert m.qualifier == Qualifier(qualifier)
    assert m.max == (Decimal(high) if high else None)
    assert m.per_share is bool(per_share)
    if restated:
        r_value, r_currency, r_qualifier = restated.split()
        assert m.restated is not None
        assert (m.restated.value, m.restated.currency, m.restated.qualifier) == (
            Decimal(r_value),
            r_currency,
            Qualifier(r_qualifier),
        )
        assert len(found) == 1, "a conversion is not a second amount"
    else:
        assert m.restated is None
    assert text[m.start : m.end] == m.text


def test_table_is_big_enough() -> None:
    money_rows = [c for c in CASES if c[1][0] != "-"]
    negatives = [c for c in CASES if c[1][0] == "-"]
    assert len(CASES) >= 130
    assert len(negatives) >= 20
    assert {Qualifier(c[1][2]) for c in money_rows} == set(Qualifier)


# --- spans, order, several amounts -------------------------------------------------

SPAN_CASES = [
    # (text, [(surface, value, currency)])
    (
        "210亿美元(约合人民币1486亿元)的订单，另有超20亿元融资",
        [("210亿美元", "21e9", "USD"), ("超20亿元", "2e9", "CNY")],
    ),
    (
        "Broadcom got a $10 billion order and a further $11 billion order.",
        [("$10 billion", "1e10", "USD"), ("$11 billion", "1.1e10", "USD")],
    ),
    (
        "NT$452.3 billion, or NT$17.44 a share",
        [("NT$452.3 billion", "4.523e11", "TWD"), ("NT$17.44", "17.44", "TWD")],
    ),
    (
        "开盘价报700.00元/股，总市值飙升至3298.82亿元",
        [("700.00元", "700", "CNY"), ("3298.82亿元", "3.2988200e11", "CNY")],
    ),
    ("rose 28% to $18.02 billion", [("$18.02 billion", "1.802e10", "USD")]),
    ("from $3bn to $5bn", [("$3bn", "3e9", "USD"), ("$5bn", "5e9", "USD")]),
    ("最高8025亿日元", [("最高8025亿日元", "8.025e11", "JPY")]),
    ("about 70 billion won ($48 million)", [("about 70 billion won", "7e10", "KRW")]),
]


@pytest.mark.parametrize(("text", "expected"), SPAN_CASES)
def test_spans_and_order(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = find_amounts(text)
    assert [(m.text, m.value, m.currency) for m in found] == [
        (s, Decimal(v), c) for s, v, c in expected
    ]
    for m in found:
        assert text[m.start : m.end] == m.text


def test_restated_keeps_outer_end() -> None:
    text = "210亿美元(约合人民币1486亿元)"
    (m,) = find_amounts(text)
    assert (m.start, m.end) == (0, len("210亿美元"))
    assert m.restated is not None
    assert m.restated.text == "约合人民币1486亿元"
    assert text[m.restated.start : m.restated.end] == m.restated.text


def test_offsets_survive_full_width_and_traditional_text() -> None:
    text = "前文。總額２２.８萬億韓元的合同"
    (m,) = find_amounts(text)
    assert m.text == "２２.８萬億韓元"
    assert m.value == Decimal("22.8e12")
    assert m.currency == "KRW"


def test_parse_amount_first_or_none() -> None:
    assert parse_amount("先获得5亿元，后获得10亿元") == find_amounts("先获得5亿元，后获得10亿元")[0]
    assert parse_amount("no money here") is None
    assert parse_amount("") is None


def test_json_shape() -> None:
    m = parse_amount("10亿至20亿元")
    assert m is not None
    assert m.to_json() == {
        "value": 1000000000,
        "currency": "CNY",
        "qualifier": "range",
        "max": 2000000000,
    }


# --- numbers ----------------------------------------------------------------------

NUMBER_CASES = [
    ("1,234.5", "1234.5"),
    ("1 234", "1234"),
    ("1,234,567", "1234567"),
    ("２２.８", "22.8"),
    ("２２", "22"),
    ("二十亿", "2e9"),
    ("十五", "15"),
    ("一千二百三十四", "1234"),
    ("一千零五", "1005"),
    ("两", "2"),
    ("两万", "20000"),
    ("〇", "0"),
    ("零", "0"),
    ("1.6万亿", "1.6e12"),
    ("3千", "3000"),
    ("3千万", "3e7"),
    ("五千万", "5e7"),
    ("三亿五千万", "3.5e8"),
    ("一万二千亿", "1.2e12"),
    ("206亿5,750万", "20657500000"),
    ("三点五", "3.5"),
    ("三点五亿", "3.5e8"),
    ("二〇二五", "2025"),
    ("壹佰贰拾", "120"),
    ("億", None),
    ("万", None),
    ("", None),
    ("abc", None),
    ("1.2.3", None),
    ("三千五", "3500"),
    ("一万五", "15000"),
    ("两百五", "250"),
    ("一亿五", "1.5e8"),
    ("12a", None),
]


@pytest.mark.parametrize(("text", "expected"), NUMBER_CASES)
def test_parse_number(text: str, expected: str | None) -> None:
    assert parse_number(text) == (Decimal(expected) if expected is not None else None)


# --- percentages --------------------------------------------------------------------

PERCENT_CASES = [
    ("涨幅高达687.79%", ["687.79"]),
    ("占比已达30%", ["30"]),
    ("Broadcom shares fell about 11% on Friday", ["11"]),
    ("a 39.1% rise", ["39.1"]),
    ("30 per cent of sales", ["30"]),
    ("30 percent of sales", ["30"]),
    ("up 2.5 pct", ["2.5"]),
    ("百分之三十", ["30"]),
    ("百分之三十五点五", ["35.5"]),
    ("百分之12", ["12"]),
    ("三成", ["30"]),
    ("约七成的份额", ["70"]),
    ("全年增长两成", ["20"]),
    ("增长３０％", ["30"]),
    ("59% to 61%", ["59", "61"]),
    ("一成不变", []),
    ("完成融资", []),
    ("成都工厂", []),
    ("2025年", []),
    ("H20 and 30 chips", []),
    ("gross margin widened to 59.5% from 58.6%", ["59.5", "58.6"]),
]


@pytest.mark.parametrize(("text", "expected"), PERCENT_CASES)
def test_find_percentages(text: str, expected: list[str]) -> None:
    found = find_percentages(text)
    assert [v for v, _, _ in found] == [Decimal(e) for e in expected]
    for _, start, end in found:
        assert 0 <= start < end <= len(text)


def test_percentage_offsets() -> None:
    assert find_percentages("涨幅687.79%。") == [(Decimal("687.79"), 2, 9)]


# --- properties ---------------------------------------------------------------------

_PIECES = "0123456789.,- $¥￥€£()（）%亿万千百十数约超逾至元美港日韩股/一二两〇多余"
_WORD_PIECES = ["billion", " million", "bn", "up to ", "about ", "between ", " and ", "US$"]
_MONEYISH = st.lists(
    st.sampled_from([*_PIECES, *_WORD_PIECES, "HK$", "左右", "以上", "每股", "a share", "dollars"]),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    for m in find_amounts(text):
        assert isinstance(m, Money)
        assert text[m.start : m.end] == m.text
    find_percentages(text)
    parse_number(text)
    parse_amount(text, bare_yuan="HKD", yen="JPY")


@settings(max_examples=300, deadline=None)
@given(_MONEYISH)
def test_moneyish_text_is_consistent(text: str) -> None:
    first = find_amounts(text)
    assert find_amounts(text) == first  # deterministic
    last_end = -1
    for m in first:
        assert text[m.start : m.end] == m.text
        assert m.start >= last_end  # in order, never overlapping
        last_end = m.end
        assert m.currency is not None
        if m.qualifier is Qualifier.RANGE:
            assert m.max is not None and m.value < m.max
        else:
            assert m.max is None


@given(st.from_type(object))
def test_non_string_input_gives_nothing(value: object) -> None:
    if isinstance(value, str):
        return
    assert find_amounts(value) == []  # type: ignore[arg-type]
    assert parse_number(value) is None  # type: ignore[arg-type]
    assert find_percentages(value) == []  # type: ignore[arg-type]


# --- the quick checks that skip the scan must never skip an amount -------------------

# Each row names the one way its currency is written: a sign, a code, a word the
# (?i) patterns read, cents, or a vague or worded magnitude with no digit at all.
CURRENCY_ROUTE_CASES = [
    ("sign", "raised $5 million", "5000000", "USD"),
    ("cents sign", "priced at 99¢", "0.99", "USD"),
    ("code", "a USD 300 million loan", "300000000", "USD"),
    ("Rs prefix", "Rs 500 crore", "5000000000", "INR"),
    ("word", "5 Swiss francs", "5", "CHF"),
    ("word upper case", "20 MILLION DOLLARS", "20000000", "USD"),
    ("word alone", "3 billion sterling", "3000000000", "GBP"),
    ("word in mixed case", "8 billion Renminbi", "8000000000", "CNY"),
    ("cents word", "up 5 cents", "0.05", "USD"),
    ("Chinese word", "投资5亿日圆", "500000000", "JPY"),
    ("rupee word in Chinese", "10亿印度卢比", "1000000000", "INR"),
    ("vague magnitude, no digit", "获数亿元融资", "100000000", "CNY"),
    ("worded magnitude, no digit", "half a billion dollars", "500000000", "USD"),
]


@pytest.mark.parametrize(
    ("label", "text", "value", "currency"),
    CURRENCY_ROUTE_CASES,
    ids=[c[0] for c in CURRENCY_ROUTE_CASES],
)
def test_quick_checks_keep_every_currency_route(
    label: str, text: str, value: str, currency: str
) -> None:
    found = find_amounts(text)
    assert found, label
    assert (found[0].value, found[0].currency) == (Decimal(value), currency), label


@pytest.mark.parametrize(
    "text",
    [
        "2025年3月完成",  # numbers, no currency
        "shares rose 5 percent in recent trading",  # "cent" inside words
        "the top 3 of 10 vendors",
        "公司上半年营收增长",  # no numeral
        "Nvidia and AMD shipped more GPUs",  # capitals only
    ],
)
def test_quick_checks_drop_clauses_with_no_money(text: str) -> None:
    assert find_amounts(text) == []

"""What each amount in a clause is: the deal's money, or a valuation, a market
cap, revenue, a share price, net proceeds, a comparison …

``role_of`` reads the few words before and after an amount. The deal amount of
an event is then the ``deal`` amount nearest its trigger; valuations, prices
and market caps go to ``details``.
"""

from __future__ import annotations

import re

from extractors.gate import Gate
from extractors.text import ascii_lower
from extractors.types import Money

_I = re.IGNORECASE

# Cues in the ~30 characters before an amount; the last cue found wins.
_BEFORE: list[tuple[str, re.Pattern[str]]] = [
    (
        "valuation",
        re.compile(
            r"(?:valued|valuing|values)\b[^,;.]{0,25}\bat(?: about| roughly| around| nearly)?\s*$"
            r"|valuation of\s*$|估值(?:为|达|约|超|升至|达到)?\s*$|估值约?为?\s*$",
            _I,
        ),
    ),
    (
        "market_cap",
        re.compile(
            r"market (?:cap|capitali[sz]ation|value)(?: of)?(?: about| roughly| around)?\s*$"
            r"|市值(?:定格在|定格于|达|为|约|飙升至|升至|超|逾|报)?(?:约)?\s*$"
            r"|(?:was|is) worth(?: roughly| about| around| nearly)?\s*$",
            _I,
        ),
    ),
    (
        "revenue",
        re.compile(
            r"(?:revenue|sales|profit|income|earnings|backlog|turnover)\b[^,;]{0,20}$"
            r"|(?:营收|收入|营业额|销售额|净利润?|利润|成交(?:金额|额)?|出货|少收|计提)[^,，;；]{0,8}$",
            _I,
        ),
    ),
    (
        "offer_price",
        re.compile(
            r"(?:发行价|招股价|定价)(?:为|报)?\s*$|offer(?:ing)? price of\s*$|priced at\s*$"
            r"|较\s*$",
            _I,
        ),
    ),
    (
        "open_price",
        re.compile(
            r"(?:开盘价?|开市|高开|低开)(?:报|为)?\s*$|\bopened at\s*$"
            r"|开盘集合竞价后[^,，]{0,8}报\s*$",
            _I,
        ),
    ),
    (
        "close_price",
        re.compile(
            r"(?:收报|收盘报|收于|收市报|低见|高见|回升至|冲上)\s*$|\bclos(?:ed|ing) at\s*$"
            r"|high as\s*$",
            _I,
        ),
    ),
    ("price_range", re.compile(r"\brange of\s*$|价格区间[^,，]{0,4}$|招股价区间[^,，]{0,4}$", _I)),
    ("net", re.compile(r"(?:净额|扣除发行费用后)[^,，]{0,6}$|net proceeds of\s*$", _I)),
    ("fee", re.compile(r"break fee of\s*$|premium\s*$", _I)),
]
_AFTER: list[tuple[str, re.Pattern[str]]] = [
    ("valuation", re.compile(r"^\s*(?:post-money |pre-money )?valuation|^\s*的?估值", _I)),
    ("offer_price", re.compile(r"^\s*(?:/股)?的(?:发行价|招股价)", _I)),
    ("market_cap", re.compile(r"^\s*(?:in )?market (?:cap|value)", _I)),
    (
        "revenue",
        re.compile(
            r"^\s*(?:in|of) (?:annual )?(?:revenue|sales|operating profit|profit)"
            r"|^\s*(?:in )?(?:annual )?(?:net )?revenue|^\s*的?(?:营收|收入|销售额)",
            _I,
        ),
    ),
    ("price_range", re.compile(r"^\s*(?:price )?range\b|^\s*的?(?:招股价)?区间", _I)),
    ("comparative", re.compile(r"^\s*(?:smaller|larger|less|more|lower|higher) than", _I)),
    ("cumulative", re.compile(r"^\s*(?:so far|in all|in total)", _I)),
]
# role_of made 16 scans an amount. Every _AFTER cue is anchored at the start, so the
# first group of their union to match is the first cue that matches; a _BEFORE cue
# (or _CUMULATIVE_BEFORE, the last bit) runs only where the gate finds its literals.
_AFTER_ANY = re.compile("|".join(f"(?P<{name}>{rx.pattern})" for name, rx in _AFTER), _I)
_DEAL_VALUED = re.compile(
    r"\b(?:deal|transaction|agreement|arrangement|acquisition|purchase|takeover|contract|order)s?\b"
    r"[^.;]{0,30}\bvalued at(?: about| roughly| around| nearly)?\s*$",
    _I,
)
_CUMULATIVE_BEFORE = re.compile(
    r"(?:累计(?:金额)?|合计|总计|total funding to|total of)[^,，]{0,8}$|累计融资约?\s*$"
    r"|(?:支援|融资|投资|补助|补贴)总额[^,，]{0,8}$",
    _I,
)
_BEFORE_GATE = Gate.of([rx for _, rx in _BEFORE] + [_CUMULATIVE_BEFORE])


def role_of(sentence: str, money: Money) -> str:
    """``deal`` for an amount that can be an event's money, else what it is."""
    before = sentence[max(0, money.start - 30) : money.start]
    after = sentence[money.end : money.end + 24]
    cue = _AFTER_ANY.match(after)
    if cue:
        return cue.lastgroup or ""
    found = "share_price" if money.per_share else ""
    best = -1
    mask = _BEFORE_GATE.mask(ascii_lower(before))
    for i, (name, rx) in enumerate(_BEFORE):
        m = rx.search(before) if mask >> i & 1 else None
        if m and m.start() > best:
            best = m.start()
            found = name
    if found == "valuation" and _DEAL_VALUED.search(
        sentence[max(0, money.start - 70) : money.start]
    ):
        return "deal"  # "a deal the companies valued at $X": the deal's own size
    if found:
        return found
    if money.per_share:
        return "share_price"
    if mask >> len(_BEFORE) & 1 and _CUMULATIVE_BEFORE.search(before):
        return "cumulative"
    return "deal"


def nearest(amounts: list[tuple[Money, str]], pos: int, roles: tuple[str, ...]) -> Money | None:
    """The amount with one of ``roles`` nearest ``pos`` (ties go to the later one)."""
    best: Money | None = None
    best_d = 10**9
    for money, role in amounts:
        if role not in roles:
            continue
        d = money.start - pos if money.start >= pos else pos - money.end
        if d < best_d or (d == best_d and best is not None and money.start > best.start):
            best, best_d = money, d
    return best


def first(amounts: list[tuple[Money, str]], roles: tuple[str, ...]) -> Money | None:
    for money, role in amounts:
        if role in roles:
            return money
    return None

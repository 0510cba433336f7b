"""One event from a clause, its trigger, its roles and its amount (``build``).

Status and date are read from a window around the trigger (``_status_window``,
``_date_window``); an amount with an option on top becomes a range (``_with_upside``);
details go per type (``_details``), with a listing's prices and first-day move
(``listing_prices``, which the follow-ups also add to a listing reported earlier).
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from extractors import details as dt
from extractors import details_money as dm
from extractors import roles as rl
from extractors.clause_cues import (
    BOARD_PASSED,
    COMPLETION_PHRASE,
    PROCEEDS,
    RAISING_NOW,
    RULE_MAKING,
    SIGNED,
    SUBSIDY_LAW,
)
from extractors.clauses import Clause, Doc, State, carried_date, event_date
from extractors.gate import Leads, required_literals
from extractors.money import find_percentages
from extractors.status import clause_status
from extractors.text import ascii_lower
from extractors.triggers import INV, LST, ORD, A, F, R, Trigger
from extractors.types import (
    PRINCIPAL_ROLE,
    ROLES,
    CompanyMention,
    EventDraft,
    EventType,
    Evidence,
    Money,
    Qualifier,
    Status,
)

_I = re.IGNORECASE


REF_BEFORE = re.compile(r"\b(?:the|this|that|its|their)\s+(?:\w+\s+)?$|(?:该|此|本次|这笔)\s*$", _I)
_MERGER_WORD = re.compile(r"merg|combination|合并", _I)
_NOT_NOW = re.compile(r"不再|不会|暂不|无意|并无|没有|\bno\b|\bnot\b|\bnever\b", _I)
_DEAL_STAGE = re.compile(
    r"拟|筹划|终止|完成|据传|洽谈|\b(?:agreed|plans?|terminated|completed|closed|called off"
    r"|in talks)\b",
    _I,
)
# "$17.4 billion …, which could rise to $19.4 billion if …", "up to $19.4 billion":
# a base amount with an option on top is a range (FORMAT.md)
UPSIDE = re.compile(
    r"\b(?:could|may|might|would|will|can)\s+(?:\w+\s+)?(?:climb|rise|increase|reach|grow"
    r"|go up)\s+to\s+(?:about\s+|around\s+|roughly\s+|as much as\s+)?$|\bup to\s+$"
    r"|(?:增至|提高至|增加至|上调至|最高可达|最高达|总对价最高|总额最高)约?\s*$",
    _I,
)


# "$17.4 billion, up to $19.4 billion", 即交易总对价最高5.4亿欧元: a later ceiling on the same deal
_TOTAL_BEFORE = re.compile(r"(?:总对价|总金额|总额|总价|合计|[,，]|即|\band\b)\s*$", _I)


def _with_upside(clause: Clause, amount: Money | None) -> Money | None:
    """``amount`` as a range up to a larger figure the clause offers on top of it."""
    if amount is None or amount.qualifier in (Qualifier.RANGE, Qualifier.AT_MOST):
        return amount
    for m, _ in clause.amounts:
        if (
            m.start >= amount.end
            and m.currency == amount.currency
            and m.value > amount.value
            and not m.per_share
            and (
                UPSIDE.search(clause.text, max(amount.end, m.start - 40), m.start)
                or (
                    m.qualifier is Qualifier.AT_MOST
                    and _TOTAL_BEFORE.search(clause.text, max(amount.end, m.start - 12), m.start)
                )
            )
        ):
            return replace(amount, qualifier=Qualifier.RANGE, max=m.value)
    return amount


def proceeds_context(clause: Clause) -> bool:
    return clause.may(PROCEEDS) and PROCEEDS.search(clause.text) is not None


_OWN_NOUN = re.compile(r"(?:the|its|their) ", _I)


_SUPPORT_ONLY = re.compile(r"backed by\b", re.IGNORECASE)


def build(
    doc: Doc,
    clause: Clause,
    etype: EventType,
    trig: Trigger,
    companies: dict[str, list[CompanyMention]],
    amount: Money | None,
    seg_text: str,
    state: State,
) -> EventDraft | None:
    companies = {role: list(companies.get(role, [])) for role in ROLES[etype]}
    principal = companies[PRINCIPAL_ROLE[etype]]
    amount = _with_upside(clause, amount)
    if etype is ORD:
        # an unnamed supplier or buyer leaves its role empty; one side and money suffice
        if not (principal or companies["buyer"]) or (
            amount is None and not (principal and companies["buyer"])
        ):
            return None
    elif etype is A and not principal:
        # "X终止筹划重大资产重组", "X to buy a stake for $Y": an unnamed target
        if (
            not companies["acquirer"]
            or not (amount is not None or _DEAL_STAGE.search(clause.text))
            or REF_BEFORE.search(clause.text[max(0, trig.start - 12) : trig.start])
            or _NOT_NOW.search(clause.text[max(0, trig.start - 12) : trig.start])
            or rl.is_partner(clause.text, companies["acquirer"][0])
        ):
            return None
        if _MERGER_WORD.search(trig.word):
            # "X is not pursuing a merger": X is a party whichever side it would be
            companies = {"acquirer": [], "target": companies["acquirer"]}
    elif etype is not R and not principal:
        return None
    if etype is INV and amount is None:
        return None  # "the plant it operates in Kumamoto": background, not a commitment
    if (
        etype is F
        and amount is None
        and not companies["investors"]
        and _SUPPORT_ONLY.match(trig.word)
    ):
        return None  # "backed by the government with infrastructure support": no money
    if etype is LST and amount is None and _OWN_NOUN.match(trig.word):
        last = next((e for e in reversed(state.events) if e.type is LST), None)
        if last is not None and {m.company.key for m in last.principal()} == {
            m.company.key for m in principal
        }:
            return None  # "the offering" again: the listing already recorded
    if etype is R and not principal and trig.kind == "subsidize" and state.topic is not None:
        companies["affected"] = [state.topic]
    status = clause_status(_status_window(clause, trig), etype)
    if etype is LST and status not in (
        Status.PLANNED,
        Status.RUMORED,
        Status.TERMINATED,
        Status.DENIED,
    ):
        status = Status.ANNOUNCED
    if etype is F and clause.may(RAISING_NOW) and RAISING_NOW.search(clause.text):
        status = Status.PLANNED
    if (
        etype is INV
        and status is Status.PLANNED
        and clause.may(BOARD_PASSED)
        and BOARD_PASSED.search(clause.text)
    ):
        status = Status.ANNOUNCED  # the board approved the spending: decided, not just planned
    if (
        etype is ORD
        and status is Status.PLANNED
        and clause.may(SIGNED)
        and SIGNED.search(clause.text)
    ):
        status = Status.ANNOUNCED  # "a contract, signed in July, under which X will supply"
    details = _details(doc, clause, etype, trig, seg_text, amount)
    if etype is LST and status is Status.PLANNED and details.get("stage") == "filed":
        status = Status.ANNOUNCED  # "filed for an IPO, seeking to raise …": the filing is done
    rule = (
        etype is R
        and not principal
        and trig.kind in ("restrict", "ban", "investigate")
        and details.get("authority")
        and rule_making(clause)
    )
    if etype is LST and amount is not None:
        details.setdefault("proceeds", amount)
    when = event_date(_date_window(clause, trig, status), doc.ref, doc.lang)
    s, e = clause.sent
    when = carried_date(doc, clause, when, state)
    ev = EventDraft(
        type=etype,
        companies=companies,
        amount=amount,
        status=status,
        date=when,
        evidence=Evidence(doc.text[s:e], s, e),
        details=details,
    )
    if rule:
        state.rules.add(id(ev))
    return ev


def rule_making(clause: Clause) -> bool:
    """The clause announces a rule or a trade probe (``RULE_MAKING``)."""
    return clause.may(RULE_MAKING) and RULE_MAKING.search(clause.text) is not None


_WINDOW_STOP = re.compile(
    r",\s*(?:which|where|when|as|while|but)\b|[;；]"
    r"|\s+and\s+(?:will|plans? to|intends? to|expects? to)\b",
    _I,
)
_WIDE_CUES = re.compile(
    r"(?:该笔|该项|此次|本次|这笔)[^,，。]{0,10}(?:已于?[^,，。]{0,12})?完成"
    r"|\b(?:the|this) (?:deal|purchase|transaction|acquisition|placement|sale) (?:closed"
    r"|was completed)\b"
    r"|据传|传闻|知情人士|消息人士|否认|终止|告吹|reportedly|people familiar|person familiar"
    r"|according to"
    r"|交易已(?:于[^,，。]{0,12})?完成|完成交割|已交割|(?:交易|收购|并购)[^,，。]{0,6}已完成"
    r"|\bdenied\b|\bcollapsed\b|\bterminated\b|\bcalled off\b|\bin talks\b|\bturned down\b"
    r"|\b(?:deal|offer|bid) (?:lapsed|expired|fell through)\b"
    r"|\bbroke down\b|\bcited\b|\bciting\b|\breported\b",
    _I,
)


_WIDE_LEADS = Leads(_WIDE_CUES)
# a stop holds one of these (its (?i) scan of the rest of a clause was ~8 µs)
_WINDOW_STOP_WORDS = required_literals(_WINDOW_STOP) or ("",)
_WINDOW_STOP_ZH = re.compile(r"[,，;；]")


_HAN_BASIC = re.compile("[\u4e00-\u9fff]")


def has_han(text: str) -> bool:
    """A basic-block ideograph among the first 80 characters."""
    return _HAN_BASIC.search(text, 0, 80) is not None


def _status_window(clause: Clause, trig: Trigger) -> str:
    """The trigger's own phrase for plans and completion; rumours and denials anywhere."""
    text = clause.text
    if has_han(text):
        stop = _WINDOW_STOP_ZH.search(text, trig.end)
    elif any(clause.low.find(w, trig.end) >= 0 for w in _WINDOW_STOP_WORDS):
        stop = _WINDOW_STOP.search(text, trig.end)
    else:
        stop = None
    window = text[: stop.start()] if stop else text
    rest = text[len(window) :]
    wide = " ".join(m.group(0) for m in _WIDE_LEADS.finditer(rest, ascii_lower(rest)))
    return f"{window} {wide}" if wide else window


def _date_window(clause: Clause, trig: Trigger, status: Status) -> str:
    """The part of the clause that dates the event: up to the end of the trigger's
    phrase; a completion's own date where one is given."""
    text = clause.text
    if status is Status.COMPLETED and clause.may(COMPLETION_PHRASE):
        m = COMPLETION_PHRASE.search(text)
        if m and m.start() > trig.start:
            return m.group(0)
    cut = _WINDOW_STOP_ZH.search(text, trig.end)
    end = cut.start() if cut else len(text)
    return text[:end]


def _details(
    doc: Doc, clause: Clause, etype: EventType, trig: Trigger, text: str, amount: Money | None
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if etype is F:
        rnd = dt.funding_round(text, doc.lang)
        if rnd:
            out["round"] = rnd
        val = dm.first(clause.amounts, ("valuation",))
        if val is not None:
            out["valuation"] = val
    elif etype is A:
        pct = dt.stake_pct(text)
        if pct is not None:
            out["stake_pct"] = pct
        if dt.includes_debt(text):
            out["includes_debt"] = True
    elif etype is LST:
        out["stage"] = dt.listing_stage(trig.kind)
        ex = dt.exchange(text)
        if ex:
            out["exchange"] = ex
        if out["stage"] == "listed":
            listing_prices(clause, out)
    elif etype is ORD:
        prod = dt.product(text)
        if prod:
            out["product"] = prod
    elif etype is INV:
        loc = dt.location(text, doc.lang)
        if loc:
            out["location"] = loc
    elif etype is R:
        out["action"] = trig.kind
        auth = _authority(clause)
        if auth:
            out["authority"] = auth
        prod = dt.product(text)
        if prod:
            out["product"] = prod
    return out


def _authority(clause: Clause) -> str | None:
    named = dt.authority(clause.text)
    if named and named != "government":
        return named
    if SUBSIDY_LAW.search(clause.text) and not clause.gov:
        return "US Department of Commerce"  # the CHIPS Act's grants are Commerce's
    if clause.gov:
        return clause.gov[0].company.name
    return named


_MOVE_VERB = re.compile(
    r"(?:上涨|下跌|收涨|收跌|涨幅|跌幅|涨|跌|\bup\b|\bdown\b|gained|rose|fell|jumped|surged|climbed"
    r"|dropped|slid|lower|higher|declined)[^,，;；]{0,14}$",
    _I,
)
_CLOSE_CUE = re.compile(
    r"收盘|收报|收市|收于|收涨|收跌|首日|休市|午间|午盘|\bclos(?:e|ed|ing)\b|\bended\b|\bfinished\b"
    r"|first day|midday|debut",
    _I,
)
_OPEN_CUE = re.compile(r"开盘|开市|高开|低开|\bopened\b|\bat (?:the )?open\b", _I)
_INDEX = re.compile(r"指数|恒指|大市|index|taiex|benchmark|hang seng|composite|s&p", _I)
_NEGATIVE_MOVE = re.compile(
    r"跌|下跌|低|\bdown\b|\bfell\b|\blower\b|\bdropped\b|\bslid\b|\bdeclined\b", _I
)


def listing_prices(clause: Clause, out: dict[str, Any]) -> None:
    """Offer and open price, market cap, ticker and the day's move, where the clause gives them."""
    text = clause.text
    for money, role in clause.amounts:
        if role in ("offer_price", "open_price", "market_cap") and role not in out:
            out[role] = money
        elif role == "deal" and proceeds_context(clause) and "proceeds" not in out:
            out["proceeds"] = money
    tick = dt.ticker(text)
    if tick and "ticker" not in out:
        out["ticker"] = tick
    if "exchange" not in out:
        ex = dt.exchange(text)
        if ex:
            out["exchange"] = ex
    move = _day_move(text)
    if move is not None:
        out["day_change_pct"] = move


def _day_move(text: str) -> Decimal | None:
    """The closing (or latest reported) move of a first trading day; an opening move is left out."""
    found: Decimal | None = None
    for value, start, end in find_percentages(text):
        before = text[max(0, start - 60) : start]
        verb = _MOVE_VERB.search(before)
        if not verb or _INDEX.search(before[-30:]):
            continue
        closes = list(_CLOSE_CUE.finditer(before))
        opens = list(_OPEN_CUE.finditer(before))
        after_close = _CLOSE_CUE.search(text[end : end + 30])
        if (closes and (not opens or closes[-1].start() > opens[-1].start())) or (
            after_close and not opens
        ):
            pass
        else:
            continue
        found = -value if _NEGATIVE_MOVE.search(verb.group(0)) else value
    return found

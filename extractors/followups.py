"""Clauses without a trigger that add to an event reported earlier (``follow_up``).

A listing's prices and first-day move over the next sentences, a deal's amount or its
completion given later ("Nvidia was paying about $20 billion", "The purchase closed on
March 31"), a round's investors, an order's buyer, the companies a sanction names, a
denial; and the subscribers of a placement just reported (``joins_placement``).
"""

from __future__ import annotations

import re
from typing import Any

from extractors.clause_cues import (
    ALLOTTED,
    CUSTOMER_IS,
    DEAL_REF,
    DENIAL_VERB,
    INVESTOR_CUE,
    LISTED_CUE,
    LISTING_CUES,
    REF_NOUN,
)
from extractors.clauses import Clause, Doc, State, event_date
from extractors.event_build import listing_prices
from extractors.event_roles import unique
from extractors.gate import Leads
from extractors.status import is_completion, later
from extractors.triggers import LST, ORD, A, F, R
from extractors.types import EventDraft, Status

_I = re.IGNORECASE


# tried only where their words begin, in the few clauses whose gate lets them run
_DEAL_REF_LEADS = Leads(DEAL_REF)
_LISTING_CUES_LEADS = Leads(LISTING_CUES)


_UNDER_PARENT = re.compile(r"^(?:旗下|下属)[\u4e00-\u9fff]{0,3}$")


def joins_placement(clause: Clause, state: State) -> bool:
    """Add the clause's companies to the latest funding as investors when the clause
    gives an allotment in it and names no company of its own raising money."""
    if not clause.slots:
        return False
    last = next((e for e in reversed(state.events[-4:]) if e.type is F), None)
    if last is None or not last.principal():
        return False
    if not (clause.may(ALLOTTED) and ALLOTTED.search(clause.text)):
        return False
    investee = {m.company.key for m in last.principal()}
    if any(s.key in investee for s in clause.slots):
        return False
    # "宁德时代旗下问鼎投资": the vehicle and its parent are one investor
    joined = [
        s.mention
        for i, s in enumerate(clause.slots)
        if not (i and _UNDER_PARENT.match(clause.text[clause.slots[i - 1].end : s.start]))
    ]
    last.companies["investors"] = unique(last.companies["investors"] + joined)
    return True


def follow_up(doc: Doc, ci: int, clause: Clause, state: State, produced: list[EventDraft]) -> None:
    """A clause that adds to an earlier event rather than reporting a new one."""
    text = clause.text
    keys = {s.key for s in clause.slots}
    # listing details over the next few sentences about the same issuer
    lst = state.last_listing
    if (
        lst is not None
        and not any(ev.type is LST for ev in produced)
        and ci - state.listing_clause <= 4
        and clause.may(LISTING_CUES)
        and _LISTING_CUES_LEADS.search(text, clause.low)
        and keys <= {m.company.key for m in lst.principal()}
    ):
        extra: dict[str, Any] = {}
        listing_prices(clause, extra)
        for k, v in extra.items():
            if k == "day_change_pct" or k not in lst.details:
                lst.details[k] = v
        if lst.amount is None and "proceeds" in lst.details:
            lst.amount = lst.details["proceeds"]
        if extra:
            state.listing_clause = ci
    if produced:
        return
    if joins_placement(clause, state):
        return
    # each cue below is read only where an earlier event it could add to exists: most
    # clauses come before the first event or after events it cannot change
    tail = state.events[-8:]
    if not tail:
        return
    # "The purchase closed on March 31": a deal named by a noun, with no party
    ref = None if keys or not clause.may(REF_NOUN) else REF_NOUN.search(text)
    if ref:
        etype = (
            A
            if re.search(r"purchase|acquisition|takeover|merger|收购|并购|合并", ref.group(0), _I)
            else None
        )
        for ev in reversed(state.events[-6:]):
            if etype is None or ev.type is etype:
                if is_completion(text):
                    ev.status = later(ev.status, Status.COMPLETED)
                    when = event_date(text, doc.ref, doc.lang)
                    if when:
                        ev.date = when
                break
    # a deal's amount given after the deal ("Nvidia was paying about $20 billion")
    unpriced = any(ev.type in (A, ORD, F) and ev.amount is None for ev in tail[-6:])
    deals = (
        [m for m, r in clause.amounts if r == "deal"]
        if unpriced and clause.may(DEAL_REF) and _DEAL_REF_LEADS.search(text, clause.low)
        else []
    )
    if len(deals) == 1:
        for ev in reversed(state.events[-6:]):
            if (
                ev.type in (A, ORD, F)
                and ev.amount is None
                and (not keys or keys & {m.company.key for ms in ev.companies.values() for m in ms})
            ):
                ev.amount = deals[0]
                break
    # "Disruptive led it as well, with A and B among the participants"
    if not keys:
        return
    if (
        clause.may(INVESTOR_CUE)
        and any(ev.type is F for ev in tail[-3:])
        and INVESTOR_CUE.search(text)
    ):
        for ev in reversed(state.events[-3:]):
            if ev.type is F:
                investee = {m.company.key for m in ev.principal()}
                joined = [s.mention for s in clause.slots if s.key not in investee]
                ev.companies["investors"] = unique(ev.companies["investors"] + joined)
                break
    # "客户正是特斯拉", "the customer was Tesla": the buyer an order left unnamed
    if (
        clause.may(CUSTOMER_IS)
        and any(ev.type is ORD for ev in tail[-6:])
        and CUSTOMER_IS.search(text)
    ):
        for ev in reversed(state.events[-6:]):
            if ev.type is ORD and not ev.companies["buyer"]:
                supplier = {m.company.key for m in ev.companies["supplier"]}
                ev.companies["buyer"] = [s.mention for s in clause.slots if s.key not in supplier][
                    :1
                ]
                break
    # "Among the companies named were A and B", 被列入的企业包括A、B: the sanction's list
    if clause.may(LISTED_CUE) and any(ev.type is R for ev in tail[-3:]) and LISTED_CUE.search(text):
        for ev in reversed(state.events[-3:]):
            if ev.type is R and ev.details.get("action") == "sanction":
                ev.companies["affected"] = unique(
                    ev.companies["affected"] + [s.mention for s in clause.slots]
                )
                break
    # a denial of a reported deal
    if clause.may(DENIAL_VERB) and DENIAL_VERB.search(text):
        for ev in reversed(state.events[-8:]):
            if ev.status in (Status.RUMORED, Status.ANNOUNCED, Status.PLANNED) and keys & {
                m.company.key for ms in ev.companies.values() for m in ms
            }:
                ev.status = Status.DENIED
                break

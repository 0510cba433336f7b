"""The event extraction engine: an article in, ``EventDraft``s out.

Stages, in order (``extract_events`` calls them; each lives where named):

1. ``clauses.prepare``: normalize, split sentences and clauses, find companies
   (registry + discovered) and amounts, the reference date.
2. ``_clause_events`` (here): per clause, trigger words → candidate events of each
   type (``_pick_triggers``, here); a clause with two deals of a type cut in parts
   (``clause_parts``); roles from the clause's structure and the deal amount
   (``event_roles``, over ``roles`` and ``details_money``), then status, date and
   details (``event_build``, over ``status``, ``dates`` and ``details``).
3. ``followups.follow_up``: clauses without a trigger that add to an earlier event —
   a listing's prices and first-day move, a deal's amount given later
   ("Nvidia was paying about $20 billion"), a denial or a completion.
4. ``event_merge.merge``: the same deal restated is one event (same type, same principal,
   compatible amount), with the most precise amount and the latest status.

The cue patterns read on whole clauses sit behind one gate in ``clause_cues``. Imports run
one way: ``clause_cues`` ← ``clauses`` ← ``event_build`` ← ``event_roles`` ←
``followups`` / ``event_merge``, ``clause_parts`` beside them; only this module imports
them all, and none imports it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractors import details as dt
from extractors import details_money as dm
from extractors import roles as rl
from extractors.clause_cues import (
    ANAPHORIC_DEAL,
    CORPORATE_APPROVAL,
    FORECAST,
    IPO_ANCHOR,
    JOINT,
    OFFERING_APPROVAL,
    OWN_UNIT_CAPITAL,
    PARTICIPLE_OPENER,
    PHASE,
    PRODUCT_WORDS,
    ROUND_WORDS,
    STATS,
    SUBSIDY_LAW,
    UNDER_THE_DEAL,
)
from extractors.clause_parts import coordinated_parts, rule_part, same_type_parts
from extractors.clauses import Clause, Doc, State, prepare
from extractors.companies import CompanyRegistry
from extractors.event_build import REF_BEFORE, build, has_han, rule_making
from extractors.event_merge import merge, principal_key
from extractors.event_roles import note_startups, segments, unique, without_underwriters
from extractors.followups import follow_up, joins_placement
from extractors.gate import Leads
from extractors.text import ascii_lower
from extractors.triggers import INV, LST, ORD, A, F, R, Trigger, find_triggers
from extractors.types import (
    PRINCIPAL_ROLE,
    ArticleInput,
    CompanyMention,
    EventDraft,
    EventType,
    Status,
)

_I = re.IGNORECASE


# --- 2. clause events --------------------------------------------------------

_SOME_LISTING = re.compile(
    r"\b(?:an?|any|eventual|possible|potential|future)\s+(?:[\w-]+\s+)?$", _I
)
_EN_RAISE_STRONG = re.compile(r"^(?:raised|raises|raising|raise)$", _I)
_FACILITY = re.compile(
    r"\b(?:fabs?|plants?|factor(?:y|ies)|facilit(?:y|ies)|sites?|campus|r&d cent(?:er|re)"
    r"|data cent(?:er|re)s?|packaging|production lines?|capacity|foundry"
    r"|in (?:central |northern |southern |eastern |western )?[A-Z][a-z]+"
    r"|in the (?:United States|U\.S\.|US|UK|United Kingdom|Netherlands|Philippines))\b"
    r"|厂|晶圆|产线|基地|研发中心|项目|产能|封装|数据中心|资本预算|资本支出|资本开支|建设",
)
_FACILITY_LEADS = Leads(_FACILITY)
_FORECAST_LEADS = Leads(FORECAST)
_CONSTRUCTION = re.compile(
    r"动工|破土|开工建设|奠基|\bgroundbreaking\b|\bbr(?:oke|eaks) ground\b|\bunder construction\b"
    r"|\bbegan construction\b",
    _I,
)
_CONSTRUCTION_LEADS = Leads(_CONSTRUCTION)  # read on a whole article: ~100 µs scanned whole
_ORDER_BUY_VERB = re.compile(
    r"采购|购买|租用|下单|下达|\bplaced\b|\bspend\b|\bbuy\b|\bpurchase", _I
)


_SHARES_BOUGHT = re.compile(
    r"^\s*(?:up to |about |roughly )?\S+ (?:million |billion )?(?:worth )?of (?:the )?(?:stock"
    r"|shares|new shares)",
    _I,
)


# the fixed words _pick_triggers reads, compiled once
_ROUND_NOUN = re.compile(r"series|seed|round|fund-?raising", _I)
_TO_PARTY = re.compile(r"给|予")
_IPO_WORD = re.compile(r"首次公开发行|IPO", _I)
_GOVERNMENT_CONTROL = re.compile(
    r"\b(?:order|law|act|powers?)\b[^.;]{0,40}\btak(?:e|es|ing|en) control\b", _I
)
_ASSETS = re.compile(r"设备|机器|资产|equipment|machinery", _I)
_PROPERTY = re.compile(r"厂房|工厂|[0-9.]+代厂|产线|园区|大楼|物业|土地")
_NOT_AN_ORDER = re.compile(
    r"\b(?:drawing|drew|drawn|attract\w*|prioriti[sz]e\w*)\s+orders\b|\border book\b"
    r"|\borders for (?:tools|chips|equipment|customers)\b",
    _I,
)
_ZH_ROUND_DONE = re.compile(r"(?:完成|获得?|宣布完成)[^,，。;；]{0,12}$")


def _pick_triggers(clause: Clause, trigs: list[Trigger], lang: str) -> dict[EventType, Trigger]:
    """One trigger per type the clause may report, after the cross-type rules."""
    text = clause.text
    by_type: dict[EventType, list[Trigger]] = {}
    for t in trigs:
        by_type.setdefault(t.type, []).append(t)
    chosen: dict[EventType, Trigger] = {}
    # funding
    fund = by_type.get(F, [])
    if lang == "en" and fund:
        # a "raise" verb needs an amount or a round word; both are read once, where one is
        has_amount = round_words = False
        if any(t.kind == "raise" for t in fund):
            has_amount = any(r == "deal" for _, r in clause.amounts)
            round_words = clause.may(ROUND_WORDS) and ROUND_WORDS.search(text) is not None
        fund = [
            t
            for t in fund
            if (
                t.kind == "raise"
                and (
                    (_EN_RAISE_STRONG.match(t.word) and (has_amount or round_words))
                    or (round_words and has_amount)
                )
            )
            or t.kind == "round"
            or (t.kind == "invest_in" and _invest_object(clause, t))
        ]
    if LST in by_type and fund:
        fund = [
            t
            for t in fund
            if (t.kind == "round" and _ROUND_NOUN.search(t.word))
            or t.word.endswith("轮")  # 公司完成12亿元C轮融资 beside 上市首日: a round of its own
        ]
        if fund:
            # "a cushion as it weighs a public listing": a listing only hoped for beside a round
            by_type[LST] = [t for t in by_type[LST] if not _SOME_LISTING.search(text[: t.start])]
            if not by_type[LST]:
                del by_type[LST]
    if len(fund) > 1 and lang == "zh":
        # 深创投领投,芯驰完成3亿元B轮融资: the round the company completed, not the lead's verb
        done = [t for t in fund if _ZH_ROUND_DONE.search(text[max(0, t.start - 16) : t.start])]
        fund = done[:1] + [t for t in fund if t not in done[:1]]
    if fund:
        chosen[F] = fund[0]
    # acquisition
    order_starts = {t.start for t in by_type.get(ORD, []) if _PRODUCT_BUY.match(t.word)}
    acq = [
        t
        for t in by_type.get(A, [])
        if not _SHARES_BOUGHT.match(text[t.end : t.end + 50]) and t.start not in order_starts
    ]
    if len(acq) > 1:
        # "The acquisition extends ... when X completed its purchase of Y": the first noun only
        # points back at a deal; the later trigger carries the parties
        later = [
            t
            for t in acq
            if not (clause.may(ANAPHORIC_DEAL) and ANAPHORIC_DEAL.search(text[: t.end]))
        ]
        acq = later or acq
        # 签署《股份转让协议》,将…股份转让给X: the transfer to a named party, not the title
        to_party = [t for t in acq if t.kind == "sell" and _TO_PARTY.match(text, t.end)]
        acq = to_party[:1] + [t for t in acq if t not in to_party[:1]]
    if acq and clause.gov and _GOVERNMENT_CONTROL.search(text):
        acq = []  # "the government suspended the order it used to take control of X": no buyer
    if acq:
        chosen[A] = acq[0]
    # listing
    lst = by_type.get(LST, [])
    if lst and _PLACEMENT.search(text):
        lst = (
            [t for t in lst if t.kind != "approved" and t.word != "首次公开发行"]
            if not _IPO_WORD.search(text)
            else lst
        )
    if lst:
        chosen[LST] = _listing_trigger(clause, lst)
    # regulation needs an authority in the clause
    board = clause.may(CORPORATE_APPROVAL)
    reg = [
        t for t in by_type.get(R, []) if not (board and CORPORATE_APPROVAL.search(text[: t.start]))
    ]
    if reg and (
        clause.gov
        or (clause.may(dt.AUTHORITY_WORDS) and dt.names_authority(text, clause.low))
        or (clause.may(SUBSIDY_LAW) and SUBSIDY_LAW.search(text))
        or _DECISION_ON_CASE.search(text)
    ):
        chosen[R] = _regulation_trigger(reg, clause)
        if (
            chosen[R].kind == "approve"
            and clause.may(OFFERING_APPROVAL)
            and OFFERING_APPROVAL.search(text)
        ):
            del chosen[R]  # 同意注册: a step of the offering, not a regulation event
    # order: a noun "deal" counts only about chips or capacity, and not beside another deal type
    orders = [
        t
        for t in by_type.get(ORD, [])
        if t.kind != "deal"
        or (
            A not in chosen
            and F not in chosen
            and R not in chosen
            and clause.may(PRODUCT_WORDS)
            and PRODUCT_WORDS.search(text)
        )
    ]
    # 将南科5.5代厂出售给台积电: a plant sold is an acquisition; "drawing orders of $2.8
    # billion" (a bond's book), "prioritise orders for customers": no supply deal
    orders = [
        t
        for t in orders
        if not (t.word in ("出售给", "出售予") and _PROPERTY.search(text))
        and not _NOT_AN_ORDER.search(text, max(0, t.start - 16), t.end + 16)
    ]
    if len(orders) > 1:
        # "To fulfill the contract, X agreed to buy …": the deal named again comes last
        orders.sort(key=lambda t: bool(REF_BEFORE.search(text[max(0, t.start - 12) : t.start])))
    if orders:
        sell_assets = _ASSETS.search(text)
        if A in chosen and chosen[A].kind == "sell" and sell_assets:
            del chosen[A]  # selling machines to an affiliate is a supply deal
        if A not in chosen:
            chosen[ORD] = orders[0]
    # investment: capital into one's own capacity, not into a company, not a forecast
    inv = [
        t for t in by_type.get(INV, []) if not (t.kind == "invest" and _invest_object(clause, t))
    ]
    spend_on = ORD in chosen and chosen[ORD].kind == "order"
    if (
        inv
        and R not in chosen
        and not spend_on
        and _FACILITY_LEADS.search(text, clause.low)
        and not (clause.may(FORECAST) and _FORECAST_LEADS.search(text, clause.low))
    ):
        chosen[INV] = inv[0]
        if ORD in chosen and chosen[ORD].kind == "deal":
            del chosen[ORD]  # 签署投资合作协议: the agreement is the investment's
    if not clause.slots and clause.may(STATS) and STATS.search(text):
        return {}
    return chosen


# 收购…股权案被附加限制性条件批准, 禁止此项经营者集中: a regulator's decision on a deal,
# whose authority the sentence before named
_DECISION_ON_CASE = re.compile(
    r"案[^,，。;；]{0,4}被[^,，。;；]{0,12}(?:批准|禁止|否决)|(?:附加限制性条件|附条件)批准"
    r"|禁止(?:此项|该项|這項)?经营者集中|(?:通过|核准|驳回|否决)[^。;；]{2,60}?一?案"
)
_PRODUCT_BUY = re.compile(r"buy|bought|purchase", _I)

_ACTION_ORDER = ("sanction", "subsidize", "lift", "ban", "restrict", "approve", "investigate")
# "相关芯片实际上被禁止", "effectively banned": the consequence of the rule, not its kind
_IN_EFFECT = re.compile(
    r"(?:实际上|事实上|等同于|相当于|变相|\beffectively|\bin effect|\bde facto)\W*\w{0,3}$", _I
)


_LISTS_ENTITIES = re.compile(
    r"列入|纳入|納入|加入|增列|新增|列為|列为|\b(?:add(?:s|ed|ing)?|plac(?:es|ed|ing)|put(?:s|ting)?"
    r"|blacklist(?:s|ed)?|designat(?:es|ed|ing)|named)\b",
    _I,
)


def _regulation_trigger(reg: list[Trigger], clause: Clause) -> Trigger:
    text = clause.text
    # 附加限制性条件批准: the conditions of an approval restrict nothing themselves
    reg = [t for t in reg if not text.startswith("限制性条件", t.start)] or reg
    # a word overlapping a longer one of another kind (需获得许可证) is read as the longer one
    reg = [
        t
        for t in reg
        if not any(
            o is not t
            and o.kind != t.kind
            and o.start < t.end
            and t.start < o.end
            and (o.end - o.start) > (t.end - t.start)
            for o in reg
        )
    ]
    if any(t.kind == "restrict" for t in reg):
        reg = [
            t
            for t in reg
            if not (t.kind == "ban" and _IN_EFFECT.search(text[max(0, t.start - 16) : t.start]))
        ]
    for t in reg:
        if t.kind == "lift" and re.match(r"remov|移出|移除", t.word, _I):
            return t  # "removed X from the Entity List": the list word is no new sanction
    if (any(t.kind == "restrict" for t in reg) or rule_making(clause)) and not any(
        t.kind == "sanction" and _LISTS_ENTITIES.search(text[max(0, t.start - 80) : t.end + 4])
        for t in reg
    ):
        # 将实体清单的出口管制扩大至…, "expanded Entity List restrictions to affiliates":
        # the list named as the rule's subject, with nobody added to it, is a restriction
        reg = [replace(t, kind="restrict") if t.kind == "sanction" else t for t in reg]
    for kind in _ACTION_ORDER:
        for t in reg:
            if t.kind == kind:
                return t
    return reg[0]


_IN_INTO = re.compile(r"\b(?:in|into)\s+")
_TO_WARD = re.compile(r"(?:对|向)\s*$")


def _invest_object(clause: Clause, t: Trigger) -> bool:
    """ "invest … in <company>" / 向<company>增资: capital into a company (funding)."""
    window = clause.text[t.end : t.end + 70]
    m = _IN_INTO.search(window)
    if m:
        pos = t.end + m.end()
        return any(s.start == pos or 0 <= s.start - pos <= 4 for s in clause.slots)
    before = clause.text[max(0, t.start - 30) : t.start]
    for s in clause.slots:
        if s.end <= t.start and _TO_WARD.search(clause.text[max(0, s.start - 2) : s.start]):
            return bool(before)
    return False


def _clause_events(doc: Doc, ci: int, clause: Clause, state: State) -> list[EventDraft]:
    trigs = find_triggers(clause.text, clause.lang, clause.low, clause.mask)
    if not trigs:
        return []
    chosen = _pick_triggers(clause, trigs, doc.lang)
    gov_said = _government_gives(doc, ci, clause, trigs) if R not in chosen else None
    if gov_said is not None:
        chosen[R] = gov_said[0]
    out: list[EventDraft] = []
    if chosen.keys() & {F, LST, A} and clause.may(IPO_ANCHOR) and IPO_ANCHOR.search(clause.text):
        anchor = _anchor_investors(doc, clause, state)
        return [anchor] if anchor is not None else []
    items = list(chosen.items())
    rule = rule_part(clause, chosen, trigs)
    if rule is not None:
        items.append((R, rule[0]))
    for etype, trig in items:
        if (
            etype is F
            and clause.may(OWN_UNIT_CAPITAL)
            and OWN_UNIT_CAPITAL.search(clause.text)
            and _CAPACITY.search(clause.text)
        ):
            # 对全资子公司增资…以扩大产能: capital for its own plant, not a round
            etype, trig = INV, replace(trig, type=INV, kind="invest")
        if etype is F and _ipo_proceeds(doc, ci, clause, trig, state):
            etype, trig = LST, replace(trig, type=LST, kind="listed")
        if (
            etype is F
            and trig.word in _LISTING_FUNDING_WORDS
            and ci - state.listing_clause <= 6
            and state.last_listing is not None
            and {s.key for s in clause.slots}
            <= {m.company.key for m in state.last_listing.principal()}
        ):
            continue  # 网下配售, 募集资金将投向: the listing's own offering
        if etype is INV and _proceeds_use(doc, clause, trig):
            continue  # 拟募资3.2亿元,用于扩产项目: the listing's use of proceeds
        if _restates(clause, trig) and (
            etype is LST
            or (state.events and (etype is A or trig.kind == "deal"))
            or any(e.type is etype for e in state.events)
        ):
            # 受併購消息激勵, "Under the agreement, X will …", 对于此次战略投资: the deal above
            continue
        if etype is INV and _phase_of_last(clause, state):
            continue  # 其中一期投资约20亿元: a part of the project just reported
        if etype in (F, A) and joins_placement(clause, state):
            continue  # 其中,X获配约5.5亿元: a subscriber of the placement just reported
        parts = (
            [(rule[1], trig)]
            if rule is not None and trig is rule[0]
            else coordinated_parts(clause, etype, trig, trigs)
            if etype in (F, INV)
            else same_type_parts(clause, etype, trig, trigs)
        )
        for sub, strig in parts:
            for seg_text, seg_roles, amount in segments(doc, sub, etype, strig, state):
                role = PRINCIPAL_ROLE[etype]
                each = seg_roles.get(role, [])
                split = (
                    [{**seg_roles, role: [m]} for m in each]
                    if etype in (LST, INV)
                    and len(each) > 1
                    and not (sub.may(JOINT) and JOINT.search(sub.text))
                    else [seg_roles]
                )
                for roles in split:
                    ev = build(doc, sub, etype, strig, roles, amount, seg_text, state)
                    if ev is not None and gov_said is not None and etype is R:
                        ev.details.setdefault("authority", gov_said[1])
                    if ev is not None:
                        out.append(ev)
                        _note(ev, sub, doc.lang, state)
                        if ev.principal():
                            _set_topic(ev, state)
    return out


def _anchor_investors(doc: Doc, clause: Clause, state: State) -> EventDraft | None:
    """ "X indicated an interest in buying up to $50 million of shares at the IPO price",
    国家大基金等参与了战略配售: a funding of the article's listed issuer by the named
    investors, or nothing when the article reported no listing or names no investor."""
    listing = next((e for e in reversed(state.events) if e.type is LST and e.principal()), None)
    if listing is None:
        return None
    issuer = {m.company.key for m in listing.principal()}
    investors = [
        s.mention for s in without_underwriters(clause.text, clause.slots) if s.key not in issuer
    ]
    if not investors:
        return None
    cue = IPO_ANCHOR.search(clause.text)
    assert cue is not None
    trig = Trigger(F, "anchor", cue.start(), cue.end(), cue.group())
    amount = dm.nearest(clause.amounts, cue.start(), ("deal",))
    roles = {"investee": list(listing.principal()), "investors": unique(investors)}
    return build(doc, clause, F, trig, roles, amount, clause.text, state)


_GIVE = re.compile(r"\bto give\b", _I)
_GOV_PRONOUN = re.compile(
    r"\b(?:it|they|the government|the ministry|the agency)\s+(?:\w+\s+)?$", _I
)


def _government_gives(
    doc: Doc, ci: int, clause: Clause, trigs: list[Trigger]
) -> tuple[Trigger, str] | None:
    """ "The government has also backed … In 2023 it agreed to give Micron up to 192.5
    billion yen": a subsidy when "it" follows a sentence about a government; the trigger
    and that authority."""
    give = next((t for t in trigs if t.type is R and _GIVE.search(t.word)), None)
    if give is None or not clause.amounts or not clause.slots:
        return None
    if [s for s in clause.slots if s.end <= give.start]:
        return None
    if not _GOV_PRONOUN.search(clause.text[: give.start]):
        return None
    prev = [c for c in doc.clauses[max(0, ci - 4) : ci] if c.sent != clause.sent]
    if not prev:
        return None
    text = doc.norm[prev[-1].sent[0] : prev[-1].sent[1]]
    named = dt.authority(text) or (prev[-1].gov[0].company.name if prev[-1].gov else None)
    return (give, named) if named else None


def _restates(clause: Clause, trig: Trigger) -> bool:
    """The clause names a deal the article already reported: as news, under its terms,
    or as 此次/本次 / "the deal" with no amount of its own."""
    if _AS_NEWS.match(clause.text, trig.end) or (
        clause.may(UNDER_THE_DEAL) and UNDER_THE_DEAL.match(clause.text)
    ):
        return True
    if any(r == "deal" for _, r in clause.amounts):
        return False
    # 此次战略投资; "The deal would add Mitsuhara's slurries to …", "The debut adds to …":
    # the deal above again
    the = bool(_THE_BEFORE.search(clause.text, max(0, trig.start - 6), trig.start))
    if the and trig.type is F and _VALUES_AT.search(clause.text, trig.end):
        return True  # "The financing values the company at $3.2 billion": its valuation
    if (the and trig.type is A and trig.word.lower() in _DEAL_NOUNS) or _OPINION.match(clause.text):
        return True  # "The purchase would give Nvidia a stake …", 分析人士认为，收购…有助于…
    return bool(_NAMED_AGAIN.search(clause.text, max(0, trig.start - 6), trig.start)) or (
        the and (trig.kind == "deal" or (trig.type is LST and trig.word.lower() in _LISTING_NOUNS))
    )


_CAPACITY = re.compile(
    r"产能|產能|扩建|擴建|扩产|擴產|建厂|建廠|厂区|廠區|晶圆厂|晶圓廠|产线|產線|生产线|生產線"
    r"|\b(?:capacity|fab|plant|factory|production line)\b",
    _I,
)
_DEAL_NOUNS = frozenset(
    {"purchase", "acquisition", "takeover", "merger", "transaction", "deal", "combination"}
)
_OPINION = re.compile(
    r"^\W*(?:分析人士|业内人士|分析师|市场人士|有分析|业内)[^,，。;；]{0,6}认为"
    r"|^\W*analysts? (?:believe|expect)",
    _I,
)
_VALUES_AT = re.compile(r"\s+(?:values?|valued|valuing|gives)\b", _I)
_NAMED_AGAIN = re.compile(r"(?:此次|本次|该笔|這筆|这笔|该项|該項|上述)\s*$")


_LISTING_NOUNS = frozenset({"debut", "listing", "ipo", "offering", "float"})
_THE_BEFORE = re.compile(r"\b(?:the|this|that)\s+$", _I)
_AS_NEWS = re.compile(
    r"\s*(?:消息|传闻|傳聞|题材|題材|概念|利好|预期|預期|事项|事項|\bnews\b|\bspeculation\b)", _I
)


def _phase_of_last(clause: Clause, state: State) -> bool:
    """An investment clause about one phase of the project the last investment event
    reported, naming no other investor: the same commitment, not a second one."""
    if not (clause.may(PHASE) and PHASE.search(clause.text)):
        return False
    last = next((e for e in reversed(state.events[-4:]) if e.type is INV), None)
    if last is None:
        return False
    own = {m.company.key for m in last.principal()}
    return all(s.key in own for s in clause.slots)


_ACTOR = {F: "investee", A: "acquirer", LST: "issuer", ORD: "supplier", INV: "investor"}


def _set_topic(ev: EventDraft, state: State) -> None:
    """The company an event is about becomes what "it"/"the company" refers to next."""
    if ev.type is A and ev.companies.get("target"):
        state.last_target = ev.companies["target"][0]
    role = _ACTOR.get(ev.type)
    if role and ev.companies.get(role):
        state.topic = ev.companies[role][0]


def _note(ev: EventDraft, clause: Clause, lang: str, state: State) -> None:
    """Remember what later events of the article need: running totals, rounds said completed."""
    if ev.amount is not None and any(
        m is ev.amount and r == "cumulative" for m, r in clause.amounts
    ):
        state.cumulative.add(id(ev))
    if ev.type is F and ev.status is Status.COMPLETED and ev.principal():
        rounds = dt.funding_rounds(clause.text, lang)
        if len(rounds) >= 2:
            state.completed_rounds.setdefault(ev.principal()[0].company.key, set()).update(rounds)


# 拟募资 / 计划募集资金 in a sentence about a prospectus or an IPO: the listing's proceeds
_PROCEEDS_WORDS = frozenset({"募资", "募集资金"})
_IPO_CONTEXT = re.compile(
    r"招股(?:说明)?书|招股文件|(?<![-a-z])IPO(?!轮)|(?<!非)公开发行|首发|(?<!终止)上市(?!公司)|登陆"
    r"|科创板|创业板|北交所|主板",
    _I,
)
# _pick_triggers reads this one too: the narrower pattern it was written beside
# (向特定对象发行|…|公司债) was rebound by this one before any call, and is gone
_PLACEMENT = re.compile(r"定增|定向|特定对象|非公开|配售|配股|可转债|债券")


_EN_PRICED = re.compile(
    r"\bpric(?:ed|es|ing)\b[^.;]{0,40}\b(?:shares|IPO|offering|listing)\b"
    r"|\b(?:IPO|initial public offering)\b",
    _I,
)
_OFFER_TERMS = re.compile(r"发行价|发行数量|发行股数|本次发行|首次公开发行|新股")


def _ipo_proceeds(doc: Doc, ci: int, clause: Clause, trig: Trigger, state: State) -> bool:
    """A Chinese 募资 that is the amount a listing raises, not a funding round
    (the sentence, or the ones before it up to a ；, speaks of a prospectus or an IPO,
    or of 本次发行/发行价 right after the article reported a listing); in English, "X priced
    its 30 million shares …, raising $720 million" right after a debut."""
    if trig.kind == "raise" and not has_han(clause.text):
        listed = state.last_listing is not None and ci - state.listing_clause <= 8
        return (
            listed and bool(_EN_PRICED.search(clause.text)) and not _PLACEMENT.search(clause.text)
        )
    if trig.word not in _PROCEEDS_WORDS or not has_han(clause.text):
        return False
    start = clause.sent[0]
    while ci > 0 and doc.clauses[ci - 1].text.rstrip().endswith((";", "；")):
        ci -= 1
        start = doc.clauses[ci].sent[0]
    sentence = doc.norm[start : clause.sent[1]]
    if _PLACEMENT.search(sentence):
        return False
    if _IPO_CONTEXT.search(sentence):
        return True
    listed = state.last_listing is not None and ci - state.listing_clause <= 8
    return listed and bool(_OFFER_TERMS.search(sentence))


_PROCEEDS_USE = re.compile(r"(?:募资|募集资金|募投)[^。;；]*?(?:用于|投向|投入)[^。;；]*$")


def _proceeds_use(doc: Doc, clause: Clause, trig: Trigger) -> bool:
    """An investment word inside what an IPO's proceeds will pay for (拟募资3.2亿元,
    用于扩产项目): part of the listing, not an investment of its own."""
    start = clause.sent[0]
    before = doc.norm[start : clause.start + trig.start]
    sentence = doc.norm[start : clause.sent[1]]
    return (
        bool(_PROCEEDS_USE.search(before))
        and bool(_IPO_CONTEXT.search(sentence))
        and not (_PLACEMENT.search(sentence))
    )


_LISTING_FUNDING_WORDS = frozenset({"配售", "配股", "募资", "募集资金", "筹资", "融资"})


_POSSESSIVE = re.compile(r"^'s\b")


def _listing_trigger(clause: Clause, lst: list[Trigger]) -> Trigger:
    """The listing word with a company right before it ("Midea's $4.6 billion
    listing"), else the first."""
    for t in lst:
        if any(0 <= t.start - s.end <= 40 for s in clause.slots):
            near = [s for s in clause.slots if 0 <= t.start - s.end <= 40]
            if near and _POSSESSIVE.match(clause.text[near[-1].end :]):
                return t
    return lst[0]


# --- entry point -------------------------------------------------------------

_OPENER = re.compile(
    # a dateline first ("TOKYO -- ", "SEOUL, March 3 (Reuters) - ")
    r"^(?-i:[A-Z]{2,}(?:[ ,.]+[\w.]+){0,4}\s*(?:\([A-Za-z ]+\))?\s*[-–—]{1,2}\s*)?"
    r"(?:[^,，。:：]{0,16}[,，]\s*)?(?:[\w ,.-]{0,40}-based )?(?:shares of |the |for |对于?)?$",
    _I,
)


def _sentence_subject(clause: Clause) -> CompanyMention | None:
    """The company a sentence opens with ("In April, NVIDIA …", 4月,英伟达…; after a
    participle opener, "Founded in 2019 by former Intel engineers, X …"): the new topic."""
    first = clause.slots[0]
    participle = PARTICIPLE_OPENER.match(clause.text) if clause.may(PARTICIPLE_OPENER) else None
    if participle:
        after = [s for s in clause.slots if s.start >= participle.end()]
        if after and _OPENER.match(clause.text[participle.end() : after[0].start]):
            return after[0].mention
    opens = _OPENER.match(clause.text[: first.start]) and not rl.INVESTOR_AFTER.search(
        clause.text[first.end : first.end + 60]
    )
    return first.mention if opens else None


def extract_events(article: ArticleInput, registry: CompanyRegistry) -> list[EventDraft]:
    """Every event the article reports (FORMAT.md), merged within the article."""
    doc = prepare(article, registry)
    state = State()
    last_sent: tuple[int, int] | None = None
    for ci, clause in enumerate(doc.clauses):
        if clause.sent != last_sent and clause.slots:
            state.topic = _sentence_subject(clause) or state.topic
            state.announcer = state.announcer or state.topic
        if clause.sent != last_sent and last_sent is not None:
            state.recent = state.pending_recent
        last_sent = clause.sent
        if clause.slots:
            state.pending_recent = clause.slots[-1].mention
        produced = _clause_events(doc, ci, clause, state)
        note_startups(clause, state)
        follow_up(doc, ci, clause, state, produced)
        for ev in produced:
            state.events.append(ev)
            if ev.type is LST and ev.details.get("stage") == "listed":
                state.last_listing = ev
                state.listing_clause = ci
            if ev.type is ORD:
                for b in ev.companies.get("buyer", []):
                    if ev.companies["supplier"]:
                        state.buyers[b.company.key] = ev.companies["supplier"][0]
        for ev in produced[:1]:
            _set_topic(ev, state)
    events = merge(state.events, state.cumulative)
    building: bool | None = None  # read from the whole text only where an event asks
    for ev in events:
        if (
            ev.type is INV
            and ev.status is Status.PLANNED
            and ev.amount is not None
            and (ev.date is None or ev.date == doc.ref)
        ):
            if building is None:
                building = _CONSTRUCTION_LEADS.search(doc.norm, ascii_lower(doc.norm)) is not None
            if building:
                ev.status = Status.ANNOUNCED  # under construction: no longer a plan
        rnd = ev.details.get("round")
        done = state.completed_rounds.get(principal_key(ev), set())
        if ev.type is F and rnd in done and ev.status is Status.ANNOUNCED:
            ev.status = Status.COMPLETED
    return [ev for ev in events if _keep(ev, state.rules)]


def _keep(ev: EventDraft, rules: set[int]) -> bool:
    if ev.type is R:
        return bool(ev.companies["affected"]) or ev.amount is not None or id(ev) in rules
    return True

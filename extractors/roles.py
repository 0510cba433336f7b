"""Who plays which role in a clause's event, read from the clause's structure.

Positions are clause-relative. A clause's companies come as ``Slot``s (a
mention and where it sits); the subject of a trigger is the company nearest
before it, the object the first one after it, with the usual exceptions:
passives (Y was acquired by X, Y被X收购), sales (X sold Y to Z), investor
lists (led by A with participation from B; A领投、B跟投), buyers of orders
(an order from X, the customer was X, X向Y下达订单). Where the clause names
no subject ("it", "the company", 公司), the article's current topic stands in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.triggers import Trigger
from extractors.types import CompanyMention

_I = re.IGNORECASE


@dataclass(frozen=True)
class Slot:
    """A company mention placed in a clause."""

    mention: CompanyMention
    start: int  # clause-relative
    end: int

    @property
    def key(self) -> str:
        return self.mention.company.key


Roles = dict[str, list[CompanyMention]]

_PRONOUN_SUBJECT = re.compile(
    r"\b(?:it|its|the company|the startup|the group|the firm|the chipmaker|the designer"
    r"|the maker|the japanese group|the korean company|the south korean company)\b"
    r"|(?:^|[,，:：])\s*(?:该|这家)?公司|该公司|其(?!他|中|余|它)|该企业|这家公司"
    r"|\b(?:the|that|this) (?:\w+ )?round\b|本轮|该轮|此轮|其中",
    _I,
)


_PARTNER = re.compile(r"(?:与|和|同|跟|向|对|从|\bwith|\bfrom|\bby|\bto)\s*$", _I)


def _before(slots: list[Slot], pos: int) -> list[Slot]:
    return [s for s in slots if s.end <= pos]


def _after(slots: list[Slot], pos: int) -> list[Slot]:
    return [s for s in slots if s.start >= pos]


def _dedupe(slots: list[Slot], exclude: set[str] | None = None) -> list[CompanyMention]:
    seen = set(exclude or ())
    out: list[CompanyMention] = []
    for s in slots:
        if s.key not in seen:
            seen.add(s.key)
            out.append(s.mention)
    return out


def subject(
    clause: str, slots: list[Slot], trig: Trigger, topic: CompanyMention | None
) -> Slot | None:
    """The company doing the trigger's action: nearest before it, else the topic."""
    before = [
        s
        for s in _before(slots, trig.start)
        if not _PARTNER.search(clause[max(0, s.start - 6) : s.start])
    ]
    if before:
        return before[-1]
    if topic is not None and (not slots or _PRONOUN_SUBJECT.search(clause[: trig.start + 40])):
        return Slot(topic, -1, -1)
    return None


# --- funding -----------------------------------------------------------------

_INVESTOR_BEFORE = re.compile(
    r"(?:led by|co-led by|backed by|from|participation (?:from|of|by)|including|includ\w+"
    r"|with|joined by|among them|由|获得?|股东包括|投资方包括|投资人包括|and by|and|接洽"
    r"|approached)\s*"
    r"(?:funds managed by |existing investors? |investors? )?$",
    _I,
)
INVESTOR_AFTER = re.compile(
    r"^[^.;。；]{0,40}?\b(?:co-led|led|took part|participated|joined|put money|invested"
    r"|also taking part|among the (?:participants|investors)|is among the investors)\b"
    r"|^[^,，.;。；]{0,20}?(?:领投|跟投|参投|联合投资|共同投资|联合领投|投资|入局|出资|认购)",
    _I,
)
_INVEST_OBJECT = re.compile(
    r"(?:invest(?:ed|s|ing)?|injects?|injected|put)\b[^.;]{0,60}?\b(?:in|into)\s*$"
    r"|(?:对|向)(?:其)?(?:全资|控股)?(?:子公司|孙公司|附属公司)?\s*$",
    _I,
)


def funding_roles(
    clause: str, slots: list[Slot], trig: Trigger, topic: CompanyMention | None
) -> Roles:
    investors: list[Slot] = []
    investee: Slot | None = None
    for s in slots:
        ctx_before = clause[max(0, s.start - 40) : s.start]
        if _INVEST_OBJECT.search(ctx_before):
            investee = s
            continue
        near_before = clause[max(0, s.start - 40) : s.start]
        if _INVESTOR_BEFORE.search(near_before) and (
            investors or not _is_first_subject(s, slots, trig)
        ):
            investors.append(s)
        elif (
            INVESTOR_AFTER.search(clause[s.end : s.end + 60])
            and s.start < trig.start + 80
            and not _RAISER_VERB.match(clause[s.end :])
        ):
            investors.append(s)  # "A led the round" / "A领投" — not the investee that "raised"
    investors = _extend_lists(clause, slots, investors, investee)
    if investee is None:
        rest = [s for s in slots if s not in investors]
        before = _before(rest, trig.start)
        if before:
            investee = before[0] if len(before) <= 2 else before[-1]
        elif rest and re.search(
            r"(?:\b(?:in|into|for)|对|向|为)\s*$", text_before(clause, rest[0]), _I
        ):
            investee = rest[0]
        only_investors = (bool(investors) and len(investors) == len(slots)) or (
            not slots and _ZH_ZERO_SUBJECT.match(clause)
        )
        if (
            investee is None
            and topic is not None
            and (only_investors or _PRONOUN_SUBJECT.search(clause))
        ):
            investee = Slot(topic, -1, -1)
    exclude = {investee.key} if investee else set()
    return {
        "investee": [investee.mention] if investee else [],
        "investors": _dedupe(investors, exclude),
    }


_LIST_GAP = re.compile(
    r"^\s*(?:,|、|，|and|和|及|与|以及)\s*(?:and\s+)?(?:[\w'’]+'s\s+|[a-z]+\s+){0,3}$"
)


def _extend_lists(
    clause: str, slots: list[Slot], found: list[Slot], skip: Slot | None
) -> list[Slot]:
    """Investors come in lists: "backed by A, B, C and D", A、B、C跟投."""
    out = list(found)
    for i in range(1, len(slots)):
        s, prev = slots[i], slots[i - 1]
        if s in out or s is skip or prev not in out:
            continue
        if _LIST_GAP.match(clause[prev.end : s.start]):
            out.append(s)
    for i in range(len(slots) - 2, -1, -1):
        s, nxt = slots[i], slots[i + 1]
        if (
            s in out
            or s is skip
            or nxt not in out
            or not _ZH_INVEST_VERB.search(clause[nxt.end : nxt.end + 20])
        ):
            continue
        if _LIST_GAP.match(clause[s.end : nxt.start]):
            out.append(s)
    return sorted(out, key=lambda x: x.start)


_ZH_INVEST_VERB = re.compile(r"^[^,，。;；]{0,8}(?:领投|跟投|参投|联合投资|共同投资|投资|出资)")


_ZH_ZERO_SUBJECT = re.compile(
    r"^(?:[^,，]{0,12}[,，])?\s*(?:同时|并|又|随后|此后|另外|此外|其后|还|今年|去年)?[^一某]{0,6}(?:通过|宣布|完成|获得|发行|拟|计划)"
)


def text_before(clause: str, s: Slot) -> str:
    return clause[max(0, s.start - 8) : s.start]


_RAISER_VERB = re.compile(
    r"^\s*(?:has |have |had )?(?:raised|raises|完成|获|宣布|就?拿下|斩获)", _I
)


def _is_first_subject(s: Slot, slots: list[Slot], trig: Trigger) -> bool:
    return s is slots[0] and s.end <= trig.start


# --- acquisition -------------------------------------------------------------

_TO_BUYER = re.compile(r"\b(?:to|给|予)\s*$", _I)
_BY = re.compile(r"(?:\bby|被)\s*(?:rival |peer )?$", _I)
_RELATIVE = re.compile(r"^,?\s*(?:which|that)\s+(?:it|they|[A-Z][\w.]*)?\s*(?:had )?$", _I)


def acquisition_roles(
    clause: str,
    slots: list[Slot],
    trig: Trigger,
    topic: CompanyMention | None,
    it: CompanyMention | None = None,
) -> Roles:
    """Acquirer and target; ``it`` is what a pronoun object ("sell it to") refers to."""
    before = _before(slots, trig.start)
    after = _after(slots, trig.end)
    if trig.kind == "passive":
        buyers = [s for s in after if _BY.search(clause[max(0, s.start - 12) : s.start])]
        if trig.word.startswith("被"):
            buyers = [s for s in slots if trig.start < s.start < trig.end]
            targets = before[-1:]
        else:
            targets = before[-1:]
        if not buyers and topic is not None:
            buyers = [Slot(topic, -1, -1)]
        return {"acquirer": _dedupe(buyers), "target": _dedupe(targets, {b.key for b in buyers})}
    if trig.kind == "sell":
        buyers = [s for s in after if _TO_BUYER.search(clause[max(0, s.start - 6) : s.start])]
        if not buyers:
            return {}
        seller = subject(clause, slots, trig, topic)
        units = [s for s in after if s.start < buyers[0].start]
        targets = ([seller] if seller else []) + units
        if (
            not units
            and it is not None
            and re.search(r"\b(?:it|them)\b|其", clause[trig.end : buyers[0].start])
        ):
            targets = [Slot(it, -1, -1)]  # "agreed to sell it to NVIDIA": the company sold
        return {"acquirer": _dedupe(buyers[:1]), "target": _dedupe(targets, {buyers[0].key})}
    if trig.kind == "license":
        # "X took a license to Y's technology and hired", "X's arrangement with Y, under
        # which it paid"
        owner = [s for s in before if _POSSESSIVE_DEAL.match(clause[s.end : s.end + 30])]
        buyer_slot = owner[0] if owner else subject(clause, slots, trig, None)
        buyer = buyer_slot.mention if buyer_slot else topic
        if buyer is None:
            return {}
        others = [s for s in slots if s.key != buyer.company.key]
        if others:
            return {"acquirer": [buyer], "target": [others[0].mention]}
        if topic is not None and topic.company.key != buyer.company.key:
            return {"acquirer": [buyer], "target": [topic]}
        return {}
    # buy / merge
    if not after:
        # "Silo AI, which it bought" / "Nod.ai, acquired in 2023": the target precedes
        if before and (
            _RELATIVE.search(clause[before[-1].end : trig.start])
            or re.match(r"^,\s*$", clause[before[-1].end : trig.start])
        ):
            buyer = topic
            tgt = before[-1]
            if buyer is None or buyer.company.key == tgt.key:
                return {}
            return {"acquirer": [buyer], "target": [tgt.mention]}
        if (
            trig.kind == "license"
            and before
            and topic is not None
            and topic.company.key != before[-1].key
        ):
            return {"acquirer": [before[-1].mention], "target": [topic]}
        return {"acquirer": _dedupe(before[-1:]), "target": []}
    offer = [s for s in after if _OFFER_FROM.search(clause[trig.end : s.start])]
    if offer:
        # "X turned down a takeover offer from Y": Y bids for X
        bidee = subject(clause, slots, trig, topic)
        if bidee is None or bidee.key == offer[0].key:
            return {}
        return {"acquirer": [offer[0].mention], "target": [bidee.mention]}
    doer = subject(clause, slots, trig, topic)
    targets = [
        s
        for s in after
        if (doer is None or s.key != doer.key) and _TARGET_GAP.match(clause[trig.end : s.start])
    ][:1]
    acquirer = [doer.mention] if doer else []
    return {"acquirer": acquirer, "target": [targets[0].mention] if targets else []}


_POSSESSIVE_DEAL = re.compile(
    r"^'s (?:\w+ )?(?:arrangement|deal|agreement|pact|partnership|transaction)\b", _I
)
_OFFER_FROM = re.compile(r"^\s*(?:offer|bid|proposal|approach)\s+from\s*$", _I)
_TARGET_GAP = re.compile(r"^(?:[^,;，；]|,(?!\s*(?:and|but|which)\b)){0,60}$", _I)


def _key(slots: list[Slot]) -> str:
    return slots[-1].key if slots else ""


# --- listing / investment ----------------------------------------------------

_COORD = re.compile(r"^\s*(?:,|and|、|和|与|及)\s*(?:[a-z][\w-]*\s+){0,4}$")


_LISTED_VERB = re.compile(
    r"^(?:'s)?\s*(?:raised|listed|went public|debuted|priced|挂牌|上市|登陆)", _I
)


_LISTING_REF = re.compile(
    r"\b(?:the|this|its|their) (?:offering|listing|ipo|debut|share sale|shares)\b"
    r"|本次(?:ipo|发行|上市)|此次(?:ipo|发行|上市)"
    r"|该股|新股",
    _I,
)


def single_role(
    clause: str,
    slots: list[Slot],
    trig: Trigger,
    topic: CompanyMention | None,
    strict_topic: bool = False,
) -> list[CompanyMention]:
    """The one company of a listing or an investment: the trigger's subject. The topic
    stands in for an unnamed subject ("the board approved", 项目总投资); with
    ``strict_topic`` only where the clause points back to it (it, the offering, 本次IPO)."""
    before = [
        s
        for s in _before(slots, trig.start)
        if not _PARTNER.search(clause[max(0, s.start - 6) : s.start])
    ]
    if before:
        # "shares of X surged on their debut", 据芯东西报道, X今日挂牌: the nearest subject,
        # with the ones coordinated with it ("company X and maker Y are due to price")
        group = [before[-1]]
        for s in reversed(before[:-1]):
            if not _COORD.match(clause[s.end : group[0].start]):
                break
            group.insert(0, s)
        return _dedupe(group)
    after = _after(slots, trig.end)
    doers = [s for s in after if _LISTED_VERB.match(clause[s.end : s.end + 30])]
    if doers:
        return [doers[0].mention]  # "the largest since X raised $740 million"
    if after and re.match(r"^[^.;。；]{0,12}$", clause[trig.end : after[0].start]):
        return [after[0].mention]  # "the debut of X", 登陆…的X
    if topic is not None and (
        not strict_topic or _PRONOUN_SUBJECT.search(clause) or _LISTING_REF.search(clause)
    ):
        return [topic]
    return [after[0].mention] if after else []


# --- order -------------------------------------------------------------------

_BUYER_BEFORE = re.compile(
    r"(?:order(?:s)? from|contract from|deal with|customer[^.;]{0,80}?\b(?:was|is)"
    r"|客户(?:正)?(?:是|为)"
    r"|出售予|出售给|卖给|为)\s*(?:关系企业|客户)?\s*$",
    _I,
)
_BUYER_AFTER = re.compile(
    r"^\s*(?:[^,.;，。；]{0,20}?\b)?(?:has |had |have )?(?:placed|ordered|came back"
    r"|is in talks to spend|to spend|will spend"
    r"|spends?|expand(?:ed|s)? its use|would buy|agreed to buy|bought|向|采购|购买|租用|下单"
    r"|计划采购"
    r"|拟斥资|斥资|正与|[^,，。;；]{0,12}[,，]?将获得|[^,，。;；]{0,8}扩大与)",
    _I,
)


_SUPPLIER_SEGMENTS = frozenset(
    {
        "designer",
        "ai_chip",
        "equipment",
        "idm",
        "materials",
        "memory",
        "foundry",
        "packaging",
        "ip",
        "eda",
    }
)
_SUPPLIER_RANK = {**{seg: 2 for seg in _SUPPLIER_SEGMENTS}, "hyperscaler": 1}
_BUYER_SEGMENTS = frozenset({"hyperscaler", "ai_lab", "automotive", "electronics", "telecom"})
_PRODUCT_AFTER = re.compile(
    r"^(?:'s)?\s*(?:[A-Z][\w-]*\s+)?(?:TPUs?|GPUs?|chips?|accelerators?|芯片|加速器)", _I
)


def order_roles(
    clause: str,
    slots: list[Slot],
    trig: Trigger,
    topic: CompanyMention | None,
    known_buyers: dict[str, CompanyMention],
) -> Roles:
    buyers: list[Slot] = []
    for s in slots:
        if _BUYER_BEFORE.search(clause[max(0, s.start - 90) : s.start]) or _BUYER_AFTER.search(
            clause[s.end : s.end + 24]
        ):
            buyers.append(s)
    if len(buyers) >= 2 and len(buyers) == len(slots):
        buyers = buyers[:1]  # "X扩大与Y的合作,将获得…": the subject buys
    rest = [s for s in slots if s not in buyers]
    if not buyers and len(rest) >= 2:
        # "X与Y签署协议": the chipmaker supplies, the cloud, lab or carmaker buys
        makers = [s for s in rest if s.mention.company.segment in _SUPPLIER_SEGMENTS]
        users = [s for s in rest if s.mention.company.segment in _BUYER_SEGMENTS]
        owners = [s for s in rest if _PRODUCT_AFTER.match(clause[s.end : s.end + 16])]
        if owners:
            buyers = [s for s in rest if s.key != owners[0].key][:1]
            rest = owners[:1]
        elif makers and users:
            buyers, rest = users[:1], makers[:1]
        else:
            # a cloud sells capacity to a lab or a carmaker
            ranked = sorted(
                rest, key=lambda s: -_SUPPLIER_RANK.get(s.mention.company.segment or "", 0)
            )
            if _SUPPLIER_RANK.get(ranked[0].mention.company.segment or "", 0) > _SUPPLIER_RANK.get(
                ranked[-1].mention.company.segment or "", 0
            ):
                buyers, rest = [ranked[-1]], [ranked[0]]
    supplier: CompanyMention | None = None
    if rest:
        supplier = rest[0].mention
        # X向Y下达订单 / X采购Y的TPU: the supplier follows the buyer
        if buyers and buyers[0].start < rest[0].start:
            supplier = rest[0].mention
    elif buyers and buyers[0].key in known_buyers:
        supplier = known_buyers[buyers[0].key]
    elif topic is not None and not any(b.key == topic.company.key for b in buyers):
        supplier = topic
    bkeys = {supplier.company.key} if supplier else set()
    return {"buyer": _dedupe(buyers, bkeys), "supplier": [supplier] if supplier else []}

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

from extractors.companies import ZH_PLACES
from extractors.gate import Leads
from extractors.text import ascii_lower, finditer_at
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
    r"|这家[^,，。;；]{1,12}?(?:公司|企业|厂商)"
    r"|\b(?:the|that|this) (?:\w+ )?round\b|本轮|该轮|此轮|其中",
    _I,
)


_PARTNER = re.compile(r"(?:与|和|同|跟|向|对|从|\bwith|\bfrom|\bby|\bto)\s*$", _I)


def is_partner(clause: str, mention: CompanyMention) -> bool:
    """``mention`` stands after 与/with/from/by in ``clause``: a counterparty, not the subject."""
    at = clause.find(mention.surface)
    return at >= 0 and bool(_PARTNER.search(clause[max(0, at - 6) : at]))


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
    r"(?:led by|co-led by|backed by|anchored by|from|participation (?:from|of|by)|including"
    r"|includ\w+|with|joined by|among them|由|获得?|股东包括|投资方包括|投资人包括|and by|and|接洽"
    r"|approached)\s*"
    r"(?:funds managed by |existing investors? |investors? )?$",
    _I,
)
INVESTOR_AFTER = re.compile(
    r"^[^.;。；]{0,40}?\b(?:co-led|led|took part|participated|joined|put money|invested"
    r"|(?:will|to|would) invest"
    r"|also taking part|among the (?:participants|investors)|is among the investors)\b"
    r"|^[^,，.;。；]{0,20}?(?:领投|跟投|参投|联合投资|共同投资|联合领投|投资|入局|出资|认购|参股的)",
    _I,
)
_INVEST_OBJECT = re.compile(
    r"(?:invest(?:ed|s|ing)?|injects?|injected|put|pour(?:s|ed|ing)?)\b(?:[^.;]|\.(?=\d)){0,60}?"
    r"\b(?:in|into)"
    r"\s*$"
    r"|(?:对|向)(?:其)?(?:全资|控股)?(?:子公司|孙公司|附属公司)?\s*$"
    r"|(?:认购|認購|增资入股|入股)\s*$|\bloan (?:agreement )?(?:with|to)\s*$",
    _I,
)
_ISSUED_TO = re.compile(r"(?<=向)[^,，。;；]+?(?:定向|非公开)?(?:发行|增发|配售)")
_SUBSCRIBED_TO = re.compile(r"(?:认购|認購|增资入股|入股)\s*$")


# "X's latest fundraising, led by Y": the round's owner raised it
_POSSESSIVE_ROUND = re.compile(
    r"^['’]s?\s+(?:[\w-]+\s+){0,3}?(?:fund-?raising|funding round|financing round|funding"
    r"|financing|round|series [a-h]\b|seed round)",
    _I,
)


def funding_roles(
    clause: str, slots: list[Slot], trig: Trigger, topic: CompanyMention | None
) -> Roles:
    investors: list[Slot] = []
    investee: Slot | None = None
    for s in slots:
        ctx_before = clause[max(0, s.start - 40) : s.start]
        if _ISSUED_TO.match(clause[max(0, s.start - 1) : s.end + 12], 1):
            investors.append(s)  # 拟向Al Noor定向发行股份: the new shares' buyer invests
            continue
        if _INVEST_OBJECT.search(ctx_before) or (
            investee is None and _POSSESSIVE_ROUND.match(clause[s.end : s.end + 50])
        ):
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
    if (
        investee is not None
        and not investors
        and _SUBSCRIBED_TO.search(clause[max(0, investee.start - 8) : investee.start])
    ):
        # "后者以自有资金3亿元认购瑞康达新增注册资本": the subscriber invests
        investors = [b for b in slots if b.end <= investee.start and b.key != investee.key][-1:]
    investors = _extend_lists(clause, slots, investors, investee)
    if investee is None:
        rest = [s for s in slots if s not in investors]
        before = _before(rest, trig.start)
        if before:
            investee = before[0] if len(before) <= 2 else before[-1]
        elif rest and re.search(
            r"(?:\b(?:in|into|for)|对|向|为|来自)\s*$", text_before(clause, rest[0]), _I
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
    r"^\s*(?:has |have |had )?(?:raised|raises|closed|closes|landed|lands|secured|secures"
    r"|banked|completed|announced|完成|获|宣布|就?拿下|斩获|拟?引入|拟?引进)",
    _I,
)


def _is_first_subject(s: Slot, slots: list[Slot], trig: Trigger) -> bool:
    return s is slots[0] and s.end <= trig.start


# --- acquisition -------------------------------------------------------------


_NOUN_OF = re.compile(r"\s+of\s+(?:the\s+)?", _I)
_BY_AFTER = re.compile(
    r"(?:,?\s+(?:Inc|Corp|Co|Ltd|LLC|plc|AG|NV|SA)\b\.?)?\s+by\s+(?:the\s+)?", _I
)


def _bought_by_subject(
    target: Slot, before: list[Slot], topic: CompanyMention | None
) -> Roles | None:
    """``target`` bought by the company named before it (or the topic), if there is one."""
    others = [s for s in before if s.end <= target.start and s.key != target.key]
    buyer = others[-1].mention if others else topic
    if buyer is None or buyer.company.key == target.key:
        return None
    return {"acquirer": [buyer], "target": [target.mention]}


_WITH_ZH = re.compile(r"(?:与|和|同)[^,，。;；与和同]{0,6}$")
_MERGES_WITH = re.compile(r"(?:进行)?(?:合并|吸收合并|重组)")
_FROM_ZH = re.compile(r"(?:向|从|自)\s*$")
_BOUGHT_FROM_ZH = re.compile(r"[^,，。;；]{0,12}$")
_TO_BUYER = re.compile(r"(?:\bto|给|予)\s*$", _I)
# "to German specialist Cheplapharm", "to private-equity firm KKR"
_TO_DESCRIBED_BUYER = re.compile(
    r"\bto (?:the )?(?:[\w.-]+ ){0,3}?(?:specialist|firm|group|fund|investor|company|maker"
    r"|rival|buyer|consortium|owner|operator|manager|lender|bank)\s+$",
    _I,
)


_OWN_SHARES_SOLD = re.compile(
    r"(?:持有|所持)的?(?:本|上市)?公司[^,，。;；]{0,30}?(?:股份|股权|股票)|控制权"
)


_ANNOUNCES = re.compile(r"\s*(?:发布|披露)?公告")


def sold_to(before: str) -> bool:
    """The text before a company ends in "to"/给/予: the company is a buyer."""
    return bool(_TO_BUYER.search(before))


_BY = re.compile(
    r"(?:\bby|被)\s*(?:rival |peer "
    r"|(?:[a-z][\w-]*\s+){0,2}(?:firm|group|fund|investor|giant|chipmaker)\s+)?$",
    _I,
)
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
        buyers = [s for s in after if _BY.search(clause[max(0, s.start - 40) : s.start])]
        if trig.word.startswith("被"):
            buyers = [s for s in slots if trig.start < s.start < trig.end]
        targets = before[-1:]
        if not buyers and topic is not None:
            buyers = [Slot(topic, -1, -1)]
        elif buyers and not targets and topic is not None and topic.company.key != buyers[0].key:
            targets = [Slot(topic, -1, -1)]  # "The former unit was snapped up by X": the topic
        return {"acquirer": _dedupe(buyers), "target": _dedupe(targets, {b.key for b in buyers})}
    if trig.kind == "sell":
        buyers = [
            s
            for s in after
            if _TO_BUYER.search(clause[max(0, s.start - 6) : s.start])
            or _TO_DESCRIBED_BUYER.search(clause[max(0, s.start - 50) : s.start])
        ]
        buyers += [  # 向中国平安转让公司5%股份
            s
            for s in before
            if re.search(r"向\s*$", clause[max(0, s.start - 2) : s.start])
            and re.match(r"^[^,，。;；]{0,6}$", clause[s.end : trig.start])
        ]
        if not buyers:
            # "X拟将旗下业务出售给私募基金", "agreed to sell its unit": the buyer unnamed
            seller = subject(clause, slots, trig, topic)
            if re.search(
                r"\b(?:ordered|forced|required|told|compelled) to $|被(?:要求|勒令|责令)$",
                clause[max(0, trig.start - 20) : trig.start],
                _I,
            ):
                return {}  # a divestment order: the regulator's act, no sale yet
            if seller is None or (
                not _SOLD_THING.search(clause[trig.end : trig.end + 40])
                and not (_SOLD_THING.search(clause[max(0, trig.start - 20) : trig.start]))
            ):
                return {}
            units = [s for s in after if s.key != seller.key][:1]
            return {"acquirer": [], "target": _dedupe([seller, *units])}
        seller = subject(clause, slots, trig, topic)
        if seller is not None and seller.key == buyers[0].key:
            seller = None
        units = [s for s in after if s.start < buyers[0].start]
        targets = ([seller] if seller else []) + units
        if not targets and _OWN_SHARES_SOLD.search(clause[max(0, trig.start - 60) : trig.start]):
            # X公告,控股股东将其持有的公司29.9%股份转让给Y: the announcing company itself
            own = [s for s in before if _ANNOUNCES.match(clause, s.end)]
            own += [Slot(topic, -1, -1)] if topic is not None else []
            targets = [s for s in own if s.key != buyers[0].key][:1]
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
    # "the $2.1 billion takeover of Lumicore by Marvell": the noun's "by" names the buyer
    if len(after) >= 2 and _NOUN_OF.match(clause, trig.end, after[0].start):
        by = _BY_AFTER.match(clause, after[0].end, after[1].start)
        if by is not None and after[1].key != after[0].key:
            return {"acquirer": [after[1].mention], "target": [after[0].mention]}
    # 声浪科技拟…与竞争对手听途文化合并: the other party is merged in; 矽品向群創光電購買其
    # 廠房: the seller is the target (FORMAT.md: an asset's parent)
    merged = next((s for s in before if _MERGES_WITH.match(clause, s.end, trig.end)), None)
    seller = next((s for s in before if _BOUGHT_FROM_ZH.match(clause, s.end, trig.start)), None)
    for party, cue, reach in ((merged, _WITH_ZH, 8), (seller, _FROM_ZH, 2)):
        if party is not None and cue.search(clause, max(0, party.start - reach), party.start):
            roles = _bought_by_subject(party, before, topic)
            if roles is not None:
                return roles
    if (
        before
        and not after
        and _OBJECT_OF.search(clause[max(0, before[-1].start - 2) : before[-1].start])
        and _OF_GAP.match(clause[before[-1].end : trig.start])
    ):
        # 公司已完成对科陆电子的收购: the object of 对 is bought by the subject
        tgt = before[-1]
        others = [s for s in before[:-1] if s.key != tgt.key]
        buyer = others[-1].mention if others else topic
        if buyer is not None and buyer.company.key != tgt.key:
            return {"acquirer": [buyer], "target": [tgt.mention]}
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
    if targets:
        # 收购华为持有的引望10%股权: the company whose stake the holder sells
        held = [
            s
            for s in after
            if s.start > targets[0].end and _HELD_BY.match(clause[targets[0].end : s.start])
        ]
        if held:
            targets = held[:1]
    acquirer = [doer.mention] if doer else []
    return {"acquirer": acquirer, "target": [targets[0].mention] if targets else []}


_SOLD_THING = re.compile(
    r"业务|资产|股权|股份|子公司|百货|门店|工厂|厂房|厂|产线|生产线|基地|\b(?:unit|business|division|stake|assets?|plant"
    r"|factory|operations?|subsidiary|arm|site|fab|facility|line)\b",
    _I,
)
_HELD_BY = re.compile(r"^\s*(?:持有|所持有?)的?\s*$")
_OBJECT_OF = re.compile(r"对\s*$")
_OF_GAP = re.compile(r"^\s*的?\s*(?:全部|部分)?(?:股权)?\s*$")


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
    prior = _before(slots, trig.start)
    before = [
        s
        for i, s in enumerate(prior)
        if not _PARTNER.search(clause[max(0, s.start - 6) : s.start])
        or (strict_topic and clause[max(0, s.start - 1) : s.start] == "对")  # 终止对X的审核
        or (  # A和B的上市审核: coordinated, not a counterparty (A与B签署)
            i > 0
            and re.match(r"^\s*(?:、|和|及|以及|,|and)\s*$", clause[prior[i - 1].end : s.start])
            and not re.search(r"签|协议|合作|\bwith\b", clause[s.end : trig.start])
        )
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
    r"|出售予|出售给|卖给|为"
    r"|\b(?:supply|supplies|supplied|supplying|provide|provides|provided|providing|deliver"
    r"|delivers|delivered|delivering|ship|ships|shipped|shipping|sell|sells|sold|selling)\b"
    r"(?:[^.;]|\.(?=\d)){0,60}?\bto)\s*(?:关系企业|客户)?\s*$",
    _I,
)
_BUYER_AFTER = re.compile(
    r"^\s*(?:[^,.;，。；]{0,20}?\b)?(?:has |had |have )?(?:placed|ordered|came back"
    r"|is in talks to spend|to spend|will spend"
    r"|spends?|expand(?:ed|s)? its use|would buy|agreed to buy|bought|向|采购|购买|租用|下单"
    r"|计划采购"
    # 收到X发出的中标通知书, 在X的…扩产项目招标中中标: who ran the tender buys
    r"|[^,，。;；]{0,14}?(?:发出|发来|下发|授予)的(?:中标|成交)通知书"
    r"|[^,，。;；]{0,30}?(?:招标|采购|採購)(?:采购|項目|项目)*中(?:中标|中標|胜出)"
    # 宁德时代承诺未来三年向公司采购…: the one who buys from the announcer
    r"|[^,，。;；]{0,12}?向(?:公司|本公司|该公司|其)[^,，。;；]{0,6}?(?:采购|购买|订购)"
    r"|拟斥资|斥资|正与|[^,，。;；]{0,12}[,，]?将获得|[^,，。;；]{0,8}扩大与"
    r"|(?:is|was|as) the (?:\w+ )?(?:customer|buyer)\b|(?:是|为)其(?:\w{0,4})?客户)",
    _I,
)


_DEAL_WITH = re.compile(r"\b(?:deal|agreement|contract|pact)s? with\s*$", _I)
_FOR_GOODS = re.compile(r"^(?:'s)?\s*(?:\w+\s+){0,1}for\b(?!\s+(?:it|its|their|the company)\b)", _I)


_PAIR_SIGN = re.compile(
    r"与[^,，。;；]{1,36}?(?:签订|签署|订立|签下|签约)[^,，。;；]{0,24}?(?:(?P<buy>采购|购买|租赁|承购)"
    r"|销售|供货|供应|代工|服务)[^,，。;；]{0,8}?(?:合同|协议|订单)"
)
# "…合同,约占公司2024年度营业收入的23.9%": a contract weighed against the announcer's
# revenue is a sale, whatever the contract is called
_REVENUE_SHARE = re.compile(r"占(?:公司)?[^,，。;；]{0,16}?(?:营业收入|营收|收入)")
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


# X向Y采购 / X将向其采购: the one after 向 supplies, the one before buys
_ZH_FROM = re.compile(r"向\s*(?:[^,，。;；向]{0,10}?)$")
_ZH_BUY_AFTER = re.compile(r"^[^,，。;；]{0,14}?(?:采购|订购|购买|购入|下单|下达|租用)")
_ZH_FROM_IT = re.compile(
    r"^[^,，。;；]{0,8}?向其[^,，。;；]{0,10}?(?:采购|订购|购买|购入|下单|下达|租用)"
)
# a descriptor naming a chip company: 芯片企业X, AI芯片公司X, "X, a maker of power chips"
_MAKER_BEFORE = re.compile(
    r"(?:芯片|半导体|晶圆|微电子)(?:设计)?(?:企业|公司|厂商|厂|商)\s*$"
    r"|\b(?:chipmaker|chip designer|chip startup|semiconductor (?:company|maker|firm))\s+$",
    _I,
)
_MAKER_AFTER = re.compile(
    r"^,\s+(?:an?|the) (?:[\w-]+ ){0,3}(?:chipmaker|maker of (?:[\w-]+ ){0,2}chips)", _I
)


# 接獲台積電設備訂單 / 取得X合約: the company whose order is won buys; 向X供应: X buys
_ZH_WON = re.compile(r"(?:接获|接獲|获得|獲得|取得|拿下|斩获|斬獲|赢得|贏得|收到|获|獲)了?\s*$")
_ZH_ORDER_NOUN = re.compile(r"^[^,，。;；]{0,16}?(?:订单|訂單|合约|合約|合同|大单|大單)")
_ZH_SUPPLY_TO = re.compile(r"^[^,，。;；]{0,20}?(?:供应|供應|供货|供貨|提供|销售|銷售|交付)")


_BOUGHT_FROM = re.compile(
    r"\b(?:buy|buys|bought|buying|purchas(?:e[sd]?|ing)|ordered|ordering|procur\w*|sourc(?:e[sd]|ing)"
    r"|leas(?:e[sd]|ing)|rent(?:s|ed|ing))\b"
    r"(?:[^.;]|\.(?=\d)){0,70}\bfrom\s+(?:the\s+)?$",
    _I,
)
_PROVIDE = re.compile(r"\b(?:provid|suppl|furnish|equip)\w*\s+$", _I)


def _zh_order_from(clause: str, s: Slot) -> bool:
    """``s`` is the buyer: the company whose order is won (接獲X訂單), whom the
    announcer supplies (向X供应), or who is provided with something."""
    before = clause[max(0, s.start - 12) : s.start]
    after = clause[s.end : s.end + 24]
    if _ZH_WON.search(before) and _ZH_ORDER_NOUN.match(after):
        return True
    return provided_with(clause, s) or (before.endswith("向") and bool(_ZH_SUPPLY_TO.match(after)))


def provided_with(clause: str, s: Slot) -> bool:
    """ "to provide OpenAI with access to …": ``s`` is provided, so it buys."""
    before = clause[max(0, s.start - 12) : s.start]
    return bool(_PROVIDE.search(before)) and clause[s.end : s.end + 6].lstrip().startswith("with ")


def _zh_from(clause: str, slots: list[Slot]) -> Roles | None:
    for i, s in enumerate(slots):
        if _ZH_FROM.search(clause[max(0, s.start - 12) : s.start]) and _ZH_BUY_AFTER.match(
            clause[s.end : s.end + 20]
        ):
            at = clause.rfind("向", 0, s.start)
            buyers = [b for b in slots[:i] if b.end <= at and b.key != s.key][-1:]
            return {"buyer": _dedupe(buyers), "supplier": [s.mention]}
        if _ZH_FROM_IT.match(clause[s.end : s.end + 30]):
            others = [o for o in slots if o.key != s.key]
            return {"buyer": [s.mention], "supplier": [others[0].mention] if others else []}
    return None


def _maker(clause: str, s: Slot) -> bool:
    seg = s.mention.company.segment
    if seg in _SUPPLIER_SEGMENTS:
        return True
    return seg is None and bool(
        _MAKER_BEFORE.search(clause[max(0, s.start - 12) : s.start])
        or _MAKER_AFTER.match(clause[s.end : s.end + 50])
    )


def _pair_sign(clause: str, rest: list[Slot], decisive: bool) -> tuple[Slot, Slot] | None:
    """(buyer, supplier) of "X与Y签订采购合同" (X buys) / "X与Y签订销售合同" (X supplies);
    with ``decisive`` only when the wording settles it (a sale word, or the contract
    weighed against the announcer's revenue)."""
    pair = _PAIR_SIGN.search(clause)
    if pair is None:
        return None
    # the full name and the 简称 of one party count once
    two = [s for i, s in enumerate(rest) if all(o.key != s.key for o in rest[:i])]
    if len(two) < 2 or two[0].end > pair.start() + 1 or two[1].start < pair.start():
        return None
    sale = not pair.group("buy") or bool(_REVENUE_SHARE.search(clause))
    if decisive and not sale:
        return None
    return (two[1], two[0]) if sale else (two[0], two[1])


def order_roles(
    clause: str,
    slots: list[Slot],
    trig: Trigger,
    topic: CompanyMention | None,
    known_buyers: dict[str, CompanyMention],
) -> Roles:
    if "向" in clause:
        found = _zh_from(clause, slots)
        if found is not None:
            if not found["supplier"] and topic is not None:
                found["supplier"] = [topic]
            return found
    for s in slots:
        if _BOUGHT_FROM.search(clause[max(0, s.start - 90) : s.start]):
            # "X agreed to buy $5.8 billion of GPUs from Dell": Dell supplies what X buys
            before = [b.mention for b in slots if b.end <= s.start and b.key != s.key][-1:]
            buyer = before or ([topic] if topic is not None and topic.company.key != s.key else [])
            return {"buyer": buyer, "supplier": [s.mention]}
    buyers: list[Slot] = []
    for i, s in enumerate(slots):
        # what the company does, read up to the next company ("X separately agreed to buy")
        until = slots[i + 1].start if i + 1 < len(slots) else len(clause)
        if (
            _BUYER_BEFORE.search(clause[max(0, s.start - 90) : s.start])
            or _BUYER_AFTER.search(clause[s.end : min(s.end + 40, until)])
            or _zh_order_from(clause, s)
        ):
            buyers.append(s)
    for s in slots:
        # "X signed a deal with Y for $300 million of chips": Y supplies what X buys
        if _DEAL_WITH.search(clause[max(0, s.start - 30) : s.start]) and _FOR_GOODS.match(
            clause[s.end : s.end + 40]
        ):
            buyers = [b for b in slots if b.end <= s.start and b.key != s.key][-1:]
            return {"buyer": _dedupe(buyers), "supplier": [s.mention]}
    provided = [s for s in buyers if provided_with(clause, s)]
    if provided:
        buyers = provided[:1]  # "provide OpenAI with access to Nvidia processors"
        # "after AWS signed a deal to provide OpenAI with …": the nearest name before provides
        providers = [s for s in slots if s.end <= buyers[0].start and s.key != buyers[0].key]
        if providers:
            return {"buyer": [buyers[0].mention], "supplier": [providers[-1].mention]}
    if len(buyers) >= 2 and len(buyers) == len(slots):
        buyers = buyers[:1]  # "X扩大与Y的合作,将获得…": the subject buys
    rest = [s for s in slots if s not in buyers]
    signed = _pair_sign(clause, rest, decisive=True) if not buyers else None
    if signed is not None:
        buyers, rest = [signed[0]], [signed[1]]
    if not buyers and len(rest) >= 2:
        # "X与Y签署协议": the chipmaker supplies, the cloud, lab or carmaker buys
        makers = [s for s in rest if _maker(clause, s)]
        users = [s for s in rest if s.mention.company.segment in _BUYER_SEGMENTS]
        owners = [s for s in rest if _PRODUCT_AFTER.match(clause[s.end : s.end + 16])]
        partners = [s for s in rest if _DEAL_WITH.search(clause[max(0, s.start - 30) : s.start])]
        if owners and partners and partners[0] not in owners:
            owners = partners[:1]  # "an agreement with Lambda … to deploy Nvidia GPUs": Lambda
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
    signed = _pair_sign(clause, rest, decisive=False) if not buyers else None
    if signed is not None:
        buyers, rest = [signed[0]], [signed[1]]
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
    pair = _PAIR_SIGN.search(clause) if len(slots) == 1 and topic is not None else None
    if pair is not None and topic is not None and topic.company.key != slots[0].key:
        # 公司与赣锋锂业签订采购框架协议: the announcer ("公司") buys; 销售合同: it sells
        if pair.group("buy"):
            buyers, supplier = [Slot(topic, -1, -1)], slots[0].mention
        else:
            buyers, supplier = [slots[0]], topic
    bkeys = {supplier.company.key} if supplier else set()
    return {"buyer": _dedupe(buyers, bkeys), "supplier": [supplier] if supplier else []}


# --- structural discovery ----------------------------------------------------
# Companies neither the registry nor ``companies.discover_companies`` knows, found
# from where they stand: the announcer of 公告 / 宣布, the subject of an English
# deal verb, the object of acquire / 收购 / 与…签订, a 证券简称. General financial
# news names mostly such companies.

_ZH_NAME = r"\*?(?:ST)?[A-Za-z0-9]*[\u4e00-\u9fffA-Za-z·&]{2,14}?"
_ZH_LEGAL_TAIL = r"(?:股份有限公司|有限责任公司|有限公司|集团股份|集团|公司)?"
_ZH_TIME = (
    r"(?:\s*\(\d{6}(?:\.[A-Za-z]{2})?\))?(?:今日|昨日|昨晚|今晚|近日|日前|晚间|早间|当日|当晚"
    r"|[昨今]\s*\(\d{1,2}\)\s*日|(?:今年|去年)?\d{1,2}月(?:初|中旬|下旬|底|份)?"
    r"|\d{1,2}月\d{1,2}日(?:晚间|晚|早间)?)?"
)
# The announcer: any verb at the start of a sentence or after a dateline (财联社12月3日电,
# 12月3日晚间,), only 公告 / 宣布 after a mid-sentence comma.
_ZH_OPENING = (
    r"(?:^|(?<=[.。;!?\n]))\s*(?:(?:其中|此外|另外|同时|同日|此前|随后|据悉|另据)\s*,?\s*)?"
    r"(?:[^,。;\n]{0,14}?(?:日电|讯|消息)\s*,?\s*"
    r"|(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:晚间|晚|早间|午间|上午|下午)?\s*,?\s*)?"
)
_ZH_ANNOUNCER = re.compile(
    rf"{_ZH_OPENING}(?:停牌[^,:。;的]{{0,8}}的)?(?P<name>{_ZH_NAME}{_ZH_LEGAL_TAIL}){_ZH_TIME}"
    r"(?=[发披公宣表透称拟计决正已在于将被开启完获与同和以向首递挂上登中签终因收并出转入增])"
    r"(?=(?:发布|披露|发)?公告|宣布|披露|表示|透露|称|拟|计划|决定|正式|已|在|于|将|被|开启|启动"
    r"|完成|获得|获(?!悉)|与|同|和|以|向|首次公开发行|递表|挂牌|上市|登陆|中标|签订|签署|终止|正|因"
    r"|收购|并购|出售|转让|入股|增持)"
    rf"|(?<=[,:])\s*(?:停牌[^,:。;的]{{0,8}}的)?(?P<mid>{_ZH_NAME}{_ZH_LEGAL_TAIL}){_ZH_TIME}(?=[发披公宣])"
    r"(?=(?:发布|披露|发)?公告|宣布)"
)
_ZH_COUNTERPARTY = re.compile(
    rf"(?:与|同|和|向|对)(?:竞争对手|对手|同行|控股股东|大股东)?(?P<name>{_ZH_NAME}{_ZH_LEGAL_TAIL})"
    r"(?=签订|签署|订立|达成|增资|转让|出售|提供|的收购|的增资|采购|订购|合并)"
    r"|(?:收购|受让|购买)[^,，。;；]{0,24}?的(?:开发商|研发商|母公司|运营商|制造商|生产商|所有者)"
    rf"(?P<maker>{_ZH_NAME}{_ZH_LEGAL_TAIL})(?=[,，。;；]|$)"
    rf"|(?:收购|受让|购买|出售给|转让给|战略投资)(?P<obj>{_ZH_NAME}{_ZH_LEGAL_TAIL})"
    r"(?=的|持有|所持|全部|部分|\d|股权|股份|全资|控股|控制权|,|。|$)"
    # 图像算法公司Lumora Vision被豪威集团收购: a Latin name, described, then 被 + buyer
    r"|(?:公司|企业|厂商|初创|开发商|制造商)"
    r"(?P<pas>[A-Z][A-Za-z0-9&.-]+(?: [A-Z][A-Za-z0-9&.-]+){0,3})"
    r"(?=被)"
)
# A Latin name in Chinese text right after a company word or a deal preposition
_ZH_LATIN_NAME = re.compile(
    r"(?<=[商司业厂廠团巨头初创与和向购])"
    r"(?P<name>(?=[A-Z][A-Za-z0-9&.-]*[a-z])[A-Z][A-Za-z0-9&.-]+(?: [A-Z][A-Za-z0-9&.-]+){0,3})"
    r"(?![ A-Za-z0-9&.-])"
)
_HAS_CAPITAL = re.compile(r"[A-Z]")
_ZH_SHORT_NAME = re.compile(
    r"[(]\s*(?:(?:证券|股票|公司)?简称|以下简称|以下称|下称)[:]?\s*[“\"]?(?P<name>[^()“”\",,。;]{2,10}?)[”\"]?\s*"
    r"(?:[,;]\s*(?:证券|股票)代码[:]?\s*\d{6})?\s*[)]"
    r"|(?:证券|股票)简称[:]\s*(?P<name2>[^()“”\",,。;\s]{2,10})"
)
_ZH_REJECT = re.compile(
    r"^(?:公司|本公司|该公司|上市公司|董事会|股东|控股股东|实际控制人|双方|各方|对方|交易对方|标的"
    r"|市场|行业|机构|投资者|监管|政府|有关|相关|其|该|本|此|今|昨|近|去年|今年|明年|目前|此前|随后"
    r"|同时|此外|另外|其中|据|记者|分析|业内|截至|由于|因为|如果|但|而|并|且|也|还|都|将|已|拟)"
    r"|拟|将|已|的|了|在|对|与|向|被|为|是|以|从|按|于|及|和|等|其|股份有限公司.|亿|万|元|%|年|月|日"
    r"|公告|宣布|表示|称$|资金|股票|股权|项目|合同|协议|业务|资产|事项|方式|价格|金额"
    r"|认为|显示|获悉|指出|介绍|根据|按照|通过|进行|实现|开展|推进|影响|消息|报道|数据|记者"
    r"|计划|目标|官员|总额|分批|筹措|销售|许可|纷纷|^一|主要|方面|情况|问题|今天|昨天|目前"
    r"|本月|上月|下月|月初|月底|年初|年底|年内|期间|新增|增发|发行"
    r"|^(?:这|那|多位|多家|一位|有(?:投资|业内|行业|分析|市场|媒体))|人士$|投资人$|分析师$"
    r"|^(?:补强|加强|增强|强化|提升|完善|拓展|巩固|布局)|生态$|能力$|实力$"
)
_EN_TOKEN = r"(?:[A-Z][A-Za-z0-9]*(?:[-.&'’][A-Za-z0-9]+)*|[a-z]{1,2}[A-Z][A-Za-z0-9]*)"
_EN_NAME = rf"{_EN_TOKEN}(?: (?:&|of|de) {_EN_TOKEN}| {_EN_TOKEN}){{0,4}}"
_EN_LEGAL_TAIL = r"(?:,? (?:Inc|Corp|Co|Ltd|LLC|plc|PLC|AG|SA|NV|SE)\b\.?)?"
# Descriptor nouns a name follows ("component maker Nordhavn Wind Systems has raised")
_EN_HEADS = (
    "maker", "startup", "start-up", "company", "firm", "giant", "designer", "developer",
    "supplier", "provider", "chipmaker", "carmaker", "automaker", "drugmaker", "biotech",
    "lender", "insurer", "retailer", "operator",
)  # fmt: skip
_EN_SUBJECT = re.compile(
    r"(?=[A-Z]|[a-z]{1,2}[A-Z])(?:^|(?<=[.;!?]\s)|(?<=\n)|(?<=\bthat )|(?<=\bShares of )"
    r"|(?<=^[A-Z]{3} - )|(?<=^[A-Z]{4} - )|(?<=^[A-Z]{5} - )|(?<=^[A-Z]{6} - )|(?<=^[A-Z]{7} - )"
    r"|(?<=^[A-Z]{8} - )|(?<=^[A-Z]{9} - )|(?<=\) - )|(?<=\) — )|(?<= -- )|(?<=-based )"
    r"|(?<=, and )|(?<='s )" + "".join(f"|(?<={head} )" for head in _EN_HEADS) + r")"
    rf"(?P<name>{_EN_NAME}){_EN_LEGAL_TAIL}"
    r"(?:'s? (?=(?:\$|US\$)?[\d.]+|proposed|planned|acquisition|purchase|takeover|shares|stock"
    r"|IPO|initial|listing|offering|debut|deal|bid|offer|unit|sale|merger)"
    r"| (?:(?:has|have|had|is|are|was|were|will|would|also|recently|has also|on \w+day"
    r"|last (?:year|month|week)|this (?:year|month|week)|earlier this (?:year|month)"
    r"|separately|previously|already) )*"
    r"(?=(?:agreed|announced|plans|planned|filed|files|priced|prices|raised|raises|raise"
    r"|raising|secured|secures|landed|lands|closed|completed|acquired|acquires|acquire|bought"
    r"|buys|buy|sold|sells|sell|snapped|took|takes|won|wins|inked|signed|signs|struck|called off"
    r"|made an? (?:\w+ )?(?:offer|bid)|broke ground|opened at|debuted|received|receives|receive"
    r"|got|obtained|invested|invests|invest|been|being|in talks|exploring|explores|considering"
    r"|weighing|nabbed|scooped|picked up|completes|debuts|seeks|sought|set to|spend|build"
    r"|building|spending|spent|investing|expanding"
    r"|supply|supplies|provide|provides|selected|chosen|tapped|picked|listed|went public"
    r"|soared|jumped|surged|rose|climbed|gained|slumped|tumbled|fell"
    r"|awarded|granted|fined|added|sued|hit with|go public|began trading|begins trading"
    r"|started trading|starts trading|withdrew|pulled|postponed|shelved|took in|hauled in"
    r"|said (?:on \w+ )?(?:that )?it)\b))"
)
# "Under a five-year contract, X will provide …": the subject after an opening phrase
_EN_OPENED = re.compile(
    r"(?:^|(?<=[.;!?]\s)|(?<=\n))(?:Under|As part of|Following|Through|Separately|Besides)\b"
    rf"[^.;]{{0,80}}?,\s+(?P<name>{_EN_NAME}){_EN_LEGAL_TAIL}"
    r" (?=(?:will|would|has|had|also|agreed|plans|is to|is set to|signed|won|secured)\b)"
)
_EN_OBJECT_VERBS = (
    "acquire|acquired|acquiring|acquires|buy|buys|bought|buying|purchase of|acquisition of"
    "|takeover of|stake in|merger with|merge with|snapped up|snap up|picked up|scooped up"
    "|offer for|bid for|deal for|investment in|invest in|invested in|by|to|from|with|into|for"
    "|led by|of|purchase|to buy|including|include|included|added|placed|removed|as well as"
    "|such as|named were"
)


_EN_OBJECT = re.compile(
    rf"\b(?:{_EN_OBJECT_VERBS})"
    r" (?:the )?(?:(?:[\w.-]+ ){0,3}?(?:firm|group|fund|investor|giant|rival|peer|chipmaker"
    r"|startup|start-up|maker|designer|developer|provider|biotech|drugmaker|specialist|lender"
    r"|bank|insurer|retailer|carmaker|automaker|operator|producer|manufacturer|supplier) )?"
    rf"(?P<name>{_EN_NAME}){_EN_LEGAL_TAIL}"
)
# Tried only where a verb and its space begin ("by ", "stake in "): ~25 offsets in an
# English article, where a scan tried every character.
_EN_OBJECT_LEADS = Leads(_EN_OBJECT)
_EN_OBJECT_NEEDS_DEAL = frozenset({"by", "to", "from", "with", "into", "for", "led by", "of"})
# "added X to the Entity List", "including X": names only beside a blacklist
_EN_OBJECT_NEEDS_LIST = frozenset(
    {
        "including",
        "include",
        "included",
        "added",
        "placed",
        "removed",
        "as well as",
        "such as",
        "named were",
    }
)
_EN_LIST_NEAR = re.compile(
    r"\b(?:entity list|unverified list|unreliable entity list|blacklist\w*|sanction\w*)\b", _I
)
# "A, B and C": the names coordinated with a name found by its position
_EN_MORE = re.compile(rf"^(?:,? and |, | & )(?P<name>{_EN_NAME}){_EN_LEGAL_TAIL}")
# "A and B called off their merger": a pair of subjects
_EN_PAIR = re.compile(
    rf"(?:^|(?<=[.;!?]\s)|(?<=\n))(?P<name>{_EN_NAME}){_EN_LEGAL_TAIL} and "
    rf"(?P<name2>{_EN_NAME}){_EN_LEGAL_TAIL} (?:(?:have|had|are|were|will|would|also|jointly) )*"
    r"(?:agreed|announced|called off|terminated|signed|completed|plan|said|struck|inked"
    r"|scrapped|abandoned|ended|merged|to merge|set up|formed)\b"
)
_ZH_LIST_LEAD = re.compile(r"(?:其中|包括|以及|分别为|分别是|同意|及|和|与|对|向|其)")
# A full Chinese legal name (…股份有限公司, …有限公司) is a company wherever it stands.
_ZH_LEGAL_TAIL_RX = re.compile(r"(?:股份)?有限(?:责任)?公司")


def _zh_legal_names(norm: str) -> list[tuple[int, int]]:
    """Spans of the Han run (2-16 characters) before each 有限公司 tail, tail included."""
    out = []
    for m in _ZH_LEGAL_TAIL_RX.finditer(norm):
        s = m.start()
        while s > 0 and m.start() - s < 16 and "\u4e00" <= norm[s - 1] <= "\u9fff":
            s -= 1
        if m.start() - s >= 2:
            out.append((s, m.end()))
    return out


_EN_DEAL_NEAR = re.compile(
    r"\b(?:acquir\w*|bought|buy\w*|sold|sell\w*|contract|order|deal|agreement|pact|led|supply"
    r"|supplier|offer|bid|merger|takeover|stake|invest\w*|backed|funding|round|awarded|tapped"
    r"|purchase\w*|fined|sued|probe|investigation|snapped|scooped|rais(?:ed|es|ing)|secured"
    r"|notes|loans?|debt|facility|financing|grants?)\b",
    _I,
)
# tried where its words begin: its (?i) scan of the 80 characters before an object
# was ~10 µs, four times an English article
_EN_DEAL_NEAR_LEADS = Leads(_EN_DEAL_NEAR)
_EN_REJECT = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "after",
        "before",
        "while",
        "under",
        "as",
        "last",
        "earlier",
        "also",
        "then",
        "since",
        "when",
        "if",
        "some",
        "many",
        "most",
        "other",
        "such",
        "all",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "we",
        "they",
        "he",
        "she",
        "it",
        "i",
        "you",
        "shares",
        "analysts",
        "investors",
        "officials",
        "both",
        "meanwhile",
        "however",
        "and",
        "but",
        "according",
        "separately",
        "still",
        "now",
        "today",
        "yesterday",
        "china",
        "chinese",
        "u.s",
        "us",
        "usa",
        "america",
        "american",
        "united",
        "states",
        "japan",
        "japanese",
        "korea",
        "korean",
        "south",
        "north",
        "taiwan",
        "europe",
        "european",
        "germany",
        "german",
        "britain",
        "british",
        "uk",
        "france",
        "india",
        "singapore",
        "beijing",
        "shanghai",
        "shenzhen",
        "hong",
        "kong",
        "washington",
        "new",
        "york",
        "wall",
        "street",
        "asia",
        "saudi",
        "arabia",
        "canada",
        "mexico",
        "israel",
        "netherlands",
        "ceo",
        "cfo",
        "cto",
        "ai",
        "ipo",
        "series",
        "round",
        "chips",
        "act",
        "science",
        "commerce",
        "department",
        "ministry",
        "government",
        "administration",
        "congress",
        "senate",
        "parliament",
        "court",
        "white",
        "house",
        "nasdaq",
        "nyse",
        "reuters",
        "bloomberg",
        "cnbc",
        "company",
        "group",
        "fund",
        "startup",
        "inc",
        "corp",
        "co",
        "ltd",
        "plc",
        "llc",
        "ag",
        "sa",
        "mr",
        "ms",
        "dr",
        "president",
        "chairman",
        "officer",
        "chief",
        "executive",
        "nasdaq-listed",
        "entity",
        "list",
        "federal",
        "reserve",
        "treasury",
        "sec",
        "ftc",
        "doj",
        "eu",
        "texas",
        "california",
        "arizona",
        "ohio",
        "indiana",
        "london",
        "tokyo",
        "taiwanese",
        "japanese",
        "korean",
        "dutch",
        "german",
        "french",
        "british",
        "indian",
        "european",
        "american",
        "canadian",
        "israeli",
        "russian",
        "saudi",
        "emirati",
        "australian",
        "swiss",
        "italian",
        "spanish",
        "vietnamese",
        "malaysian",
        "grants",
        "production",
        "revenue",
        "sales",
        "demand",
        "prices",
        "profit",
        "earnings",
        "funding",
        "shareholders",
        "investors",
        "customers",
        "regulators",
        "lawmakers",
        "officials",
        "executives",
        "analysts",
        "both",
        "each",
        "neither",
        "either",
    ]
)
_EN_OFFICIAL = re.compile(
    r"\b(?:Department|Ministry|Government|Administration|Congress|Senate|Parliament|Court|"
    r"Commission|University|Act|Exchange|Bureau|Agency|Authority|Council|Office)\b"
)


_ZH_LEGAL_END = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团股份|集团|公司)$")
_PLACES = frozenset(ZH_PLACES) | frozenset(
    [
        "美国",
        "中国",
        "日本",
        "韩国",
        "德国",
        "英国",
        "法国",
        "欧盟",
        "印度",
        "台湾",
        "香港",
        "澳门",
        "新加坡",
        "荷兰",
        "俄罗斯",
        "加拿大",
        "澳大利亚",
        "美方",
        "中方",
    ]
)


# The basic CJK block only (``text.HAN`` also takes extension A and compatibility forms).
_BASIC_HAN = re.compile("[\u4e00-\u9fff]")
_LATIN_CORE = re.compile(r"[A-Z][A-Za-z0-9&.-]{1,15}")


def _zh_ok(name: str) -> bool:
    core = _ZH_LEGAL_END.sub("", name)
    if core in _PLACES or core.rstrip("省市国州") in _PLACES:
        return False
    if len(core) < 2 or (len(_BASIC_HAN.findall(core)) < 2 and not _LATIN_CORE.fullmatch(core)):
        return False
    return not _ZH_REJECT.search(core)


# The titles _EN_TITLE_END opens with, in its order.
_TITLES = (
    "officer", "executive", "ceo", "cfo", "cto", "founder", "president", "chairman", "chairwoman",
    "analyst", "minister", "secretary", "spokesperson", "spokesman", "spokeswoman", "director",
    "head", "partner", "senator", "governor", "mr.", "ms.", "dr.",
)  # fmt: skip
_EN_TITLE_END = re.compile(
    rf"(?:{'|'.join(map(re.escape, _TITLES))})\s+(?:[A-Z][a-z]+ ){{0,2}}$",
    _I,
)


# Any of _TITLES, in the lower-cased text, and the length of the longest.
_TITLE_ANY = re.compile("|".join(map(re.escape, _TITLES)))
_TITLE_SPAN = max(map(len, _TITLES))


def _is_person(norm: str, low: str, words: list[str]) -> bool:
    """A word of the name follows a person's title somewhere ("chief executive Hock Tan").

    ``low`` is ``ascii_lower(norm)``: an occurrence with no title starting in the 50
    characters before it cannot match, and most have none (one search of the window in
    ``low`` rules it out before ``_EN_TITLE_END``'s (?i) one).
    """
    for w in words:
        at = norm.find(w)
        while at >= 0:
            title = _TITLE_ANY.search(low, max(0, at - 50), at - 1 + _TITLE_SPAN)
            if (
                title is not None
                and title.start() < at
                and _EN_TITLE_END.search(norm, max(0, at - 50), at)
            ):
                return True
            at = norm.find(w, at + len(w))
    return False


def _en_ok(name: str, norm: str, low: str) -> bool:
    words = name.replace("&", " ").split()
    if not words or all(w.lower().strip(".") in _EN_REJECT for w in words):
        return False
    if words[0].lower() in _EN_REJECT or _EN_OFFICIAL.search(name):
        return False
    if name.isupper() and len(name) < 3:
        return False
    if _PLURAL_ACRONYM.match(name):
        return False  # "GPUs", "ASICs": products, not a company
    return len(words) > 2 or not _is_person(norm, low, words)


_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,6}s\Z")


_PLACE_OF = re.compile(
    r"\b(?:city|province|state|town|county|municipality|government|prefecture) of (?:the )?$", _I
)
_OF_ENDS = ("of ", "of the ")  # how a text _PLACE_OF matches ends (its letters have no odd case)


# Where the patterns can match. Each is tried only at these offsets (``finditer_at``),
# not at every character: most of their cost was failing at offsets like these.
_ZH_STOP = re.compile(r"[.。;!?\n]")
# the first characters of the words a _ZH_COUNTERPARTY match opens with
_ZH_COUNTERPARTY_LEAD = re.compile("[与同和向对收受购出转战公企厂初开制]")
_EN_STOP = re.compile(r"[.;!?\n]\s?")
_EN_TICKER_LEAD = re.compile(r"[A-Z]{3,9} - ")
_EN_OPENERS = ("Under", "As part of", "Following", "Through", "Separately", "Besides")


def _found_at(norm: str, word: str) -> list[int]:
    """The offset of each occurrence of ``word``."""
    out = []
    at = norm.find(word)
    while at >= 0:
        out.append(at)
        at = norm.find(word, at + 1)
    return out


def _zh_announcer_starts(norm: str) -> list[int]:
    """The start, after a stop, and after the last comma or colon before each 公告 or 宣布
    (a match after a comma runs to one with no comma between)."""
    starts = [0, *(m.end() for m in _ZH_STOP.finditer(norm))]
    for at in _found_at(norm, "公告") + _found_at(norm, "宣布"):
        comma = max(norm.rfind(",", 0, at), norm.rfind(":", 0, at))
        if comma >= 0:
            starts.append(comma + 1)
    return sorted(starts)


# How a dateline ends ("(Reuters) - ", "TOKYO -- "): the matches of r"\) [-—] | -- ".
_EN_DESCRIBED_NAME = re.compile(
    r"\b[A-Z][a-z]+'s (?=[A-Z])|\b(?:" + "|".join(_EN_HEADS) + r") (?=[A-Z])"
)
_EN_DATELINE_ENDS = (") - ", ") — ", " -- ")


def _dateline_ends(norm: str) -> list[int]:
    """Where each of the leftmost non-overlapping ``_EN_DATELINE_ENDS`` ends, as ``finditer``
    finds them: found with ``str.find``, since a pattern opening with a space is tried at
    every space."""
    hits = sorted(at for end in _EN_DATELINE_ENDS for at in _found_at(norm, end))
    out: list[int] = []
    for at in hits:  # all four characters long, no two starting at one offset
        if not out or at >= out[-1]:
            out.append(at + 4)
    return out


def _en_sentence_starts(norm: str) -> list[int]:
    """Where _EN_SUBJECT, _EN_OPENED and _EN_PAIR may begin: the start, after a stop and a
    space or a line break (a second space opens no name), after "that " or "Shares of ",
    after a ticker lead ("NVDA - "), a dateline ("MILAN, Feb 24 (Reuters) - ", "TOKYO -- ")
    a place ("Seattle-based X") or ", and" ("…, and Rain AI pulled in $25 million")."""
    starts = [0, *(m.end() for m in _EN_STOP.finditer(norm))]
    starts += _dateline_ends(norm)
    starts += [at + 7 for at in _found_at(norm, "-based ")]  # "Seattle-based X began …"
    starts += [at + 6 for at in _found_at(norm, ", and ")]  # "…, and Rain AI pulled in …"
    # "Israel's Hailo raised", "component maker Nordhavn Wind Systems has raised"
    starts += [m.end() for m in _EN_DESCRIBED_NAME.finditer(norm)]
    starts += [at + 5 for at in _found_at(norm, "that ")]
    starts += [at + 10 for at in _found_at(norm, "Shares of ")]
    lead = _EN_TICKER_LEAD.match(norm)
    if lead:
        starts.append(lead.end())
    return sorted(starts)


def structural_names(norm: str, lang: str) -> list[tuple[int, int, int | None]]:
    """(start, end, alias_of_start) spans of company names found by their position."""
    out: list[tuple[int, int, int | None]] = []
    if lang == "zh":
        counterparty_at = [m.start() for m in _ZH_COUNTERPARTY_LEAD.finditer(norm)]
        for matches in (
            finditer_at(_ZH_ANNOUNCER, norm, _zh_announcer_starts(norm)),
            finditer_at(_ZH_COUNTERPARTY, norm, counterparty_at),
        ):
            for m in matches:
                s, e = m.span(m.lastgroup or "name")
                if m.lastgroup == "pas" or _zh_ok(norm[s:e]):
                    out.append((s, e, None))
        for s, e in _zh_legal_names(norm) if "有限" in norm else ():
            lead = _ZH_LIST_LEAD.match(norm, s, e)
            if lead:
                s = lead.end()
            if _zh_ok(norm[s:e]):
                out.append((s, e, None))
        for m in _ZH_LATIN_NAME.finditer(norm) if _HAS_CAPITAL.search(norm) else ():
            out.append((*m.span("name"), None))  # 锂矿商Pilbara Minerals, 与Nexora签署
        for m in _ZH_SHORT_NAME.finditer(norm) if "称" in norm else ():
            g = "name" if m.group("name") else "name2"
            s, e = m.span(g)
            out.append((s, e, m.start()))
        return out
    starts = _en_sentence_starts(norm)
    low = ascii_lower(norm)
    for m in finditer_at(_EN_SUBJECT, norm, starts):
        s, e = m.span("name")
        if norm.startswith("Shares of ", s):
            s += len("Shares of ")  # "Shares of X soared": X
        if _en_ok(norm[s:e], norm, low):
            out.append((s, e, None))
    for m in finditer_at(_EN_OPENED, norm, starts) if any(w in norm for w in _EN_OPENERS) else ():
        s, e = m.span("name")
        if _en_ok(norm[s:e], norm, low):
            out.append((s, e, None))
    for m in finditer_at(_EN_PAIR, norm, starts):
        s, e = m.span("name")
        if _en_ok(norm[s:e], norm, low) and _en_ok(m.group("name2"), norm, low):
            out.append((s, e, None))
            out.append((*m.span("name2"), None))
    for m in _EN_OBJECT_LEADS.finditer(norm, low):
        at = m.start("name")
        if norm[max(0, at - 7) : at].lower().endswith(_OF_ENDS) and _PLACE_OF.search(
            norm, max(0, m.start() - 16), at
        ):
            continue  # "with the city of Hefei": a government, not a company
        verb = m.group(0)[: m.start("name") - m.start()].strip().lower()
        verb = verb.removesuffix(" the").strip()
        near = max(0, m.start() - 80)
        if verb in _EN_OBJECT_NEEDS_DEAL and not _EN_DEAL_NEAR_LEADS.search(
            norm[near : m.start()], low[near : m.start()]
        ):
            continue
        if verb in _EN_OBJECT_NEEDS_LIST and not _EN_LIST_NEAR.search(
            norm, max(0, m.start() - 120), m.end() + 120
        ):
            continue
        s, e = m.span("name")
        listed = verb in _EN_OBJECT_NEEDS_LIST and _placed_name(norm[s:e])
        # listed: "including Beijing Corelink Microelectronics"
        if listed or _en_ok(norm[s:e], norm, low):
            out.append((s, e, None))
            out.extend(_en_more(norm, e, low))
    return out


def _placed_name(name: str) -> bool:
    """A name opening with its city or country ("Beijing Corelink Microelectronics")."""
    words = name.split()
    return (
        len(words) >= 2
        and words[0].lower() in _EN_REJECT
        and not any(w.lower() in _EN_REJECT for w in words[1:])
        and not _EN_OFFICIAL.search(name)
    )


def _en_more(norm: str, end: int, low: str) -> list[tuple[int, int, int | None]]:
    """The names coordinated after an object ("including A, B and C")."""
    out: list[tuple[int, int, int | None]] = []
    while len(out) < 8:
        m = _EN_MORE.match(norm[end : end + 120])
        if not m or not (_en_ok(m.group("name"), norm, low) or _placed_name(m.group("name"))):
            break
        out.append((end + m.start("name"), end + m.end("name"), None))
        end += m.end()
    return out

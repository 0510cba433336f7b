"""Who plays which role in a clause's event, read from the clause's structure.

Positions are clause-relative. A clause's companies come as ``Slot``s (a
mention and where it sits); the subject of a trigger is the company nearest
before it, the object the first one after it, with the usual exceptions:
passives (Y was acquired by X, Y被X收购), sales (X sold Y to Z), investor
lists (led by A with participation from B; A领投、B跟投), buyers of orders
(an order from X, the customer was X, X向Y下达订单). Where the clause names
no subject ("it", "the company", 公司), the article's current topic stands in.

Sections: funding, acquisition, listing / investment, order. Finding the
companies themselves by their position is ``structural_names``' job.
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
# 后者认购瑞康达新增注册资本: the company subscribed to is the investee
_SUBSCRIBED = r"(?:认购|認購|增资入股|入股)\s*$"
_INVEST_OBJECT = re.compile(
    r"(?:invest(?:ed|s|ing)?|injects?|injected|put|pour(?:s|ed|ing)?)\b(?:[^.;]|\.(?=\d)){0,60}?"
    r"\b(?:in|into)"
    r"\s*$"
    r"|(?:对|向)(?:其)?(?:全资|控股)?(?:子公司|孙公司|附属公司)?\s*$"
    rf"|{_SUBSCRIBED}|\bloan (?:agreement )?(?:with|to)\s*$",
    _I,
)
_ISSUED_TO = re.compile(r"(?<=向)[^,，。;；]+?(?:定向|非公开)?(?:发行|增发|配售)")
_SUBSCRIBED_TO = re.compile(_SUBSCRIBED)


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

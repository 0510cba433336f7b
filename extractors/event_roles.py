"""Who is who in a clause's deal: the companies per role, and the amount per deal.

``segments`` cuts a clause reporting several amounts into one (text, roles, amount) per
deal; ``_roles`` picks the parties from the clause's structure (``roles``) after dropping
underwriters and advisers (``without_underwriters``), sources ("according to …"),
descriptors ("chip startup Rivos") and companies only compared, and reads "it", "the
startup" (``note_startups``) and 公司 as the company the article is about.
"""

from __future__ import annotations

import re

from extractors import details_money as dm
from extractors import roles as rl
from extractors.clause_cues import ROUND_REF, STARTUP_AFTER, STARTUP_BEFORE, STARTUP_REF
from extractors.clauses import Clause, Doc, State
from extractors.event_build import UPSIDE, proceeds_context
from extractors.gate import Leads
from extractors.text import ascii_lower
from extractors.triggers import INV, LST, ORD, A, F, R, Trigger, find_triggers
from extractors.types import PRINCIPAL_ROLE, CompanyMention, EventType, Money

_I = re.IGNORECASE


_TRANSACTION_REF = re.compile(
    r"\bthe (?:transaction|deal|merger|acquisition|combination)\b|该交易|此项交易|本次交易|该收购",
    _I,
)
_DESCRIPTOR = re.compile(
    r"^\W*(?:[^,]{0,30},\s*)?the (?:[\w-]+ ){1,4}(?:group|manufacturer|maker|company|firm|chipmaker"
    r"|designer|startup|giant|supplier|operator|developer|foundry)\b",
    _I,
)


def note_startups(clause: Clause, state: State) -> None:
    """Remember the last company the text describes as a startup."""
    if not clause.slots:
        return
    after, before = clause.may(STARTUP_AFTER), clause.may(STARTUP_BEFORE)
    for s in clause.slots:
        if (after and STARTUP_AFTER.match(clause.text[s.end : s.end + 60])) or (
            before and STARTUP_BEFORE.search(clause.text[max(0, s.start - 12) : s.start])
        ):
            state.startup = s.mention


def _roles(
    etype: EventType, clause: Clause, text: str, slots: list[rl.Slot], trig: Trigger, state: State
) -> dict[str, list[CompanyMention]]:
    topic = state.topic
    if state.announcer is not None and _BARE_COMPANY.search(text, 0, trig.start):
        topic = state.announcer  # 公司还与赣锋锂业签订…: the announcing company
    speaker = next(
        (s for s in slots if s.end <= trig.start and _SAID_IT.match(text, s.end, trig.start)), None
    )
    if speaker is not None:
        topic = speaker.mention  # "GSK said it had agreed to sell …": "it" is GSK
    if etype is not LST:
        slots = without_underwriters(text, slots)  # banks and advisers are no party
    # "according to PitchBook", 据彭博社报道: a source, no party
    slots = [s for s in slots if not _SOURCE_BEFORE.search(text, max(0, s.start - 24), s.start)]
    # "RISC-V chip startup Rivos": a name that only describes the next one is no party
    slots = [
        s
        for i, s in enumerate(slots)
        if i + 1 == len(slots) or not _DESCRIBES_NEXT.fullmatch(text, s.end, slots[i + 1].start)
    ]
    ref = (
        STARTUP_REF.search(text[: trig.start])
        if state.startup is not None and clause.may(STARTUP_REF)
        else None
    )
    if ref and not [s for s in slots if s.end <= ref.start()]:
        topic = state.startup
    if (
        state.recent is not None
        and _DESCRIPTOR.match(text)
        and not [s for s in slots if s.end <= trig.start]
    ):
        topic = state.recent  # "The San Jose-based contract manufacturer has lined up …"
    if etype is F:
        if clause.may(ROUND_REF) and ROUND_REF.search(text[: trig.end + 20]):
            last = next((e for e in reversed(state.events) if e.type is F and e.principal()), None)
            if last is not None:
                topic = last.principal()[0]  # "That September round": the last round's company
        return rl.funding_roles(text, slots, trig, topic)
    if etype is A:
        if (
            trig.kind == "sell"
            and state.last_target is not None
            and re.match(r"^\W*(?:并|又|另|and\b|also\b)", text, _I)
        ):
            # "…出售给A, 并将另一座厂房出售给B": the same seller
            roles = rl.acquisition_roles(text, slots, trig, topic, state.last_target)
            if roles.get("acquirer") and not roles.get("target"):
                roles["target"] = [state.last_target]
            return roles
        return rl.acquisition_roles(text, slots, trig, topic, state.last_target)
    which = next((s for s in slots if _WHICH_GAP.fullmatch(text, s.end, trig.start)), None)
    if which is not None and etype in (LST, INV):
        # "AI chipmaker Cerebras Systems, which filed for a Nasdaq listing": its own subject
        return {PRINCIPAL_ROLE[etype]: [which.mention]}
    if etype is LST:
        issuers = without_underwriters(text, slots)
        if len(issuers) < len(slots):
            banks = {s.key for s in slots} - {s.key for s in issuers}
            if topic is not None and topic.company.key in banks:
                # the sentence opened with a bank: the offering is the last issuer's
                last = next((e for e in reversed(state.events) if e.type is LST), None)
                topic = last.principal()[0] if last and last.principal() else None
            slots = issuers
        return {"issuer": rl.single_role(text, slots, trig, topic, strict_topic=True)}
    if etype is INV:
        return {"investor": rl.single_role(text, slots, trig, topic)}
    if etype is ORD:
        return rl.order_roles(text, slots, trig, topic, state.buyers)
    # "one of the larger subsidies outside of Rapidus": a company compared, not affected
    affected = [s.mention for s in slots if not _COMPARED.search(text, 0, s.start)]
    if not affected and trig.kind == "approve" and _TRANSACTION_REF.search(text):
        for ev in reversed(state.events):
            if ev.type is A:
                affected = ev.companies.get("target", []) + ev.companies.get("acquirer", [])
                break
    if not affected and trig.kind == "lift":
        # "Washington withdrew that requirement": whom the lifted rule had named
        for ev in reversed(state.events):
            if ev.type is R and ev.details.get("action") in ("restrict", "ban"):
                affected = list(ev.companies.get("affected", []))
                break
    return {"affected": unique(affected)}


_BARE_COMPANY = re.compile(r"(?:^|[,，])\s*(?:公司|本公司)(?![股债])")
_SAID_IT = re.compile(
    r"\s+(?:\w+\s+){0,3}?(?:said|says|announced|confirmed)\s+(?:on \w+\s+)?(?:that\s+)?"
    r"(?:it|they)\b",
    _I,
)
_SOURCE_BEFORE = re.compile(
    r"\b(?:according to|citing|reported by|data (?:from|compiled by)|cited by)\s+(?:data from\s+)?$"
    r"|(?:^|[,，。;；])\s*据$",
    _I,
)
_WHICH_GAP = re.compile(r",\s+which\s+(?:\w+\s+){0,3}", _I)
_DESCRIBES_NEXT = re.compile(
    r"\s+(?:(?!(?:and|or|with|to|from|by|of|for|in)\b)[\w-]+\s+){0,3}"
    r"(?:startup|start-up|maker|chipmaker|designer|developer|provider|firm|company|supplier)\s+",
    _I,
)
_COMPARED = re.compile(
    r"\b(?:outside(?: of)?|other than|except(?: for)?|apart from|aside from|besides|excluding"
    r"|unlike|compared with|compared to)\s+(?:the\s+)?$",
    _I,
)
_UNDERWRITER = re.compile(
    r"\b(?:(?:joint |lead |sole |global |book-running )*(?:underwriters?|bookrunners?"
    r"|book-runners?|lead managers?|global coordinators?|placement agents?"
    r"|(?:financial|legal) advis[eo]rs?|legal counsel)"
    r"|(?:led|leading|lead|managed|managing|ran|running|underwrote|arranged) (?:the|its|their)"
    r" (?:\w+ )?(?:offering|ipo|listing|deal|share sale|float))\b"
    r"|保荐机构|保荐人|主承销商|承销商|联席保荐|账簿管理人|整体协调人|(?:独立)?财务顾问|法律顾问"
    r"|审计机构|律师事务所|会计师事务所",
    _I,
)
_UNDERWRITER_LEADS = Leads(_UNDERWRITER)
# a list separator, with names the registry missed in between ("Citigroup, Barclays and BofA")
_BANK_LIST_GAP = re.compile(
    r"^(?:,?\s*(?:Inc|Corp|Co|Ltd|LLC|plc|PLC)\b\.?)?"
    r"\s*(?:,|、|和|及|与|&|and)\s*(?:(?:[A-Z][\w.&'-]*\s*)+(?:,|and|, and|&)\s*)*$"
)


def without_underwriters(text: str, slots: list[rl.Slot]) -> list[rl.Slot]:
    """The banks that run an offering ("Morgan Stanley and Goldman Sachs led the offering",
    中信证券担任保荐机构) are no issuers: the list of names right before or after the cue."""
    banks: set[int] = set()
    for cue in _UNDERWRITER_LEADS.finditer(text, ascii_lower(text)):
        before = [i for i, s in enumerate(slots) if s.end <= cue.start()]
        if before:
            i = before[-1]
            gap = text[slots[i].end : cue.start()]
            if len(gap) <= 50 and not re.search(r"[,，.;。；]|'s\b", gap):
                banks.add(i)
                while i > 0 and _BANK_LIST_GAP.match(text[slots[i - 1].end : slots[i].start]):
                    i -= 1
                    banks.add(i)
        after = [i for i, s in enumerate(slots) if s.start >= cue.end()]
        if after:
            i = after[0]
            gap = text[cue.end() : slots[i].start]
            if re.fullmatch(r"\s*(?:were|was|are|is|include[sd]?|为|是|:|：)?\s*", gap):
                banks.add(i)
                while i + 1 < len(slots) and _BANK_LIST_GAP.match(
                    text[slots[i].end : slots[i + 1].start]
                ):
                    i += 1
                    banks.add(i)
    return [s for i, s in enumerate(slots) if i not in banks]


def unique(ms: list[CompanyMention]) -> list[CompanyMention]:
    seen: set[str] = set()
    out: list[CompanyMention] = []
    for m in ms:
        if m.company.key not in seen:
            seen.add(m.company.key)
            out.append(m)
    return out


def segments(doc: Doc, clause: Clause, etype: EventType, trig: Trigger, state: State):
    """(text, roles, amount) per deal the clause reports: usually one; a clause
    listing several amounts each with its own party or round gives several."""
    deal_roles = ("deal", "cumulative") if etype in (F, ORD) else ("deal",)
    deals = [(m, r) for m, r in clause.amounts if r in deal_roles]
    # "$17.4 billion …, which could rise to $19.4 billion": the option, not a second deal
    deals = [
        (m, r)
        for i, (m, r) in enumerate(deals)
        if not (i and UPSIDE.search(clause.text, max(deals[i - 1][0].end, m.start - 40), m.start))
    ]
    whole = _roles(etype, clause, clause.text, clause.slots, trig, state)
    if len(deals) >= 2 and etype in (F, R, ORD):
        cuts = [_np_start(clause.text, m.start) for m, _ in deals]
        cuts[0] = 0
        bounds = [*cuts[1:], len(clause.text)]
        segs = []
        for (m, _), a, b in zip(deals, cuts, bounds, strict=True):
            seg = clause.text[a:b]
            own = [s for s in clause.slots if a <= s.start < b]
            seg_trigs = [t for t in find_triggers(seg, doc.lang) if t.type is etype]
            if (
                a > 0
                and not (own and etype is R)
                and not (seg_trigs and etype is F)
                and etype is not ORD
            ):
                continue
            if a > 0 and etype is ORD and not seg_trigs:
                continue
            local = Trigger(
                trig.type, trig.kind, max(0, trig.start - a), max(0, trig.end - a), trig.word
            )
            shifted = [rl.Slot(s.mention, s.start - a, s.end - a) for s in own]
            roles = _roles(etype, clause, seg, shifted, local, state) if own else {}
            merged = {k: (roles.get(k) or v) for k, v in whole.items()}
            if etype is F and a > 0:
                merged["investors"] = roles.get("investors", [])
            segs.append((seg, merged, m))
        if len(segs) >= 2:
            return segs
    if etype is A and trig.kind == "sell" and len(deals) >= 2:
        # "sold its Ohio plant to A for $X and its Arizona site to B for $Y": one deal per buyer
        buyers = [
            s
            for s in clause.slots
            if s.start >= trig.end and rl.sold_to(clause.text[max(0, s.start - 6) : s.start])
        ]
        if len(buyers) == len(deals) and whole.get("target"):
            return [
                (clause.text, {**whole, "acquirer": [b.mention]}, m)
                for b, (m, _) in zip(buyers, deals, strict=True)
            ]
    amount = _deal_amount(etype, clause, trig)
    return [(clause.text, whole, amount)]


_NP_LEAD = re.compile(
    r"(?:\b(?:a|an|and|with|plus)\s+(?:further\s+)?|[,，、和及与])\s*(?:up to\s+)?$", _I
)


def _np_start(text: str, pos: int) -> int:
    """Back from an amount to the start of its noun phrase ("a $125 million", "and up to")."""
    m = _NP_LEAD.search(text[:pos])
    return m.start() if m else pos


def _deal_amount(etype: EventType, clause: Clause, trig: Trigger) -> Money | None:
    if etype is LST:
        return dm.first(clause.amounts, ("deal",)) if proceeds_context(clause) else None
    # 合同金额合计约9.8亿元: an order's "total" is the contract's own size
    roles = ("deal", "cumulative") if etype in (F, ORD) else ("deal",)
    found = dm.nearest(clause.amounts, (trig.start + trig.end) // 2, roles)
    if found is None and etype is F:
        found = dm.first(clause.amounts, ("net",))  # 所得款项净额: the only figure given
    return found

"""A clause reporting more than one deal of a type, cut into parts (``_sub_clause``).

"bought Arm …, and later agreed to sell it to Nvidia" (``same_type_parts``), "Groq raised
…, and Tenstorrent closed …" (``coordinated_parts``), and the rule after a sanction
("added N entities to the Entity List, and issued rules …", ``rule_part``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractors import roles as rl
from extractors.clause_cues import RULE_MAKING
from extractors.clauses import Clause
from extractors.triggers import A, F, R, Trigger
from extractors.types import EventType

_I = re.IGNORECASE


def rule_part(
    clause: Clause, chosen: dict[EventType, Trigger], trigs: list[Trigger]
) -> tuple[Trigger, Clause] | None:
    """ "added N entities to the Entity List, and issued rules restricting exports": the
    rule after the sanction is an event of its own (a ``restrict`` trigger after an "and")."""
    sanction = chosen.get(R)
    if sanction is None or sanction.kind != "sanction":
        return None
    for t in trigs:
        if t.type is R and t.kind == "restrict" and t.start > sanction.end:
            gap = clause.text[sanction.end : t.start]
            cut = list(re.finditer(r",?\s+and\s+|[,，;；]\s*(?:并|同时|另)?", gap, _I))
            if (
                cut
                and clause.may(RULE_MAKING)
                and RULE_MAKING.search(clause.text[sanction.end + cut[-1].start() :])
            ):
                a = sanction.end + cut[-1].start()
                sub = _sub_clause(clause, a, len(clause.text))
                return Trigger(R, "restrict", t.start - a, t.end - a, t.word), sub
    return None


_VERB_KINDS = {A: ("buy", "sell", "passive")}
_COORDINATOR = re.compile(
    r",?\s+and\s+(?:later\s+|then\s+)?|,\s+|[,，;；]\s*(?:并|随后|此后|后又|又)?", _I
)


# 转让价格 / 转让总价款 / 收购协议: the deal named again as a noun, no second deal
_DEAL_NOUN_AFTER = re.compile(r"总?(?:价格|价款|对价|款项?|协议|方式|意向|比例|事项|手续|完成后)")


def same_type_parts(clause: Clause, etype: EventType, trig: Trigger, trigs: list[Trigger]):
    """A clause reporting two deals of one type ("bought Arm …, and later agreed to sell it
    to Nvidia …") is cut before the second verb, at the coordinator that joins them."""
    kinds = _VERB_KINDS.get(etype)
    verbs = [
        t
        for t in trigs
        if kinds
        and t.type is etype
        and t.kind in kinds
        and t.start >= trig.start
        and (t is trig or not _DEAL_NOUN_AFTER.match(clause.text, t.end))
    ]
    if len(verbs) < 2:
        return [(clause, trig)]
    parts = []
    start = 0
    prev = verbs[0]
    cuts: list[tuple[int, Trigger]] = []
    for t in verbs[1:]:
        gap = clause.text[prev.end : t.start]
        coords = [m for m in _COORDINATOR.finditer(gap) if "and" in m.group(0).lower()] or list(
            _COORDINATOR.finditer(gap)
        )
        if len(gap) < 12 or not coords:
            continue
        cuts.append((prev.end + coords[0].start(), prev))
        prev = t
    if not cuts:
        return [(clause, trig)]
    bounds = [c for c, _ in cuts] + [len(clause.text)]
    firsts = [trig] + [t for t in verbs[1:] if any(t.start >= c for c, _ in cuts)]
    for i, end in enumerate(bounds):
        sub = _sub_clause(clause, start, end)
        t0 = firsts[i] if i < len(firsts) else firsts[-1]
        parts.append((sub, Trigger(t0.type, t0.kind, t0.start - start, t0.end - start, t0.word)))
        start = end
    return parts


_AND_SUBJECT = re.compile(r",?\s+and\s+$", _I)
_AUX_GAP = re.compile(r"\s*(?:(?:has|have|had|is|are|was|were|will|would|also|separately)\s+)*", _I)


def coordinated_parts(clause: Clause, etype: EventType, trig: Trigger, trigs: list[Trigger]):
    """ "Groq raised $640 million in August, and Tenstorrent closed a $700 million round",
    "SK Hynix is building a $3.87 billion plant …, and Samsung has spent $37 billion on …":
    each company after ", and" with a verb of its own reports its own deal."""
    kinds = ("raise",) if etype is F else ("invest",)
    verbs = [t for t in trigs if t.type is etype and t.kind in kinds and t.start > trig.end]
    cuts: list[tuple[int, Trigger]] = []
    for s in clause.slots:
        verb = next((t for t in verbs if _AUX_GAP.fullmatch(clause.text, s.end, t.start)), None)
        joint = _AND_SUBJECT.search(clause.text[max(0, s.start - 8) : s.start])
        if verb is not None and joint is not None and s.start > trig.end:
            cuts.append((s.start - len(joint.group()), verb))
    if not cuts:
        return [(clause, trig)]
    parts = []
    start, first = 0, trig
    for at, verb in cuts:
        parts.append((_sub_clause(clause, start, at), _shifted(first, start)))
        start, first = at, verb
    parts.append((_sub_clause(clause, start, len(clause.text)), _shifted(first, start)))
    return parts


def _shifted(t: Trigger, by: int) -> Trigger:
    return Trigger(t.type, t.kind, t.start - by, t.end - by, t.word)


def _sub_clause(clause: Clause, a: int, b: int) -> Clause:
    slots = [
        rl.Slot(s.mention, s.start - a, s.end - a)
        for s in clause.slots
        if a <= s.start and s.end <= b
    ]
    amounts = []
    for m, r in clause.amounts:
        if a <= m.start and m.end <= b:
            amounts.append((replace(m, start=m.start - a, end=m.end - a), r))
    return Clause(
        clause.start + a,
        clause.start + b,
        clause.text[a:b],
        clause.sent,
        slots,
        clause.gov,
        amounts,
        clause.lang,
        clause.bare_yuan,
        gate_mask=clause.mask,  # a part holds no literal the whole lacks: still a safe gate
    )

"""The same deal restated is one event (``merge``).

Events of one type and principal (``_merge_key``; a new company's short and full name are
one, ``_short_name_of``) merge when compatible (amount, round, stake); the event kept takes
the other's amount if it had none, the union of the companies and the later status
(``_absorb``).
"""

from __future__ import annotations

from decimal import Decimal

from extractors.companies import ZH_PLACES
from extractors.event_build import has_han
from extractors.event_roles import unique
from extractors.status import later
from extractors.triggers import LST, ORD, A, F, R
from extractors.types import EventDraft, Money, Status


def principal_key(ev: EventDraft) -> str:
    ms = ev.principal()
    if not ms and ev.type is A:
        ms = ev.companies.get("acquirer", [])
    if ms:
        return ms[0].company.key
    if ev.type is R:
        return "authority:" + str(ev.details.get("authority"))
    return ""


def _merge_key(ev: EventDraft) -> tuple[str, ...]:
    key = (ev.type.value, principal_key(ev))
    if ev.type is LST:
        return (*key, "filed" if ev.details.get("stage") == "filed" else "listed")
    if ev.type is R:
        return (*key, str(ev.details.get("action")))
    return key


def _same_amount(a: Money | None, b: Money | None) -> bool:
    if a is None or b is None:
        return True
    if a.currency != b.currency:
        r = a.restated
        return bool(
            r and r.currency == b.currency and abs(r.value - b.value) <= Decimal("0.01") * b.value
        )
    return abs(a.value - b.value) <= Decimal("0.005") * max(abs(a.value), Decimal(1))


def _compatible(a: EventDraft, b: EventDraft, cumulative: set[int]) -> bool:
    if (id(a) in cumulative) != (id(b) in cumulative):
        return False  # a running total is no round of its own
    if not _same_amount(a.amount, b.amount):
        return False
    if a.type is F:
        ra, rb = a.details.get("round"), b.details.get("round")
        if ra and rb and ra != rb:
            return False
    if (
        a.type is A
        and a.details.get("stake_pct") != b.details.get("stake_pct")
        and not _control_restated(a, b)
    ):
        return False  # buying a 25% stake is another deal than buying the company
    if a.type is ORD and a.amount is None and b.amount is None:
        ba = {m.company.key for m in a.companies.get("buyer", [])}
        bb = {m.company.key for m in b.companies.get("buyer", [])}
        if ba and bb and not ba & bb:
            return False
    return True


def _control_restated(a: EventDraft, b: EventDraft) -> bool:
    """终止收购X控制权 … 原计划以7亿元收购X 51%股权: a control deal told without its stake,
    with no price of its own, then with a majority stake."""
    bare, staked = (a, b) if a.details.get("stake_pct") is None else (b, a)
    pct = staked.details.get("stake_pct")
    return (
        bare.details.get("stake_pct") is None
        and bare.amount is None
        and isinstance(pct, (int, float, Decimal))
        and pct > 50
    )


def _acquirer_key(ev: EventDraft) -> str:
    ms = ev.companies.get("acquirer") or []
    return ms[0].company.key if ms else ""


def merge(events: list[EventDraft], cumulative: set[int]) -> list[EventDraft]:
    out = _merge_same_key(events, cumulative)
    # an acquisition seen once without its target is the one with the same buyer
    final: list[EventDraft] = []
    for ev in out:
        if ev.type is A and not ev.companies.get("target") and _acquirer_key(ev):
            into = next(
                (
                    o
                    for o in out
                    if o is not ev
                    and o.type is A
                    and o.companies.get("target")
                    and _acquirer_key(o) == _acquirer_key(ev)
                    and (
                        (o.amount is not None and ev.amount is not None)
                        or (ev.amount is None and ev.status is o.status)
                    )
                    and _same_amount(o.amount, ev.amount)
                ),
                None,
            )
            if into is not None:
                _absorb(into, ev)
                continue
        final.append(ev)
    return final


def _short_name_of(a: str, b: str) -> bool:
    """Two new-company keys naming one firm: 晨阳新能源 and 晨阳新能源科技."""
    if a == b:
        return True
    if not (a.startswith("new:") and b.startswith("new:")):
        return False
    a, b = sorted((_without_place(a[4:]), _without_place(b[4:])), key=len)
    return len(a) >= 3 and has_han(a) and b.startswith(a)


def _without_place(key: str) -> str:
    """杭州澄芯集成 → 澄芯集成: a leading city or province is no part of the name's core."""
    place = next((p for p in ZH_PLACES if key.startswith(p) and len(key) - len(p) >= 3), None)
    return key[len(place) :] if place else key


def _same_merge_key(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if a == b:
        return True
    # 【南京光衍集成完成天使轮融资】 over 南京光衍集成电路有限公司…: one company, one deal
    return a[0] == b[0] and a[2:] == b[2:] and bool(a[1] and b[1]) and _short_name_of(a[1], b[1])


def _merge_same_key(events: list[EventDraft], cumulative: set[int]) -> list[EventDraft]:
    out: list[EventDraft] = []
    for ev in events:
        key = _merge_key(ev)
        target = next(
            (
                o
                for o in out
                if _same_merge_key(_merge_key(o), key) and _compatible(o, ev, cumulative)
            ),
            None,
        )
        if target is None:
            out.append(ev)
            continue
        _absorb(target, ev)
    return out


_FINAL = (Status.COMPLETED, Status.TERMINATED, Status.DENIED)


def _absorb(into: EventDraft, ev: EventDraft) -> None:
    if into.amount is None:
        into.amount = ev.amount
    for role, ms in ev.companies.items():
        have = into.companies.get(role, [])
        ms = [m for m in ms if not any(_short_name_of(h.company.key, m.company.key) for h in have)]
        into.companies[role] = unique(have + ms)
    new_status = later(into.status, ev.status)
    if ev.amount is None and into.amount is not None and ev.status not in _FINAL:
        new_status = into.status
    if ev.date and (
        into.date is None or (new_status is Status.COMPLETED and ev.status is Status.COMPLETED)
    ):
        into.date = ev.date
    into.status = new_status
    for k, v in ev.details.items():
        into.details.setdefault(k, v)

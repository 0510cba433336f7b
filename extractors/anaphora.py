"""后者 / 前者, "the latter" / "the former": the company they point back to.

"瑞康达与康泰药业签署增资协议，后者以自有资金3亿元认购…" — the subscriber is 康泰药业. The
pronoun becomes a mention of the company it means, so roles read it like a name.
"""

from __future__ import annotations

import re

from extractors.gate import required_literals
from extractors.text import ascii_lower
from extractors.types import CompanyMention

_POINTER = re.compile(r"后者|後者|前者|\bthe (?:latter|former)\b", re.IGNORECASE)
# Words one of which every pointer holds: most articles have none, and the (?i) scan of
# a whole article costs ~90 µs where a substring test costs ~1 µs.
_POINTER_WORDS = required_literals(_POINTER)
_LOOK_BACK = 300  # characters: the pair is named in the same or the previous sentence


def with_pointed(norm: str, mentions: list[CompanyMention]) -> list[CompanyMention]:
    """``mentions`` plus one for each 后者/前者/latter/former that follows two companies."""
    if not mentions:
        return mentions
    low = ascii_lower(norm)
    if _POINTER_WORDS is not None and not any(map(low.__contains__, _POINTER_WORDS)):
        return mentions
    added: list[CompanyMention] = []
    for hit in _POINTER.finditer(norm):
        s, e = hit.span()
        if any(m.start < e and s < m.end for m in mentions):
            continue
        before = [m for m in mentions if s - _LOOK_BACK <= m.start and m.end <= s]
        distinct: list[CompanyMention] = []
        for m in reversed(before):
            if all(d.company.key != m.company.key for d in distinct):
                distinct.append(m)
            if len(distinct) == 2:
                break
        if len(distinct) < 2:
            continue
        latter = hit.group().lower() in ("后者", "後者", "the latter")
        company = (distinct[0] if latter else distinct[1]).company
        added.append(CompanyMention(company, norm[s:e], s, e))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions

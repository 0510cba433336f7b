"""Short forms of discovered English names: "Trident Substrates Inc." later called "Trident".

News introduces an unknown company by its full name once and then uses its first word
("Netrion Networks … Netrion builds …"). Those later mentions are the same company, so the
events they carry name it, and an article's two reports of one deal merge.
"""

from __future__ import annotations

import re

from extractors.companies import CompanyRegistry
from extractors.text import HAN
from extractors.types import Company, CompanyMention

# First words that open many unrelated names: never a company on their own.
_GENERIC_WORDS = """
    advanced allied american applied asia asian atlantic bay beijing big blue british
    california capital central china chinese city clear coast core data deep digital
    east eastern energy euro european first fortune general global golden grand great
    green guangdong hong india indian intelligent international japan japanese korea
    korean micro national new next north northern ocean open pacific power prime quantum
    royal shanghai shenzhen silicon smart south southern star state summit sun taiwan
    texas the trans united universal west western world
"""
_GENERIC_FIRST = frozenset(_GENERIC_WORDS.split())
_WORD_AFTER = re.compile(r"\s+[A-Z0-9]")


def with_short_forms(
    norm: str, mentions: list[CompanyMention], registry: CompanyRegistry
) -> list[CompanyMention]:
    """``mentions`` plus the bare first word of each discovered multi-word English name
    wherever it stands alone after the name's first mention (not followed by another
    capitalised word, not a registry name, not a generic word)."""
    taken = [(m.start, m.end) for m in mentions]
    added: list[CompanyMention] = []
    seen: set[str] = set()
    relinked: dict[str, Company] = {}
    for m in mentions:
        company = m.company
        if not company.discovered or HAN.search(m.surface) or " " not in m.surface:
            continue
        first = m.surface.split(" ", 1)[0]
        if (
            first in seen
            or len(first) < 4
            or not first[0].isupper()
            or first.lower() in _GENERIC_FIRST
            or registry.lookup(first) is not None
        ):
            continue
        seen.add(first)
        relinked[first] = company
        for found in re.finditer(rf"\b{re.escape(first)}\b", norm):
            s, e = found.span()
            if s < m.end or _WORD_AFTER.match(norm, e) or norm[e : e + 1] == "-":
                continue
            if all(e <= a or s >= b for a, b in taken):
                added.append(CompanyMention(company, first, s, e))
                taken.append((s, e))
    # the short form found on its own ("Veltrion on Wednesday priced …") is the same company
    mentions = [
        CompanyMention(relinked[m.surface], m.surface, m.start, m.end)
        if m.company.discovered and m.surface in relinked and m.company.name == m.surface
        else m
        for m in mentions
    ]
    return sorted(mentions + added, key=lambda x: x.start) if added else mentions

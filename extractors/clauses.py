"""An article read as clauses: the engine's first stage, and the records every stage shares.

``prepare`` normalizes the text, finds the companies (registry, discovered, structural,
short forms) and the reference date, splits sentences and clauses, and picks the currency
a bare 元 means (``_bare_yuan``, ``_sentence_yuan``). ``Clause``, ``Doc`` and ``State``
are what the later stages pass around; ``event_date`` and ``carried_date`` date an event
from its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from extractors import details_money as dm
from extractors import roles as rl
from extractors.anaphora import with_pointed
from extractors.clause_cues import CLAUSE_BIT, CLAUSE_GATES
from extractors.companies import CompanyRegistry, discover_companies, name_key
from extractors.gate import required_literals
from extractors.money import find_amounts
from extractors.name_checks import plausible, with_bracketed_place
from extractors.short_names import with_short_forms
from extractors.structural_names import structural_names
from extractors.text import HAN, ascii_lower, guess_language, normalize, split_sentences
from extractors.types import ArticleInput, Company, CompanyMention, EventDraft, Money

try:  # dates is written alongside this module; without it events carry no date
    from extractors import dates as _dates
except ImportError:  # pragma: no cover
    _dates = None  # type: ignore[assignment]

_I = re.IGNORECASE


@dataclass
class Clause:
    """One clause of a sentence, with what was found in it (clause-relative offsets)."""

    start: int  # in the article text
    end: int
    text: str  # normalized
    sent: tuple[int, int]  # the evidence sentence, article offsets
    slots: list[rl.Slot]
    gov: list[CompanyMention]
    # (money, role) per amount; None until first asked for (see ``amounts``)
    found_amounts: list[tuple[Money, str]] | None
    lang: str = "en"
    bare_yuan: str = "CNY"
    lowered: str | None = None  # ``ascii_lower(text)``, made on first use (see ``low``)
    gate_mask: int | None = None  # ``CLAUSE_GATES``' mask of the text (see ``mask``)

    @property
    def low(self) -> str:
        """``ascii_lower(text)``, made once for the trigger and cue gates."""
        if self.lowered is None:
            self.lowered = ascii_lower(self.text)
        return self.lowered

    @property
    def mask(self) -> int:
        """The trigger patterns (low bits) and the cues of ``clause_cues`` the text may
        hold: one literal scan a clause answers for all of them."""
        if self.gate_mask is None:
            self.gate_mask = CLAUSE_GATES[self.lang].mask(self.low)
        return self.gate_mask

    def may(self, rx: re.Pattern[str]) -> bool:
        """False where ``rx`` (one of ``clause_cues._CLAUSE_CUES``) cannot match the text
        or any part of it."""
        mask = self.mask if self.gate_mask is None else self.gate_mask
        return bool(mask & CLAUSE_BIT[self.lang][id(rx)])

    @property
    def amounts(self) -> list[tuple[Money, str]]:
        """Every amount of the clause with its role, read on first use: most clauses
        have no trigger and no follow-up cue, and reading amounts was ~1 ms per article."""
        if self.found_amounts is None:
            self.found_amounts = [
                (a, dm.role_of(self.text, a))
                for a in find_amounts(self.text, lang=self.lang, bare_yuan=self.bare_yuan)
            ]
        return self.found_amounts


@dataclass
class Doc:
    text: str
    norm: str
    lang: str
    ref: date | None
    clauses: list[Clause]
    bare_yuan: str


@dataclass
class State:
    """What the engine remembers while reading an article top to bottom."""

    topic: CompanyMention | None = None
    events: list[EventDraft] = field(default_factory=list)
    last_listing: EventDraft | None = None
    listing_clause: int = -10
    buyers: dict[str, CompanyMention] = field(default_factory=dict)
    last_target: CompanyMention | None = None  # what "sell it" sells
    recent: CompanyMention | None = None  # the last company the previous sentence named
    announcer: CompanyMention | None = None  # the article's first subject: what 公司 means
    pending_recent: CompanyMention | None = None
    startup: CompanyMention | None = None  # the last company described as a startup
    cumulative: set[int] = field(
        default_factory=set
    )  # ids of events whose amount is a running total
    completed_rounds: dict[str, set[str]] = field(default_factory=dict)  # 先后完成天使轮、A轮…
    rules: set[int] = field(default_factory=set)  # ids of rules kept with no company named
    # the date of the last event-bearing sentence, and of the one before it (同日 / "also")
    dated_sent: tuple[int, int] | None = None
    sent_when: date | None = None
    prev_when: date | None = None


# --- 1. preparation ----------------------------------------------------------

_HK = re.compile(
    r"港交所|港股|港元|香港|恒指|联交所|股份代号|配售代理|承配人|收市后|开市|每手|招股价|18C"
    r"|\bHK\$|Hong Kong",
    _I,
)
_HK_LISTING = re.compile(r"港交所|联交所|股份代号")
# Only exchange words: an explicit 人民币 needs no bare-yuan reading (收入48.6亿元人民币).
_MAINLAND = re.compile(r"科创板|创业板|上交所|深交所|A股|北交所")
# A clause ends at ";" and before ", and <Name> <verb>" (a second subject with its own
# deal: "…converted grants into a stake, and SoftBank agreed to buy $2 billion of …")
_EN_CLAUSE = re.compile(
    r";\s+|,\s+and\s+(?=(?:[A-Z][\w&.'’-]*\s+){1,4}(?:(?:has|have|had|also|later|then|separately)"
    r"\s+)?(?:agreed|agrees|signed|signs|raised|raises|bought|buys|acquired|acquires|sold|sells"
    r"|won|wins|announced|invested|invests|filed|files|priced|received|secured|closed|pulled in)\b)"
)


# _HK's words: most articles hold none, and its (?i) scan of a whole article was ~75 µs
_HK_WORDS = required_literals(_HK)


def _bare_yuan(norm: str) -> str:
    low = ascii_lower(norm)
    # _HK_LISTING's words are _HK's too: without any of those, neither can say HKD
    if _HK_WORDS is None or any(map(low.__contains__, _HK_WORDS)):
        hk = len(_HK.findall(norm))
        mainland = len(_MAINLAND.findall(norm))
        if (hk >= 2 and hk > mainland) or (mainland == 0 and _HK_LISTING.search(norm)):
            return "HKD"
    if "新台币" in norm and "人民币" not in norm:
        return "TWD"
    return "CNY"


def _sentence_yuan(norm: str, s: int, e: int, bare: str, hk_first: bool) -> str:
    """The currency of a bare 元 in the sentence at ``s:e``: the article's, except that a
    sentence about a mainland exchange (上交所科创板…拟募资12亿元) means yuan, and in an
    article whose Hong Kong words come only later (a roundup with one HK item), a paragraph
    with none of them means yuan too."""
    if bare != "HKD":
        return bare
    if _HK.search(norm, s, e):
        return bare
    if _MAINLAND.search(norm, s, e):
        return "CNY"
    if hk_first:
        return bare
    p0 = norm.rfind("\n", 0, s) + 1
    p1 = norm.find("\n", e)
    return bare if _HK.search(norm, p0, p1 if p1 >= 0 else len(norm)) else "CNY"


def prepare(article: ArticleInput, registry: CompanyRegistry) -> Doc:
    text = article.text or ""
    norm = normalize(text)
    lang = article.language or guess_language(norm + (article.title or ""))
    lang = "zh" if lang.startswith("zh") else "en"
    ref = _reference_date(norm, article)
    known = registry.find(norm)
    try:
        found = discover_companies(norm, known, registry)
    except (ImportError, ValueError):
        found = []
    mentions = sorted(_non_overlapping(known + found), key=lambda m: m.start)
    mentions = _with_structural(norm, lang, mentions, registry)
    mentions = with_short_forms(norm, mentions, registry)
    mentions = [with_bracketed_place(norm, m) for m in mentions if plausible(norm, m)]
    mentions = _without_echoed_tickers(norm, mentions)
    mentions = with_pointed(norm, mentions)
    if norm != text:
        mentions = _as_written(text, norm, mentions)
    bare = _bare_yuan(norm)
    clauses: list[Clause] = []
    mi = 0
    first_end = norm.find("\n")
    hk_first = bare == "HKD" and bool(
        _HK.search(norm, 0, first_end if first_end > 0 else len(norm))
    )
    for s, e in split_sentences(norm):
        own_bare = _sentence_yuan(norm, s, e, bare, hk_first)
        for cs, ce in _clause_spans(norm, s, e, lang):
            while mi < len(mentions) and mentions[mi].start < cs:
                mi += 1
            j = mi
            slots: list[rl.Slot] = []
            gov: list[CompanyMention] = []
            while j < len(mentions) and mentions[j].start < ce:
                m = mentions[j]
                if m.end <= ce:
                    if m.company.kind == "government" or (
                        m.company.discovered and _GOV_BODY.search(m.surface)
                    ):
                        gov.append(m)
                    else:
                        slots.append(rl.Slot(m, m.start - cs, m.end - cs))
                j += 1
            clauses.append(Clause(cs, ce, norm[cs:ce], (s, e), slots, gov, None, lang, own_bare))
    return Doc(text, norm, lang, ref, clauses, bare)


# A discovered name that is a public body (合肥市政府, 苏州工业园区管委会): an authority, no party
_GOV_BODY = re.compile(
    r"(?:政府|管委会|管理委员会|委员会|国资委|财政局|商务局|工信局|发改委|監理會|委員會)$"
    r"|\b(?:Ministry|Government|Commission|Agency|Joint Undertaking|(?<!Investment )Authority)\b"
    r"|^(?:Free )?State of\b"
)


def _without_echoed_tickers(norm: str, mentions: list[CompanyMention]) -> list[CompanyMention]:
    """欣興(3037), "Nvidia (NVDA)": the ticker right after its company's name is no second
    mention, so events name the company as written, not by its code."""
    out: list[CompanyMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.company.key == m.company.key
            and m.start - prev.end <= 2
            and not HAN.search(m.surface)
            and (m.surface.isdigit() or m.surface.isupper())
        ):
            continue
        out.append(m)
    return out


def _as_written(text: str, norm: str, mentions: list[CompanyMention]) -> list[CompanyMention]:
    """Mentions in the article's own script (昱捷記憶體, not 昱捷记忆体): matching ran on
    the folded text, whose offsets are the original's; a name found only in the
    text (discovered) is named as written too."""
    renamed: dict[str, Company] = {}
    out = []
    for m in mentions:
        written = text[m.start : m.end]
        company = m.company
        if company.discovered and company.name == norm[m.start : m.end]:
            company = renamed.setdefault(company.key, replace(company, name=written))
        out.append(CompanyMention(company, written, m.start, m.end))
    return out


def _with_structural(
    norm: str, lang: str, mentions: list[CompanyMention], registry: CompanyRegistry
) -> list[CompanyMention]:
    """``mentions`` plus the companies only their position in a sentence reveals
    (``structural_names``), with their later occurrences."""
    mentions = [_trim_discovered(_split_word(norm, m)) for m in mentions]
    spans = structural_names(norm, lang)
    if not spans:
        return mentions
    taken = [(m.start, m.end) for m in mentions]
    keys: dict[str, str] = {}  # surface -> name_key: a company is named again and again
    by_key: dict[str, Company] = {}
    for m in mentions:
        if m.surface not in keys:
            keys[m.surface] = name_key(m.surface)
        by_key[keys[m.surface]] = m.company
    by_end = {m.end: m.company for m in mentions}
    added: list[CompanyMention] = []
    new: dict[str, Company] = {}

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    # a place the registry knows as a government opening a longer name (Beijing Corelink …)
    for s, e, _ in spans:
        inner = [
            m
            for m in mentions
            if m.company.kind == "government" and m.start == s and m.end < e and norm[m.end] == " "
        ]
        for m in inner:
            mentions.remove(m)
            taken.remove((m.start, m.end))

    for s, e, alias_at in sorted(spans, key=lambda x: (x[2] is None, x[0], x[0] - x[1])):
        a, b = _clean_name(norm[s:e])
        s, e = s + a, s + b
        if e - s < 2 or not free(s, e):
            continue
        surface = norm[s:e]
        key = keys.get(surface)
        if key is None:
            key = keys[surface] = name_key(surface)
        if not key:
            continue
        company = None
        if alias_at is not None:
            company = by_end.get(alias_at)
        company = company or by_key.get(key) or registry.lookup(surface)
        if company is None:
            company = Company(key="new:" + key, name=surface, discovered=True)
        by_key.setdefault(key, company)
        if company.discovered:
            new[surface] = company
        added.append(CompanyMention(company, surface, s, e))
        taken.append((s, e))
    for surface, company in new.items():
        for span in _occurrences(norm, surface):
            if free(*span):
                added.append(CompanyMention(company, surface, *span))
                taken.append(span)
    return sorted(mentions + added, key=lambda m: m.start)


# What a discovered Chinese name may have swallowed: a verb or a descriptor before it
# (支付现金方式购买|杭州长奕科技, 研发商|苏州曦衡光电), an adverb or time word after it
# (锐驰微|刚, 曦衡光电|18个月内).
_LEAD_JUNK = re.compile(
    r".*(?:持有的|所持有?的?|购买|收购|受让|支付|方式|转让|出售|拟以|拟向|拟将|向|对|与|以|研发商|开发商|供应商"
    r"|制造商|服务商|生产商|设计商|运营方|运营商|子公司|公司|企业|同意|另有|包括|其中|以及|旗下"
    r"|新创|初创|厂商|龙头|独角兽|品牌|厂|廠|另一|内地|內地|平台|下属|業者|业者|对手|對手)"
    r"(?=[\u4e00-\u9fffA-Za-z]{2})"
)
_TAIL_JUNK = re.compile(
    r"(?:\d.*|刚|全|也|曾|亦|还|又|再|均|就|先前|此前|成立|规划|正式|目前|近日|日前|今年|去年|本月"
    r"|上月|一共|累计|先后|已经|正在|曾经|则)$"
)


# A discovered English name never starts with a lower-case function word ("of Corvane
# Semiconductor Inc.") and ends before a possessive ("Quantis Power's GaN unit").
_EN_LEAD_JUNK = re.compile(r"^(?:(?:of|the|by|from|to|with|and|for|at|in|on|as)\s+)+")
_EN_POSSESSIVE = re.compile(r"['’]s\b")


def _clean_name(surface: str) -> tuple[int, int]:
    """The span (relative to ``surface``) of a discovered name without its junk."""
    if not HAN.search(surface):
        if "-based" in surface:
            return 0, 0  # "Tel Aviv-based AI": a description, the name comes after it
        lead = _EN_LEAD_JUNK.match(surface)
        start = lead.end() if lead else 0
        possessive = _EN_POSSESSIVE.search(surface, start)
        end = possessive.start() if possessive and possessive.start() - start >= 2 else len(surface)
        return start, end
    lead = _LEAD_JUNK.match(surface)
    start = lead.end() if lead else 0
    end = len(surface)
    while (tail := _TAIL_JUNK.search(surface, start, end)) and tail.start() - start >= 2:
        end = tail.start()  # 瑞康达|此前|一共: one word at a time
    return start, end


_SPLIT_WORDS = ("其中", "之中", "以及", "其他", "包括")


def _split_word(norm: str, m: CompanyMention) -> CompanyMention:
    """A discovered name that starts inside a word (其|中无锡华拓…): the word's tail dropped."""
    if not m.company.discovered or m.start == 0:
        return m
    for w in _SPLIT_WORDS:
        k = len(w) - 1
        if norm[m.start - 1 : m.start + k] == w and len(m.surface) - k >= 4:
            name = m.surface[k:]
            company = Company(key="new:" + name_key(name), name=name, discovered=True)
            return CompanyMention(company, name, m.start + k, m.end)
    return m


def _trim_discovered(m: CompanyMention) -> CompanyMention:
    """A discovered name cut back to the company (see ``_clean_name``); a short form
    (锦璟置业) names its company cleaned the same way (所持杭州锦璟置业有限公司)."""
    if not m.company.discovered:
        return m
    a, b = _clean_name(m.surface)
    if (a, b) == (0, len(m.surface)):
        company = _clean_company(m.company)
        return m if company is m.company else CompanyMention(company, m.surface, m.start, m.end)
    name = m.surface[a:b]
    key = name_key(name)
    if len(key) < 2:
        return m
    company = Company(key="new:" + key, name=name, discovered=True)
    return CompanyMention(company, name, m.start + a, m.start + b)


def _clean_company(company: Company) -> Company:
    a, b = _clean_name(company.name)
    name = company.name[a:b]
    key = name_key(name)
    if (a, b) == (0, len(company.name)) or len(key) < 2:
        return company
    return replace(company, key="new:" + key, name=name)


def _occurrences(norm: str, form: str) -> list[tuple[int, int]]:
    out = []
    start = norm.find(form)
    while start >= 0:
        end = start + len(form)
        if not (
            form[0].isascii()
            and form[0].isalnum()
            and start > 0
            and norm[start - 1].isascii()
            and norm[start - 1].isalnum()
        ) and not (end < len(norm) and form[-1].isascii() and norm[end : end + 1].isalnum()):
            out.append((start, end))
        start = norm.find(form, end)
    return out


def _non_overlapping(mentions: list[CompanyMention]) -> list[CompanyMention]:
    out: list[CompanyMention] = []
    for m in sorted(mentions, key=lambda m: (m.start, m.start - m.end)):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _clause_spans(norm: str, s: int, e: int, lang: str) -> list[tuple[int, int]]:
    if lang == "zh":
        return [(s, e)]
    spans: list[tuple[int, int]] = []
    start = s
    for m in _EN_CLAUSE.finditer(norm, s, e):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, e))
    return [(a, b) for a, b in spans if b > a]


def _reference_date(norm: str, article: ArticleInput) -> date | None:
    if _dates is not None:
        try:
            return _dates.reference_date(norm, article.published)
        except (ValueError, TypeError):
            pass
    return article.published.date() if article.published else None


def carried_date(doc: Doc, clause: Clause, when: date | None, state: State) -> date | None:
    """``when``, else the day a 同日 / "also" sentence inherits from the sentence before."""
    if clause.sent != state.dated_sent:
        state.dated_sent, state.prev_when, state.sent_when = clause.sent, state.sent_when, None
    if when is None and state.prev_when is not None and _dates is not None:
        prev = state.prev_when
        when = _dates.carry_date(prev, clause.text, doc.lang) or _dates.carry_date(
            prev, doc.norm[clause.sent[0] : clause.sent[1]], doc.lang
        )
    state.sent_when = state.sent_when or when
    return when


def event_date(text: str, ref: date | None, lang: str) -> date | None:
    if _dates is None or not text:
        return None
    try:
        return _dates.event_date(text, ref, lang)
    except (ValueError, TypeError, OverflowError):
        return None

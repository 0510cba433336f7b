"""The event extraction engine: an article in, ``EventDraft``s out.

Stages, in order (each a function below):

1. ``_prepare``: normalize, split sentences and clauses, find companies
   (registry + discovered) and amounts, the reference date.
2. ``_clause_events``: per clause, trigger words → candidate events of each
   type; roles from the clause's structure (``roles``), the deal amount
   (``details_money``), status (``status``), date and details.
3. ``_follow_ups``: clauses without a trigger that add to an earlier event —
   a listing's prices and first-day move, a deal's amount given later
   ("Nvidia was paying about $20 billion"), a denial or a completion.
4. ``_merge``: the same deal restated is one event (same type, same principal,
   compatible amount), with the most precise amount and the latest status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from extractors import details as dt
from extractors import details_money as dm
from extractors import roles as rl
from extractors.anaphora import with_pointed
from extractors.companies import ZH_PLACES, CompanyRegistry, discover_companies, name_key
from extractors.gate import Gate, Leads, required_literals
from extractors.money import find_amounts, find_percentages
from extractors.name_checks import plausible, with_bracketed_place
from extractors.short_names import with_short_forms
from extractors.status import clause_status, is_completion, later
from extractors.text import HAN, ascii_lower, guess_language, normalize, split_sentences
from extractors.triggers import Trigger, find_triggers, gate_needs
from extractors.types import (
    PRINCIPAL_ROLE,
    ROLES,
    ArticleInput,
    Company,
    CompanyMention,
    EventDraft,
    EventType,
    Evidence,
    Money,
    Qualifier,
    Status,
)

try:  # dates is written alongside this module; without it events carry no date
    from extractors import dates as _dates
except ImportError:  # pragma: no cover
    _dates = None  # type: ignore[assignment]

F, A, LST, ORD, INV, R = (
    EventType.FUNDING,
    EventType.ACQUISITION,
    EventType.LISTING,
    EventType.ORDER,
    EventType.INVESTMENT,
    EventType.REGULATION,
)
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
    gate_mask: int | None = None  # ``_CLAUSE_GATES``' mask of the text (see ``mask``)

    @property
    def low(self) -> str:
        """``ascii_lower(text)``, made once for the trigger and cue gates."""
        if self.lowered is None:
            self.lowered = ascii_lower(self.text)
        return self.lowered

    @property
    def mask(self) -> int:
        """The trigger patterns (low bits) and the _CLAUSE_CUES the text may hold: one
        literal scan a clause answers for all of them."""
        if self.gate_mask is None:
            self.gate_mask = _CLAUSE_GATES[self.lang].mask(self.low)
        return self.gate_mask

    def may(self, rx: re.Pattern[str]) -> bool:
        """False where ``rx`` (one of ``_CLAUSE_CUES``) cannot match the text or any
        part of it."""
        mask = self.mask if self.gate_mask is None else self.gate_mask
        return bool(mask & _CLAUSE_BIT[self.lang][id(rx)])

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
class _Doc:
    text: str
    norm: str
    lang: str
    ref: date | None
    clauses: list[Clause]
    bare_yuan: str


@dataclass
class _State:
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
_EN_CLAUSE = re.compile(r";\s+")


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


def _prepare(article: ArticleInput, registry: CompanyRegistry) -> _Doc:
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
    return _Doc(text, norm, lang, ref, clauses, bare)


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
    (``roles.structural_names``), with their later occurrences."""
    mentions = [_trim_discovered(_split_word(norm, m)) for m in mentions]
    spans = rl.structural_names(norm, lang)
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
    r"|新创|初创|厂商|龙头|独角兽|品牌|厂|廠|另一|内地|內地|平台|下属|業者|业者)"
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


def _carried_date(doc: _Doc, clause: Clause, when: date | None, state: _State) -> date | None:
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


def _event_date(text: str, ref: date | None, lang: str) -> date | None:
    if _dates is None or not text:
        return None
    try:
        return _dates.event_date(text, ref, lang)
    except (ValueError, TypeError, OverflowError):
        return None


# --- 2. clause events --------------------------------------------------------

_SOME_LISTING = re.compile(
    r"\b(?:an?|any|eventual|possible|potential|future)\s+(?:[\w-]+\s+)?$", _I
)
_JOINT = re.compile(r"\b(?:combined|jointly|together)\b|共同|联合|合计|合资", _I)
_ROUND_WORDS = re.compile(
    r"\b(?:funds|capital|money|valuation|round|funding|financing|series [a-h]|seed|pre-ipo)\b"
    r"|\binvestors?\b|\b(?:loans?|credit (?:line|facility)|convertible notes|bonds)\b"
    r"|\bbacked\b|\bled by\b|\bplacement\b",
    _I,
)
_EN_RAISE_STRONG = re.compile(r"^(?:raised|raises|raising|raise)$", _I)
_FACILITY = re.compile(
    r"\b(?:fabs?|plants?|factor(?:y|ies)|facilit(?:y|ies)|sites?|campus|r&d cent(?:er|re)"
    r"|data cent(?:er|re)s?|packaging|production lines?|capacity|foundry"
    r"|in (?:central |northern |southern |eastern |western )?[A-Z][a-z]+"
    r"|in the (?:United States|U\.S\.|US|UK|United Kingdom|Netherlands|Philippines))\b"
    r"|厂|晶圆|产线|基地|研发中心|项目|产能|封装|数据中心|资本预算|资本支出|资本开支|建设",
)
_FORECAST = re.compile(
    r"预估|预测|分析师|法人|研究机构|市研机构|\banalysts? (?:expect|estimate|forecast|say|said)"
    r"|\bforecasts?\b|(?<!\ban )\bestimated?\b|\bprojects?\b|\bguided\b|\bprojected\b"
    r"|\bpredict(?:s|ed)?\b|\b(?:would|will|to) (?:reach|exceed|top|surpass)\b"
    r"|预计[^,，。;；]{0,12}(?:达到|将达|突破|超过)|有望达到|规模将达",
    _I,
)
_PRODUCT_WORDS = re.compile(
    r"\b(?:tpus?|gpus?|chips?|accelerators?|racks?|wafers?|memory|hbm|servers?|capacity|processors?)\b"
    r"|芯片|算力|TPU|GPU|晶圆|代工|服务器|加速器",
    _I,
)
_FACILITY_LEADS = Leads(_FACILITY)
_FORECAST_LEADS = Leads(_FORECAST)
_STATS = re.compile(r"\d+\s*(?:笔|起)|同比|环比|占比|统计|市场份额|market share|\bshare of\b", _I)
_DEAL_REF = re.compile(
    r"\b(?:the|this|that) (?:deal|transaction|arrangement|purchase|acquisition|takeover)\b"
    r"|\b(?:paying|paid|pay)\b|交易金额|交易总额|交易价值|该交易|本次交易|这笔交易|交易对价",
    _I,
)
_INVESTOR_CUE = re.compile(
    r"\b(?:led|co-led) (?:it|the round)\b|\bamong the (?:participants|investors)\b|\btook part\b"
    r"|\bparticipated\b|领投|跟投|参投",
    _I,
)
_CUSTOMER_IS = re.compile(
    r"客户(?:正|就)?(?:是|为)|\bcustomer (?:is|was)\b|\bthe buyer (?:is|was)\b", _I
)
_DENIAL_VERB = re.compile(
    r"否认|辟谣|并未与|并无|\bden(?:y|ies|ied)\b|\bnot pursuing\b|\bhas not held\b", _I
)
_CONSTRUCTION = re.compile(
    r"动工|破土|开工建设|奠基|\bgroundbreaking\b|\bbr(?:oke|eaks) ground\b|\bunder construction\b"
    r"|\bbegan construction\b",
    _I,
)
_REF_NOUN = re.compile(
    r"^\W*(?:the|this|that) (?:deal|transaction|purchase|acquisition|takeover|merger|sale)\b"
    r"|^\W*(?:该|此次|本次|这笔)(?:交易|收购|并购|合并|融资)",
    _I,
)
_TRANSACTION_REF = re.compile(
    r"\bthe (?:transaction|deal|merger|acquisition|combination)\b|该交易|此项交易|本次交易|该收购",
    _I,
)
_LISTING_CUES = re.compile(
    r"发行价|招股价|开盘|开市|收盘|收报|收市|市值|募资总额|募资|集资|所得款项|首日"
    r"|\boffer(?:ing)? price\b|\bopened at\b|\bclos(?:ed|ing) at\b|\bmarket capitali[sz]ation\b"
    r"|\bworth\b|\braising\b|\bfirst day\b|\bproceeds\b|\bstock code\b|\bticker\b",
    _I,
)
# tried only where their words begin, in the few clauses whose gate lets them run
_DEAL_REF_LEADS = Leads(_DEAL_REF)
_LISTING_CUES_LEADS = Leads(_LISTING_CUES)
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
_ANAPHORIC_DEAL = re.compile(
    r"(?:^|[.;:]\s*)\W*(?:the|this|that|such an?) "
    r"(?:acquisitions?|purchases?|takeovers?|mergers?|deals?)"
    r"(?! (?:of|by|for|with)\b)$",
    _I,
)


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
            round_words = clause.may(_ROUND_WORDS) and _ROUND_WORDS.search(text) is not None
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
            if not (clause.may(_ANAPHORIC_DEAL) and _ANAPHORIC_DEAL.search(text[: t.end]))
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
    board = clause.may(_CORPORATE_APPROVAL)
    reg = [
        t for t in by_type.get(R, []) if not (board and _CORPORATE_APPROVAL.search(text[: t.start]))
    ]
    if reg and (
        clause.gov
        or (clause.may(dt.AUTHORITY_WORDS) and dt.names_authority(text, clause.low))
        or (clause.may(_SUBSIDY_LAW) and _SUBSIDY_LAW.search(text))
        or _DECISION_ON_CASE.search(text)
    ):
        chosen[R] = _regulation_trigger(reg, clause)
        if (
            chosen[R].kind == "approve"
            and clause.may(_OFFERING_APPROVAL)
            and _OFFERING_APPROVAL.search(text)
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
            and clause.may(_PRODUCT_WORDS)
            and _PRODUCT_WORDS.search(text)
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
        orders.sort(key=lambda t: bool(_REF_BEFORE.search(text[max(0, t.start - 12) : t.start])))
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
        and not (clause.may(_FORECAST) and _FORECAST_LEADS.search(text, clause.low))
    ):
        chosen[INV] = inv[0]
        if ORD in chosen and chosen[ORD].kind == "deal":
            del chosen[ORD]  # 签署投资合作协议: the agreement is the investment's
    if not clause.slots and clause.may(_STATS) and _STATS.search(text):
        return {}
    return chosen


# 收购…股权案被附加限制性条件批准, 禁止此项经营者集中: a regulator's decision on a deal,
# whose authority the sentence before named
_DECISION_ON_CASE = re.compile(
    r"案[^,，。;；]{0,4}被[^,，。;；]{0,12}(?:批准|禁止|否决)|(?:附加限制性条件|附条件)批准"
    r"|禁止(?:此项|该项|這項)?经营者集中"
)
_REF_BEFORE = re.compile(
    r"\b(?:the|this|that|its|their)\s+(?:\w+\s+)?$|(?:该|此|本次|这笔)\s*$", _I
)
_MERGER_WORD = re.compile(r"merg|combination|合并", _I)
_NOT_NOW = re.compile(r"不再|不会|暂不|无意|并无|没有|\bno\b|\bnot\b|\bnever\b", _I)
_DEAL_STAGE = re.compile(
    r"拟|筹划|终止|完成|据传|洽谈|\b(?:agreed|plans?|terminated|completed|closed|called off"
    r"|in talks)\b",
    _I,
)
_PRODUCT_BUY = re.compile(r"buy|bought|purchase", _I)
_SUBSIDY_LAW = re.compile(r"\bchips (?:and science )?act\b|芯片法案", _I)
_OFFERING_APPROVAL = re.compile(r"注册|发行|上市|过会|募集", _I)
_PLACEMENT = re.compile(r"向特定对象发行|非公开发行|定向增发|定增|可转债|公司债")

_ACTION_ORDER = ("sanction", "subsidize", "lift", "ban", "restrict", "approve", "investigate")


# "its board approved a plan to invest", 董事会审议通过: the company's own approval
_CORPORATE_APPROVAL = re.compile(
    r"(?:\b(?:board|directors|shareholders|stockholders)\b|董事会|股东大会|股东会)[^,，;；]{0,12}$",
    _I,
)
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
    if (any(t.kind == "restrict" for t in reg) or _rule_making(clause)) and not any(
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


def _clause_events(doc: _Doc, ci: int, clause: Clause, state: _State) -> list[EventDraft]:
    trigs = find_triggers(clause.text, clause.lang, clause.low, clause.mask)
    if not trigs:
        return []
    chosen = _pick_triggers(clause, trigs, doc.lang)
    gov_said = _government_gives(doc, ci, clause, trigs) if R not in chosen else None
    if gov_said is not None:
        chosen[R] = gov_said[0]
    out: list[EventDraft] = []
    if chosen.keys() & {F, LST, A} and clause.may(_IPO_ANCHOR) and _IPO_ANCHOR.search(clause.text):
        anchor = _anchor_investors(doc, clause, state)
        return [anchor] if anchor is not None else []
    items = list(chosen.items())
    rule = _rule_part(clause, chosen, trigs)
    if rule is not None:
        items.append((R, rule[0]))
    for etype, trig in items:
        if (
            etype is F
            and clause.may(_OWN_UNIT_CAPITAL)
            and _OWN_UNIT_CAPITAL.search(clause.text)
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
            etype is LST or any(e.type is etype or trig.kind == "deal" for e in state.events)
        ):
            # 受併購消息激勵, "Under the agreement, X will …", 对于此次战略投资: the deal above
            continue
        if etype is INV and _phase_of_last(clause, state):
            continue  # 其中一期投资约20亿元: a part of the project just reported
        if etype in (F, A) and _joins_placement(clause, state):
            continue  # 其中,X获配约5.5亿元: a subscriber of the placement just reported
        parts = (
            [(rule[1], trig)]
            if rule is not None and trig is rule[0]
            else _coordinated_parts(clause, etype, trig, trigs)
            if etype in (F, INV)
            else _same_type_parts(clause, etype, trig, trigs)
        )
        for sub, strig in parts:
            for seg_text, seg_roles, amount in _segments(doc, sub, etype, strig, state):
                role = PRINCIPAL_ROLE[etype]
                each = seg_roles.get(role, [])
                split = (
                    [{**seg_roles, role: [m]} for m in each]
                    if etype in (LST, INV)
                    and len(each) > 1
                    and not (sub.may(_JOINT) and _JOINT.search(sub.text))
                    else [seg_roles]
                )
                for roles in split:
                    ev = _build(doc, sub, etype, strig, roles, amount, seg_text, state)
                    if ev is not None and gov_said is not None and etype is R:
                        ev.details.setdefault("authority", gov_said[1])
                    if ev is not None:
                        out.append(ev)
                        _note(ev, sub, doc.lang, state)
                        if ev.principal():
                            _set_topic(ev, state)
    return out


# An IPO's cornerstone, anchor or strategic-placement investors (an optional funding of the
# issuer), never a listing or a round of their own.
_IPO_ANCHOR = re.compile(
    r"战略配售|基石投资|锚定投资|\b(?:cornerstone|anchor) investors?\b"
    r"|\bindicat(?:ed|es|ions?) (?:of |an )?interest in (?:buying|purchasing|subscribing)"
    r"|\bat the (?:IPO|offering) price\b",
    _I,
)


def _anchor_investors(doc: _Doc, clause: Clause, state: _State) -> EventDraft | None:
    """ "X indicated an interest in buying up to $50 million of shares at the IPO price",
    国家大基金等参与了战略配售: a funding of the article's listed issuer by the named
    investors, or nothing when the article reported no listing or names no investor."""
    listing = next((e for e in reversed(state.events) if e.type is LST and e.principal()), None)
    if listing is None:
        return None
    issuer = {m.company.key for m in listing.principal()}
    investors = [
        s.mention for s in _without_underwriters(clause.text, clause.slots) if s.key not in issuer
    ]
    if not investors:
        return None
    cue = _IPO_ANCHOR.search(clause.text)
    assert cue is not None
    trig = Trigger(F, "anchor", cue.start(), cue.end(), cue.group())
    amount = dm.nearest(clause.amounts, cue.start(), ("deal",))
    roles = {"investee": list(listing.principal()), "investors": _unique(investors)}
    return _build(doc, clause, F, trig, roles, amount, clause.text, state)


_GIVE = re.compile(r"\bto give\b", _I)
_GOV_PRONOUN = re.compile(
    r"\b(?:it|they|the government|the ministry|the agency)\s+(?:\w+\s+)?$", _I
)


def _government_gives(
    doc: _Doc, ci: int, clause: Clause, trigs: list[Trigger]
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


def _rule_part(
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
                and clause.may(_RULE_MAKING)
                and _RULE_MAKING.search(clause.text[sanction.end + cut[-1].start() :])
            ):
                a = sanction.end + cut[-1].start()
                sub = _sub_clause(clause, a, len(clause.text))
                return Trigger(R, "restrict", t.start - a, t.end - a, t.word), sub
    return None


# 获配 / 参与认购 / subscribed: one investor's part of an offering, not a round of its own
_ALLOTTED = re.compile(r"获配|参与认购|认购了?(?:约|其中)?\d|\bsubscribed (?:for|to)\b", _I)


_UNDER_PARENT = re.compile(r"^(?:旗下|下属)[\u4e00-\u9fff]{0,3}$")


def _joins_placement(clause: Clause, state: _State) -> bool:
    """Add the clause's companies to the latest funding as investors when the clause
    gives an allotment in it and names no company of its own raising money."""
    if not clause.slots:
        return False
    last = next((e for e in reversed(state.events[-4:]) if e.type is F), None)
    if last is None or not last.principal():
        return False
    if not (clause.may(_ALLOTTED) and _ALLOTTED.search(clause.text)):
        return False
    investee = {m.company.key for m in last.principal()}
    if any(s.key in investee for s in clause.slots):
        return False
    # "宁德时代旗下问鼎投资": the vehicle and its parent are one investor
    joined = [
        s.mention
        for i, s in enumerate(clause.slots)
        if not (i and _UNDER_PARENT.match(clause.text[clause.slots[i - 1].end : s.start]))
    ]
    last.companies["investors"] = _unique(last.companies["investors"] + joined)
    return True


_UNDER_THE_DEAL = re.compile(
    r"^\W*(?:under|as part of|according to|per) (?:the|this|that|its) (?:[\w-]+ )?"
    r"(?:agreement|deal|contract|pact|arrangement|terms)\b"
    r"|^\W*(?:根据|按照|依据)(?:该|本|上述|此)?(?:协议|合同|协定)",
    _I,
)


def _restates(clause: Clause, trig: Trigger) -> bool:
    """The clause names a deal the article already reported: as news, under its terms,
    or as 此次/本次 / "the deal" with no amount of its own."""
    if _AS_NEWS.match(clause.text, trig.end) or (
        clause.may(_UNDER_THE_DEAL) and _UNDER_THE_DEAL.match(clause.text)
    ):
        return True
    if any(r == "deal" for _, r in clause.amounts):
        return False
    # 此次战略投资; "The deal would add Mitsuhara's slurries to …", "The debut adds to …":
    # the deal above again
    the = bool(_THE_BEFORE.search(clause.text, max(0, trig.start - 6), trig.start))
    return bool(_NAMED_AGAIN.search(clause.text, max(0, trig.start - 6), trig.start)) or (
        the and (trig.kind == "deal" or (trig.type is LST and trig.word.lower() in _LISTING_NOUNS))
    )


# Capital a company puts into its own subsidiary: an investment in its own capacity
# (FORMAT.md: a parent and the subsidiary doing the deal are one company), not a round.
_OWN_UNIT_CAPITAL = re.compile(
    r"(?:对|對|向)(?:其)?(?:全资|全資|百分之百持股|100%持股)?(?:子公司|孙公司|孫公司)"
    r"[^,，。;；]{0,30}?增[资資]"
    r"|增[资資](?:其)?(?:全资|全資|百分之百持股)?(?:子公司|孙公司|孫公司)"
    r"|\b(?:inject\w*|invest\w*)\b[^.;]{0,30}\b(?:its|a) (?:wholly[- ]owned )?"
    r"(?:subsidiary|unit)\b",
    _I,
)
_CAPACITY = re.compile(
    r"产能|產能|扩建|擴建|扩产|擴產|建厂|建廠|厂区|廠區|晶圆厂|晶圓廠|产线|產線|生产线|生產線"
    r"|\b(?:capacity|fab|plant|factory|production line)\b",
    _I,
)
_NAMED_AGAIN = re.compile(r"(?:此次|本次|该笔|這筆|这笔|该项|該項|上述)\s*$")
# "$17.4 billion …, which could rise to $19.4 billion if …", "up to $19.4 billion":
# a base amount with an option on top is a range (FORMAT.md)
_UPSIDE = re.compile(
    r"\b(?:could|may|might|would|will|can)\s+(?:\w+\s+)?(?:climb|rise|increase|reach|grow"
    r"|go up)\s+to\s+(?:about\s+|around\s+|roughly\s+|as much as\s+)?$|\bup to\s+$"
    r"|(?:增至|提高至|增加至|上调至|最高可达|最高达|总对价最高|总额最高)约?\s*$",
    _I,
)


# "$17.4 billion, up to $19.4 billion", 即交易总对价最高5.4亿欧元: a later ceiling on the same deal
_TOTAL_BEFORE = re.compile(r"(?:总对价|总金额|总额|总价|合计|[,，]|即|\band\b)\s*$", _I)


def _with_upside(clause: Clause, amount: Money | None) -> Money | None:
    """``amount`` as a range up to a larger figure the clause offers on top of it."""
    if amount is None or amount.qualifier in (Qualifier.RANGE, Qualifier.AT_MOST):
        return amount
    for m, _ in clause.amounts:
        if (
            m.start >= amount.end
            and m.currency == amount.currency
            and m.value > amount.value
            and not m.per_share
            and (
                _UPSIDE.search(clause.text, max(amount.end, m.start - 40), m.start)
                or (
                    m.qualifier is Qualifier.AT_MOST
                    and _TOTAL_BEFORE.search(clause.text, max(amount.end, m.start - 12), m.start)
                )
            )
        ):
            return replace(amount, qualifier=Qualifier.RANGE, max=m.value)
    return amount


_LISTING_NOUNS = frozenset({"debut", "listing", "ipo", "offering", "float"})
_THE_BEFORE = re.compile(r"\b(?:the|this|that)\s+$", _I)
_AS_NEWS = re.compile(
    r"\s*(?:消息|传闻|傳聞|题材|題材|概念|利好|预期|預期|事项|事項|\bnews\b|\bspeculation\b)", _I
)
_PHASE = re.compile(
    r"(?:其中)?(?:[一二三四首]|第[一二三四])期(?!基金)|分[两二三四]期"
    r"|\b(?:first|second|third|initial|later) (?:phase|stage)\b|\bphase (?:one|two|I{1,3}|[1-3])\b",
    _I,
)


def _phase_of_last(clause: Clause, state: _State) -> bool:
    """An investment clause about one phase of the project the last investment event
    reported, naming no other investor: the same commitment, not a second one."""
    if not (clause.may(_PHASE) and _PHASE.search(clause.text)):
        return False
    last = next((e for e in reversed(state.events[-4:]) if e.type is INV), None)
    if last is None:
        return False
    own = {m.company.key for m in last.principal()}
    return all(s.key in own for s in clause.slots)


_ACTOR = {F: "investee", A: "acquirer", LST: "issuer", ORD: "supplier", INV: "investor"}


def _set_topic(ev: EventDraft, state: _State) -> None:
    """The company an event is about becomes what "it"/"the company" refers to next."""
    if ev.type is A and ev.companies.get("target"):
        state.last_target = ev.companies["target"][0]
    role = _ACTOR.get(ev.type)
    if role and ev.companies.get(role):
        state.topic = ev.companies[role][0]


def _note(ev: EventDraft, clause: Clause, lang: str, state: _State) -> None:
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
_PLACEMENT = re.compile(r"定增|定向|特定对象|非公开|配售|配股|可转债|债券")


_EN_PRICED = re.compile(
    r"\bpric(?:ed|es|ing)\b[^.;]{0,40}\b(?:shares|IPO|offering|listing)\b"
    r"|\b(?:IPO|initial public offering)\b",
    _I,
)
_OFFER_TERMS = re.compile(r"发行价|发行数量|发行股数|本次发行|首次公开发行|新股")


def _ipo_proceeds(doc: _Doc, ci: int, clause: Clause, trig: Trigger, state: _State) -> bool:
    """A Chinese 募资 that is the amount a listing raises, not a funding round
    (the sentence, or the ones before it up to a ；, speaks of a prospectus or an IPO,
    or of 本次发行/发行价 right after the article reported a listing); in English, "X priced
    its 30 million shares …, raising $720 million" right after a debut."""
    if trig.kind == "raise" and not _has_han(clause.text):
        listed = state.last_listing is not None and ci - state.listing_clause <= 8
        return (
            listed and bool(_EN_PRICED.search(clause.text)) and not _PLACEMENT.search(clause.text)
        )
    if trig.word not in _PROCEEDS_WORDS or not _has_han(clause.text):
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


def _proceeds_use(doc: _Doc, clause: Clause, trig: Trigger) -> bool:
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


_VERB_KINDS = {A: ("buy", "sell", "passive")}
_LISTING_FUNDING_WORDS = frozenset({"配售", "配股", "募资", "募集资金", "筹资", "融资"})
_COORDINATOR = re.compile(
    r",?\s+and\s+(?:later\s+|then\s+)?|,\s+|[,，;；]\s*(?:并|随后|此后|后又|又)?", _I
)


# 转让价格 / 转让总价款 / 收购协议: the deal named again as a noun, no second deal
_DEAL_NOUN_AFTER = re.compile(r"总?(?:价格|价款|对价|款项?|协议|方式|意向|比例|事项|手续|完成后)")


def _same_type_parts(clause: Clause, etype: EventType, trig: Trigger, trigs: list[Trigger]):
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


def _coordinated_parts(clause: Clause, etype: EventType, trig: Trigger, trigs: list[Trigger]):
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


_ROUND_REF = re.compile(r"\b(?:the|that|this) (?:\w+ )?round\b|本轮|该轮|此轮", _I)
_DESCRIPTOR = re.compile(
    r"^\W*(?:[^,]{0,30},\s*)?the (?:[\w-]+ ){1,4}(?:group|manufacturer|maker|company|firm|chipmaker"
    r"|designer|startup|giant|supplier|operator|developer|foundry)\b",
    _I,
)


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


# "Corvid, a startup that …", "chip startup Corvid", 初创公司芯途, 芯途是一家初创企业
_STARTUP_AFTER = re.compile(
    r"^\s*(?:,\s*(?:an?|the) (?:[\w-]+ ){0,3}start-?up\b|[,，]?\s*(?:是)?一家[^,，。;；]{0,15}?"
    r"(?:初创|创业)(?:公司|企业))",
    _I,
)
_STARTUP_BEFORE = re.compile(r"(?:\bstart-?up|初创公司|初创企业|创业公司)\s*$", _I)
# "The startup raised …", 这家初创公司/该初创企业: the company last described as one
_STARTUP_REF = re.compile(
    r"\bthe (?:[\w-]+ )?start-?up\b|(?:这家|该)(?:[^,，。;；]{0,6}?)(?:初创|创业)(?:公司|企业)", _I
)


def _note_startups(clause: Clause, state: _State) -> None:
    """Remember the last company the text describes as a startup."""
    if not clause.slots:
        return
    after, before = clause.may(_STARTUP_AFTER), clause.may(_STARTUP_BEFORE)
    for s in clause.slots:
        if (after and _STARTUP_AFTER.match(clause.text[s.end : s.end + 60])) or (
            before and _STARTUP_BEFORE.search(clause.text[max(0, s.start - 12) : s.start])
        ):
            state.startup = s.mention


def _roles(
    etype: EventType, clause: Clause, text: str, slots: list[rl.Slot], trig: Trigger, state: _State
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
        slots = _without_underwriters(text, slots)  # banks and advisers are no party
    # "according to PitchBook", 据彭博社报道: a source, no party
    slots = [s for s in slots if not _SOURCE_BEFORE.search(text, max(0, s.start - 24), s.start)]
    # "RISC-V chip startup Rivos": a name that only describes the next one is no party
    slots = [
        s
        for i, s in enumerate(slots)
        if i + 1 == len(slots) or not _DESCRIBES_NEXT.fullmatch(text, s.end, slots[i + 1].start)
    ]
    ref = (
        _STARTUP_REF.search(text[: trig.start])
        if state.startup is not None and clause.may(_STARTUP_REF)
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
        if clause.may(_ROUND_REF) and _ROUND_REF.search(text[: trig.end + 20]):
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
        issuers = _without_underwriters(text, slots)
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
    return {"affected": _unique(affected)}


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


def _without_underwriters(text: str, slots: list[rl.Slot]) -> list[rl.Slot]:
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


def _unique(ms: list[CompanyMention]) -> list[CompanyMention]:
    seen: set[str] = set()
    out: list[CompanyMention] = []
    for m in ms:
        if m.company.key not in seen:
            seen.add(m.company.key)
            out.append(m)
    return out


def _segments(doc: _Doc, clause: Clause, etype: EventType, trig: Trigger, state: _State):
    """(text, roles, amount) per deal the clause reports: usually one; a clause
    listing several amounts each with its own party or round gives several."""
    deal_roles = ("deal", "cumulative") if etype in (F, ORD) else ("deal",)
    deals = [(m, r) for m, r in clause.amounts if r in deal_roles]
    # "$17.4 billion …, which could rise to $19.4 billion": the option, not a second deal
    deals = [
        (m, r)
        for i, (m, r) in enumerate(deals)
        if not (i and _UPSIDE.search(clause.text, max(deals[i - 1][0].end, m.start - 40), m.start))
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
        return dm.first(clause.amounts, ("deal",)) if _proceeds_context(clause) else None
    # 合同金额合计约9.8亿元: an order's "total" is the contract's own size
    roles = ("deal", "cumulative") if etype in (F, ORD) else ("deal",)
    found = dm.nearest(clause.amounts, (trig.start + trig.end) // 2, roles)
    if found is None and etype is F:
        found = dm.first(clause.amounts, ("net",))  # 所得款项净额: the only figure given
    return found


_PROCEEDS = re.compile(
    r"募资|集资|募集|所得款项|\braise\b|\braising\b|\braised\b|\bproceeds\b|\bshare sale\b"
    r"|\boffering\b",
    _I,
)


def _proceeds_context(clause: Clause) -> bool:
    return clause.may(_PROCEEDS) and _PROCEEDS.search(clause.text) is not None


_OWN_NOUN = re.compile(r"(?:the|its|their) ", _I)
_RAISING_NOW = re.compile(r"\bis raising\b|\bare raising\b|正在募集|正在进行", _I)


def _build(
    doc: _Doc,
    clause: Clause,
    etype: EventType,
    trig: Trigger,
    companies: dict[str, list[CompanyMention]],
    amount: Money | None,
    seg_text: str,
    state: _State,
) -> EventDraft | None:
    companies = {role: list(companies.get(role, [])) for role in ROLES[etype]}
    principal = companies[PRINCIPAL_ROLE[etype]]
    amount = _with_upside(clause, amount)
    if etype is ORD:
        # an unnamed supplier or buyer leaves its role empty; one side and money suffice
        if not (principal or companies["buyer"]) or (
            amount is None and not (principal and companies["buyer"])
        ):
            return None
    elif etype is A and not principal:
        # "X终止筹划重大资产重组", "X to buy a stake for $Y": an unnamed target
        if (
            not companies["acquirer"]
            or not (amount is not None or _DEAL_STAGE.search(clause.text))
            or _REF_BEFORE.search(clause.text[max(0, trig.start - 12) : trig.start])
            or _NOT_NOW.search(clause.text[max(0, trig.start - 12) : trig.start])
            or rl.is_partner(clause.text, companies["acquirer"][0])
        ):
            return None
        if _MERGER_WORD.search(trig.word):
            # "X is not pursuing a merger": X is a party whichever side it would be
            companies = {"acquirer": [], "target": companies["acquirer"]}
    elif etype is not R and not principal:
        return None
    if etype is INV and amount is None:
        return None  # "the plant it operates in Kumamoto": background, not a commitment
    if etype is LST and amount is None and _OWN_NOUN.match(trig.word):
        last = next((e for e in reversed(state.events) if e.type is LST), None)
        if last is not None and {m.company.key for m in last.principal()} == {
            m.company.key for m in principal
        }:
            return None  # "the offering" again: the listing already recorded
    if etype is R and not principal and trig.kind == "subsidize" and state.topic is not None:
        companies["affected"] = [state.topic]
    status = clause_status(_status_window(clause, trig), etype)
    if etype is LST and status not in (
        Status.PLANNED,
        Status.RUMORED,
        Status.TERMINATED,
        Status.DENIED,
    ):
        status = Status.ANNOUNCED
    if etype is F and clause.may(_RAISING_NOW) and _RAISING_NOW.search(clause.text):
        status = Status.PLANNED
    if (
        etype is INV
        and status is Status.PLANNED
        and clause.may(_BOARD_PASSED)
        and _BOARD_PASSED.search(clause.text)
    ):
        status = Status.ANNOUNCED  # the board approved the spending: decided, not just planned
    if (
        etype is ORD
        and status is Status.PLANNED
        and clause.may(_SIGNED)
        and _SIGNED.search(clause.text)
    ):
        status = Status.ANNOUNCED  # "a contract, signed in July, under which X will supply"
    details = _details(doc, clause, etype, trig, seg_text, amount)
    if etype is LST and status is Status.PLANNED and details.get("stage") == "filed":
        status = Status.ANNOUNCED  # "filed for an IPO, seeking to raise …": the filing is done
    rule = (
        etype is R
        and not principal
        and trig.kind in ("restrict", "ban", "investigate")
        and details.get("authority")
        and _rule_making(clause)
    )
    if etype is LST and amount is not None:
        details.setdefault("proceeds", amount)
    when = _event_date(_date_window(clause, trig, status), doc.ref, doc.lang)
    s, e = clause.sent
    when = _carried_date(doc, clause, when, state)
    ev = EventDraft(
        type=etype,
        companies=companies,
        amount=amount,
        status=status,
        date=when,
        evidence=Evidence(doc.text[s:e], s, e),
        details=details,
    )
    if rule:
        state.rules.add(id(ev))
    return ev


# A government publishing a rule (or opening a trade probe) that names products, not companies:
# the rule is an event with an empty ``affected`` (FORMAT.md, export-control packages).
_RULE_MAKING = re.compile(
    r"\b(?:published|publishes|issued|issues|unveiled|unveils|announced|imposed|imposes"
    r"|introduced|tightened|tightens|tightening|expanded|expands|adopted|rolled out|new)"
    r" (?:[\w-]+ ){0,3}?(?:rules?|controls?|restrictions?|curbs?|regulations?|requirements?)\b"
    r"|\b(?:rules?|regulations?) (?:tightening|restricting|expanding|limiting|that (?:restrict"
    r"|tighten|require|limit|bar))\b"
    r"|发布[^,，。;；]{0,8}(?:新规|规则|措施|规定|公告)|出台|收紧|加严|扩大[^,，。;；]{0,6}管制"
    r"|(?:发起|启动|开展|立案)[^,，。;；]{0,8}调查|反倾销|反补贴|\banti-(?:dumping|subsidy)\b",
    _I,
)


def _rule_making(clause: Clause) -> bool:
    """The clause announces a rule or a trade probe (``_RULE_MAKING``)."""
    return clause.may(_RULE_MAKING) and _RULE_MAKING.search(clause.text) is not None


_BOARD_PASSED = re.compile(
    r"\b(?:board|directors)\b[^.;]{0,20}\b(?:approved|signed off|cleared)\b"
    r"|董事会[^,，。;；]{0,8}审议通过",
    _I,
)
_SIGNED = re.compile(
    r"\b(?:signed|inked|won|wins|secured|awarded|struck|clinched)\b|\bunder which\b"
    r"|\bunder (?:a|an|the|its)\b[^.;]{0,40}?\b(?:contract|agreement|deal)\b"
    r"|已签订|已签署|签订了|签署了|中标",
    _I,
)
_WINDOW_STOP = re.compile(
    r",\s*(?:which|where|when|as|while|but)\b|[;；]"
    r"|\s+and\s+(?:will|plans? to|intends? to|expects? to)\b",
    _I,
)
_WIDE_CUES = re.compile(
    r"(?:该笔|该项|此次|本次|这笔)[^,，。]{0,10}(?:已于?[^,，。]{0,12})?完成"
    r"|\b(?:the|this) (?:deal|purchase|transaction|acquisition|placement|sale) (?:closed"
    r"|was completed)\b"
    r"|据传|传闻|知情人士|消息人士|否认|终止|告吹|reportedly|people familiar|person familiar"
    r"|according to"
    r"|交易已(?:于[^,，。]{0,12})?完成|完成交割|已交割|(?:交易|收购|并购)[^,，。]{0,6}已完成"
    r"|\bdenied\b|\bcollapsed\b|\bterminated\b|\bcalled off\b|\bin talks\b|\bturned down\b"
    r"|\b(?:deal|offer|bid) (?:lapsed|expired|fell through)\b"
    r"|\bbroke down\b|\bcited\b|\bciting\b|\breported\b",
    _I,
)


_WIDE_LEADS = Leads(_WIDE_CUES)
# a stop holds one of these (its (?i) scan of the rest of a clause was ~8 µs)
_WINDOW_STOP_WORDS = required_literals(_WINDOW_STOP) or ("",)
_WINDOW_STOP_ZH = re.compile(r"[,，;；]")


_HAN_BASIC = re.compile("[\u4e00-\u9fff]")


def _has_han(text: str) -> bool:
    """A basic-block ideograph among the first 80 characters."""
    return _HAN_BASIC.search(text, 0, 80) is not None


def _status_window(clause: Clause, trig: Trigger) -> str:
    """The trigger's own phrase for plans and completion; rumours and denials anywhere."""
    text = clause.text
    if _has_han(text):
        stop = _WINDOW_STOP_ZH.search(text, trig.end)
    elif any(clause.low.find(w, trig.end) >= 0 for w in _WINDOW_STOP_WORDS):
        stop = _WINDOW_STOP.search(text, trig.end)
    else:
        stop = None
    window = text[: stop.start()] if stop else text
    rest = text[len(window) :]
    wide = " ".join(m.group(0) for m in _WIDE_LEADS.finditer(rest, ascii_lower(rest)))
    return f"{window} {wide}" if wide else window


_COMPLETION_PHRASE = re.compile(r"[^,，;；]*(?:完成|completed|closed)[^,，;；。.]*", _I)


def _date_window(clause: Clause, trig: Trigger, status: Status) -> str:
    """The part of the clause that dates the event: up to the end of the trigger's
    phrase; a completion's own date where one is given."""
    text = clause.text
    if status is Status.COMPLETED and clause.may(_COMPLETION_PHRASE):
        m = _COMPLETION_PHRASE.search(text)
        if m and m.start() > trig.start:
            return m.group(0)
    cut = _WINDOW_STOP_ZH.search(text, trig.end)
    end = cut.start() if cut else len(text)
    return text[:end]


def _details(
    doc: _Doc, clause: Clause, etype: EventType, trig: Trigger, text: str, amount: Money | None
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if etype is F:
        rnd = dt.funding_round(text, doc.lang)
        if rnd:
            out["round"] = rnd
        val = dm.first(clause.amounts, ("valuation",))
        if val is not None:
            out["valuation"] = val
    elif etype is A:
        pct = dt.stake_pct(text)
        if pct is not None:
            out["stake_pct"] = pct
        if dt.includes_debt(text):
            out["includes_debt"] = True
    elif etype is LST:
        out["stage"] = dt.listing_stage(trig.kind)
        ex = dt.exchange(text)
        if ex:
            out["exchange"] = ex
        if out["stage"] == "listed":
            _listing_prices(clause, out)
    elif etype is ORD:
        prod = dt.product(text)
        if prod:
            out["product"] = prod
    elif etype is INV:
        loc = dt.location(text, doc.lang)
        if loc:
            out["location"] = loc
    elif etype is R:
        out["action"] = trig.kind
        auth = _authority(clause)
        if auth:
            out["authority"] = auth
        prod = dt.product(text)
        if prod:
            out["product"] = prod
    return out


def _authority(clause: Clause) -> str | None:
    named = dt.authority(clause.text)
    if named and named != "government":
        return named
    if _SUBSIDY_LAW.search(clause.text) and not clause.gov:
        return "US Department of Commerce"  # the CHIPS Act's grants are Commerce's
    if clause.gov:
        return clause.gov[0].company.name
    return named


_MOVE_VERB = re.compile(
    r"(?:上涨|下跌|收涨|收跌|涨幅|跌幅|涨|跌|\bup\b|\bdown\b|gained|rose|fell|jumped|surged|climbed"
    r"|dropped|slid|lower|higher|declined)[^,，;；]{0,14}$",
    _I,
)
_CLOSE_CUE = re.compile(
    r"收盘|收报|收市|收于|收涨|收跌|首日|休市|午间|午盘|\bclos(?:e|ed|ing)\b|\bended\b|\bfinished\b"
    r"|first day|midday|debut",
    _I,
)
_OPEN_CUE = re.compile(r"开盘|开市|高开|低开|\bopened\b|\bat (?:the )?open\b", _I)
_INDEX = re.compile(r"指数|恒指|大市|index|taiex|benchmark|hang seng|composite|s&p", _I)
_NEGATIVE_MOVE = re.compile(
    r"跌|下跌|低|\bdown\b|\bfell\b|\blower\b|\bdropped\b|\bslid\b|\bdeclined\b", _I
)


def _listing_prices(clause: Clause, out: dict[str, Any]) -> None:
    """Offer and open price, market cap, ticker and the day's move, where the clause gives them."""
    text = clause.text
    for money, role in clause.amounts:
        if role in ("offer_price", "open_price", "market_cap") and role not in out:
            out[role] = money
        elif role == "deal" and _proceeds_context(clause) and "proceeds" not in out:
            out["proceeds"] = money
    tick = dt.ticker(text)
    if tick and "ticker" not in out:
        out["ticker"] = tick
    if "exchange" not in out:
        ex = dt.exchange(text)
        if ex:
            out["exchange"] = ex
    move = _day_move(text)
    if move is not None:
        out["day_change_pct"] = move


def _day_move(text: str) -> Decimal | None:
    """The closing (or latest reported) move of a first trading day; an opening move is left out."""
    found: Decimal | None = None
    for value, start, end in find_percentages(text):
        before = text[max(0, start - 60) : start]
        verb = _MOVE_VERB.search(before)
        if not verb or _INDEX.search(before[-30:]):
            continue
        closes = list(_CLOSE_CUE.finditer(before))
        opens = list(_OPEN_CUE.finditer(before))
        after_close = _CLOSE_CUE.search(text[end : end + 30])
        if (closes and (not opens or closes[-1].start() > opens[-1].start())) or (
            after_close and not opens
        ):
            pass
        else:
            continue
        found = -value if _NEGATIVE_MOVE.search(verb.group(0)) else value
    return found


# --- 3. follow-ups -----------------------------------------------------------


def _follow_up(
    doc: _Doc, ci: int, clause: Clause, state: _State, produced: list[EventDraft]
) -> None:
    """A clause that adds to an earlier event rather than reporting a new one."""
    text = clause.text
    keys = {s.key for s in clause.slots}
    # listing details over the next few sentences about the same issuer
    lst = state.last_listing
    if (
        lst is not None
        and not any(ev.type is LST for ev in produced)
        and ci - state.listing_clause <= 4
        and clause.may(_LISTING_CUES)
        and _LISTING_CUES_LEADS.search(text, clause.low)
        and keys <= {m.company.key for m in lst.principal()}
    ):
        extra: dict[str, Any] = {}
        _listing_prices(clause, extra)
        for k, v in extra.items():
            if k == "day_change_pct" or k not in lst.details:
                lst.details[k] = v
        if lst.amount is None and "proceeds" in lst.details:
            lst.amount = lst.details["proceeds"]
        if extra:
            state.listing_clause = ci
    if produced:
        return
    if _joins_placement(clause, state):
        return
    # each cue below is read only where an earlier event it could add to exists: most
    # clauses come before the first event or after events it cannot change
    tail = state.events[-8:]
    if not tail:
        return
    # "The purchase closed on March 31": a deal named by a noun, with no party
    ref = None if keys or not clause.may(_REF_NOUN) else _REF_NOUN.search(text)
    if ref:
        etype = (
            A
            if re.search(r"purchase|acquisition|takeover|merger|收购|并购|合并", ref.group(0), _I)
            else None
        )
        for ev in reversed(state.events[-6:]):
            if etype is None or ev.type is etype:
                if is_completion(text):
                    ev.status = later(ev.status, Status.COMPLETED)
                    when = _event_date(text, doc.ref, doc.lang)
                    if when:
                        ev.date = when
                break
    # a deal's amount given after the deal ("Nvidia was paying about $20 billion")
    unpriced = any(ev.type in (A, ORD, F) and ev.amount is None for ev in tail[-6:])
    deals = (
        [m for m, r in clause.amounts if r == "deal"]
        if unpriced and clause.may(_DEAL_REF) and _DEAL_REF_LEADS.search(text, clause.low)
        else []
    )
    if len(deals) == 1:
        for ev in reversed(state.events[-6:]):
            if (
                ev.type in (A, ORD, F)
                and ev.amount is None
                and (not keys or keys & {m.company.key for ms in ev.companies.values() for m in ms})
            ):
                ev.amount = deals[0]
                break
    # "Disruptive led it as well, with A and B among the participants"
    if not keys:
        return
    if (
        clause.may(_INVESTOR_CUE)
        and any(ev.type is F for ev in tail[-3:])
        and _INVESTOR_CUE.search(text)
    ):
        for ev in reversed(state.events[-3:]):
            if ev.type is F:
                investee = {m.company.key for m in ev.principal()}
                joined = [s.mention for s in clause.slots if s.key not in investee]
                ev.companies["investors"] = _unique(ev.companies["investors"] + joined)
                break
    # "客户正是特斯拉", "the customer was Tesla": the buyer an order left unnamed
    if (
        clause.may(_CUSTOMER_IS)
        and any(ev.type is ORD for ev in tail[-6:])
        and _CUSTOMER_IS.search(text)
    ):
        for ev in reversed(state.events[-6:]):
            if ev.type is ORD and not ev.companies["buyer"]:
                supplier = {m.company.key for m in ev.companies["supplier"]}
                ev.companies["buyer"] = [s.mention for s in clause.slots if s.key not in supplier][
                    :1
                ]
                break
    # "Among the companies named were A and B", 被列入的企业包括A、B: the sanction's list
    if (
        clause.may(_LISTED_CUE)
        and any(ev.type is R for ev in tail[-3:])
        and _LISTED_CUE.search(text)
    ):
        for ev in reversed(state.events[-3:]):
            if ev.type is R and ev.details.get("action") == "sanction":
                ev.companies["affected"] = _unique(
                    ev.companies["affected"] + [s.mention for s in clause.slots]
                )
                break
    # a denial of a reported deal
    if clause.may(_DENIAL_VERB) and _DENIAL_VERB.search(text):
        for ev in reversed(state.events[-8:]):
            if ev.status in (Status.RUMORED, Status.ANNOUNCED, Status.PLANNED) and keys & {
                m.company.key for ms in ev.companies.values() for m in ms
            }:
                ev.status = Status.DENIED
                break


_LISTED_CUE = re.compile(
    r"\bamong (?:the|them|those)\b|\binclud(?:e|es|ed|ing)\b|\bnamed\b|\bsuch as\b"
    r"|包括|其中|分别为|分别是|名单|被列入|列入的",
    _I,
)


# --- 4. merge ----------------------------------------------------------------


def _principal_key(ev: EventDraft) -> str:
    ms = ev.principal()
    if not ms and ev.type is A:
        ms = ev.companies.get("acquirer", [])
    if ms:
        return ms[0].company.key
    if ev.type is R:
        return "authority:" + str(ev.details.get("authority"))
    return ""


def _merge_key(ev: EventDraft) -> tuple[str, ...]:
    key = (ev.type.value, _principal_key(ev))
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


def _merge(events: list[EventDraft], cumulative: set[int]) -> list[EventDraft]:
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
    return len(a) >= 3 and _has_han(a) and b.startswith(a)


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
        into.companies[role] = _unique(have + ms)
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
    participle = _PARTICIPLE_OPENER.match(clause.text) if clause.may(_PARTICIPLE_OPENER) else None
    if participle:
        after = [s for s in clause.slots if s.start >= participle.end()]
        if after and _OPENER.match(clause.text[participle.end() : after[0].start]):
            return after[0].mention
    opens = _OPENER.match(clause.text[: first.start]) and not rl.INVESTOR_AFTER.search(
        clause.text[first.end : first.end + 60]
    )
    return first.mention if opens else None


_PARTICIPLE_OPENER = re.compile(
    r"^\W*(?:founded|established|formed|launched|spun (?:out|off)|based|headquartered"
    r"|incorporated|backed|started)\b[^,;]{0,80},\s*",
    _I,
)


# The cues read on whole clauses or their parts, behind one gate (``Clause.may``)
_CLAUSE_CUES = (
    _ROUND_WORDS,
    _ANAPHORIC_DEAL,
    _CORPORATE_APPROVAL,
    dt.AUTHORITY_WORDS,
    _SUBSIDY_LAW,
    _OFFERING_APPROVAL,
    _PRODUCT_WORDS,
    _FORECAST,
    _JOINT,
    _STARTUP_REF,
    _ROUND_REF,
    _LISTING_CUES,
    _REF_NOUN,
    _DEAL_REF,
    _INVESTOR_CUE,
    _CUSTOMER_IS,
    _LISTED_CUE,
    _DENIAL_VERB,
    _ALLOTTED,
    _STARTUP_AFTER,
    _STARTUP_BEFORE,
    _IPO_ANCHOR,
    _STATS,
    _RULE_MAKING,
    _OWN_UNIT_CAPITAL,
    _UNDER_THE_DEAL,
    _PHASE,
    _PROCEEDS,
    _RAISING_NOW,
    _BOARD_PASSED,
    _SIGNED,
    _COMPLETION_PHRASE,
    _PARTICIPLE_OPENER,
)
# behind the trigger patterns' own literals, so one scan of a clause reads both
_CLAUSE_GATES = {
    lang: Gate(gate_needs(lang) + [required_literals(rx) for rx in _CLAUSE_CUES])
    for lang in ("en", "zh")
}
# per language, each cue's bit in the clause mask (after the trigger patterns' bits)
_CLAUSE_BIT = {
    lang: {id(rx): 1 << (len(gate_needs(lang)) + i) for i, rx in enumerate(_CLAUSE_CUES)}
    for lang in ("en", "zh")
}


def extract_events(article: ArticleInput, registry: CompanyRegistry) -> list[EventDraft]:
    """Every event the article reports (FORMAT.md), merged within the article."""
    doc = _prepare(article, registry)
    state = _State()
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
        _note_startups(clause, state)
        _follow_up(doc, ci, clause, state, produced)
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
    events = _merge(state.events, state.cumulative)
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
        done = state.completed_rounds.get(_principal_key(ev), set())
        if ev.type is F and rnd in done and ev.status is Status.ANNOUNCED:
            ev.status = Status.COMPLETED
    return [ev for ev in events if _keep(ev, state.rules)]


def _keep(ev: EventDraft, rules: set[int]) -> bool:
    if ev.type is R:
        return bool(ev.companies["affected"]) or ev.amount is not None or id(ev) in rules
    return True

"""Company recognition: the registry of known names and discovery of new ones.

``CompanyRegistry.find`` runs one Aho-Corasick pass over the folded text
(``text.fold``: NFKC, simplified Chinese, lower case, one character for one),
so every offset it reports is valid in the original text. Latin names match
at word boundaries only, case-insensitively unless listed as ``strict``;
Chinese names match anywhere; the leftmost, then longest, match wins.

``discover_companies`` finds companies the registry does not know from the
structure of the sentence around them: a suffix (科技, Inc.) and a deal verb
(完成, 获, raised), an investor list (由A领投, led by A and B), an apposition
("X, a Shanghai-based chip startup"). Precision comes before recall: a name
made only of generic words, places, months or a person's title is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import ahocorasick

from extractors.text import HAN, ascii_lower, fold, han_count, is_han, normalize
from extractors.text import finditer_at as _finditer_at
from extractors.types import Company, CompanyMention

__all__ = ["CompanyRegistry", "discover_companies", "name_key"]

# How an exchange is written before a code ("NASDAQ: NVDA") and after it ("688802.SH").
_EXCHANGE_PREFIXES: dict[str, tuple[str, ...]] = {
    "NASDAQ": ("nasdaq",),
    "NYSE": ("nyse",),
    "HKEX": ("hkex", "sehk", "hk"),
    "SSE": ("sse", "sh"),
    "SZSE": ("szse", "sz"),
    "TWSE": ("twse", "tw"),
    "TPEX": ("tpex",),
    "KRX": ("krx", "kospi"),
    "KOSDAQ": ("kosdaq",),
    "TSE": ("tse", "tyo"),
    "LSE": ("lse",),
    "XETRA": ("xetra", "etr", "fra"),
    "EURONEXT": ("euronext", "ams", "epa"),
}
_EXCHANGE_SUFFIXES: dict[str, tuple[str, ...]] = {
    "HKEX": (".hk",),
    "SSE": (".sh", ".ss"),
    "SZSE": (".sz",),
    "TWSE": (".tw",),
    "TPEX": (".two",),
    "KRX": (".ks",),
    "KOSDAQ": (".kq",),
    "TSE": (".t",),
}

# Legal forms a name may end with; dropped when names are compared.
_LEGAL_EN = re.compile(
    r"[\s,]*\b(?:inc|incorporated|corp|corporation|co|company|ltd|limited|llc|plc|pbc|ag|sa|"
    r"s\.a|nv|n\.v|bv|b\.v|gmbh|se|kk|pte|pty|llp|lp)\.?$"
)
_LEGAL_ZH = ("股份有限公司", "有限责任公司", "有限公司", "株式会社", "公司", "集团")
_PLACE_IN_PARENS = re.compile(r"[(（][\u4e00-\u9fff]{1,4}[)）]")
_NOT_ALNUM = re.compile(r"[\W_]+")

# Words a looked-up name may carry that the registry spells without.
_GENERIC_ZH_TAIL = (
    "制造",
    "集成电路",
    "微电子",
    "半导体",
    "科技",
    "技术",
    "电子",
    "智能",
    "信息",
    "股份",
    "控股",
    "国际",
)
_GENERIC_EN_TAIL = re.compile(
    r"\s+(?:holdings|group|technologies|technology|systems|labs|ai|semiconductors?)$"
)
ZH_PLACES = (
    "北京",
    "上海",
    "天津",
    "重庆",
    "深圳",
    "广州",
    "杭州",
    "南京",
    "苏州",
    "无锡",
    "合肥",
    "武汉",
    "成都",
    "西安",
    "长沙",
    "郑州",
    "厦门",
    "珠海",
    "青岛",
    "济南",
    "宁波",
    "东莞",
    "常州",
    "绍兴",
    "嘉兴",
    "南通",
    "福州",
    "沈阳",
    "大连",
    "长春",
    "哈尔滨",
    "昆山",
    "佛山",
    "香港",
    "澳门",
    "台湾",
    "台北",
    "新竹",
    "江苏",
    "浙江",
    "广东",
    "安徽",
    "湖北",
    "湖南",
    "四川",
    "陕西",
    "山东",
    "河南",
    "河北",
    "福建",
    "江西",
    "辽宁",
    "吉林",
    "黑龙江",
    "山西",
    "云南",
    "贵州",
    "广西",
    "海南",
    "甘肃",
    "中国",
    "国内",
    "美国",
    "日本",
    "韩国",
    "德国",
    "英国",
    "法国",
    "欧洲",
    "海外",
    "本土",
    "全球",
)


def _words(spaced: str) -> frozenset[str]:
    """A word set written as one spaced string, to keep long vocabularies readable."""
    return frozenset(spaced.split())


def _by_first(words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """``words`` grouped by their first character, in their order."""
    index: dict[str, list[str]] = {}
    for word in words:
        index.setdefault(word[:1], []).append(word)
    return {ch: tuple(group) for ch, group in index.items()}


_PLACE_INDEX = _by_first(ZH_PLACES)
# What a name must end with for ``_LEGAL_EN`` to match (its ``$`` also matches before
# a final newline).
_LEGAL_EN_ENDS = (
    *(
        word + end
        for word in _words(
            "inc incorporated corp corporation co company ltd limited llc plc pbc ag sa s.a "
            "nv n.v bv b.v gmbh se kk pte pty llp lp"
        )
        for end in ("", ".")
    ),
    "\n",
)


def _strip_place(name: str) -> str:
    """``name`` without a leading Chinese place (深圳市, 上海) when a name remains."""
    for place in _PLACE_INDEX.get(name[:1], ()):  # only the places sharing its first character
        if name.startswith(place):
            rest = name[len(place) :]
            if rest[:1] in ("市", "省"):
                rest = rest[1:]
            if len(rest) >= 2:
                return rest
    return name


def _strip_legal(folded: str) -> str:
    """Drop legal suffixes (", Inc.", 股份有限公司) from a folded name, repeatedly."""
    name = folded
    if "(" in name or "（" in name:
        name = _PLACE_IN_PARENS.sub("", name)
    name = name.strip(" ,.;:")
    while True:
        before = name
        if name.endswith(_LEGAL_EN_ENDS):  # the regex scans every offset; most names end otherwise
            name = _LEGAL_EN.sub("", name)
        name = name.strip(" ,;:")
        for suffix in _LEGAL_ZH if name.endswith(_LEGAL_ZH) else ():
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                name = name[: -len(suffix)]
                break
        if name == before or not name:
            return name or before


def name_key(name: str) -> str:
    """The comparison key of a name: folded, no legal suffix, no spaces or punctuation."""
    return _NOT_ALNUM.sub("", _strip_legal(fold(name).strip()))


def _lookup_keys(name: str) -> list[str]:
    """Keys to try for ``name``, most literal first."""
    folded = _strip_legal(fold(name).strip())
    keys = [_NOT_ALNUM.sub("", folded)]
    if folded and is_han(folded[0]):
        core = _strip_place(folded)
        keys.append(_NOT_ALNUM.sub("", core))
        while True:
            tail = next((t for t in _GENERIC_ZH_TAIL if core.endswith(t)), None)
            if tail is None or len(core) - len(tail) < 2:
                break
            core = core[: -len(tail)]
            keys.append(_NOT_ALNUM.sub("", core))
    else:
        bare = folded
        while (shorter := _GENERIC_EN_TAIL.sub("", bare)) != bare:
            bare = shorter
            keys.append(_NOT_ALNUM.sub("", bare))
    return [k for k in dict.fromkeys(keys) if len(k) >= 2]


def _as_bytes(data: bytes) -> str:
    """Bytes as the text of one character per byte (Latin-1), for the automaton."""
    return data.decode("latin-1")


def _is_word_char(ch: str) -> bool:
    """A character a Latin name may not touch: a letter or digit that is not Han."""
    return ch.isalnum() and not is_han(ch)


@dataclass(frozen=True)
class _Pattern:
    """One automaton entry: which company, and what the text must also satisfy."""

    key: str
    exact: str | None  # the slice of the normalized text must equal this (case-strict)
    trim: int = 0  # characters to drop at each end of the surface: "(NVDA)" → "NVDA"
    form: str = ""  # the name as configured, lower case: breaks ties 證監會 vs 证监会


def _auto_strict(form: str) -> bool:
    """Acronyms of up to four capitals (TI, KT, AMD, TSMC) match in that case only."""
    return form.isascii() and form.isalpha() and form.isupper() and len(form) <= 4


def _ticker_forms(ticker: str) -> list[tuple[str, str, int]]:
    """(folded form, exact code that must appear, trim) for one "EXCHANGE:CODE" ticker."""
    exchange, _, code = ticker.partition(":")
    exchange, code = exchange.strip().upper(), code.strip()
    if not code:
        return []
    codes = [code]
    if code.isdigit() and exchange == "HKEX":
        bare = code.lstrip("0") or "0"
        codes = list(dict.fromkeys([bare.zfill(4), bare.zfill(5), code]))
    forms: list[tuple[str, str, int]] = []
    for c in codes:
        low = c.lower()
        forms.append((f"({low})", c, 1))
        for prefix in _EXCHANGE_PREFIXES.get(exchange, (exchange.lower(),)):
            forms.append((f"{prefix}:{low}", c, 0))
            forms.append((f"{prefix}: {low}", c, 0))
        for suffix in _EXCHANGE_SUFFIXES.get(exchange, ()):
            forms.append((f"{low}{suffix}", c, 0))
    return forms


class CompanyRegistry:
    """Known companies and authorities, matched in text and looked up by name."""

    def __init__(self, companies: Iterable[Company], patterns: Mapping[str, list[_Pattern]]):
        self._by_key: dict[str, Company] = {}
        for company in companies:
            self._by_key.setdefault(company.key, company)
        self._lookup: dict[str, str] = {}
        for company in self._by_key.values():
            forms = (company.name, *company.names_zh, *company.aliases)
            codes = tuple(t.partition(":")[2] for t in company.tickers)
            for form in (*forms, *codes):
                k = name_key(form)
                if len(k) >= 2:
                    self._lookup.setdefault(k, company.key)
        # Keyed by UTF-8 bytes read as Latin-1 (``_as_bytes``): the automaton looks a
        # node's children up one by one, and the root has ~300 first characters but
        # ~60 first bytes; the walk over bytes is ~35% faster, three steps per Han
        # character included.
        self._automaton: Any = ahocorasick.Automaton()
        for folded, entries in patterns.items():
            edges = (_is_word_char(folded[0]), _is_word_char(folded[-1]))
            simple = entries[0] if len(entries) == 1 and entries[0].exact is None else None
            value = (len(folded), *edges, tuple(entries), simple)
            self._automaton.add_word(_as_bytes(folded.encode("utf-8", "surrogatepass")), value)
        self._empty = not patterns
        if not self._empty:
            self._automaton.make_automaton()
        self.parents: dict[str, str] = {}

    @classmethod
    def from_records(
        cls,
        companies: list[dict[str, Any]],
        authorities: list[dict[str, Any]] | None = None,
    ) -> CompanyRegistry:
        """Build from ``[[company]]`` and ``[[authority]]`` records of the TOML config."""
        built: list[Company] = []
        patterns: dict[str, list[_Pattern]] = {}
        parents: dict[str, str] = {}
        records = [(r, False) for r in companies] + [(r, True) for r in authorities or []]
        for record, is_authority in records:
            company = _company_from_record(record, is_authority)
            built.append(company)
            if record.get("parent"):
                parents[company.key] = str(record["parent"])
            strict = [str(s) for s in record.get("strict", ())]
            loose = [company.name, *company.names_zh, *company.aliases]
            for form in dict.fromkeys(f.strip() for f in loose):
                if form in strict or _auto_strict(form):
                    continue
                pattern = _Pattern(company.key, None, form=form.lower())
                _add_pattern(patterns, fold(form), pattern)
            for form in strict + [f for f in loose if _auto_strict(f)]:
                exact = normalize(form.strip())
                pattern = _Pattern(company.key, exact, form=form.strip().lower())
                _add_pattern(patterns, fold(exact), pattern)
            for ticker in company.tickers:
                for folded, code, trim in _ticker_forms(ticker):
                    _add_pattern(patterns, folded, _Pattern(company.key, code, trim))
        registry = cls(built, patterns)
        registry.parents = parents
        return registry

    @property
    def companies(self) -> list[Company]:
        """Every company and authority, in config order."""
        return list(self._by_key.values())

    def authorities(self) -> list[Company]:
        """The governments and regulators (kind ``government``)."""
        return [c for c in self._by_key.values() if c.kind == "government"]

    def get(self, key: str) -> Company | None:
        return self._by_key.get(key)

    def parent(self, key: str) -> Company | None:
        """The parent company of ``key`` where the config names one."""
        parent_key = self.parents.get(key)
        return self._by_key.get(parent_key) if parent_key else None

    def lookup(self, name: str) -> Company | None:
        """The company ``name`` denotes, ignoring case, spacing, legal suffixes and script."""
        for k in _lookup_keys(name):
            found = self._lookup.get(k)
            if found:
                return self._by_key[found]
        return None

    def find(self, text: str) -> list[CompanyMention]:
        """Known companies in ``text``: non-overlapping, leftmost-longest, by start."""
        if self._empty or not text:
            return []
        folded = fold(text)
        data = folded.encode("utf-8", "surrogatepass")  # a lone surrogate is text too
        wide = len(data) != len(folded)  # then the automaton reports byte offsets
        byte_at = char_at = 0  # a byte offset reported and the character offset it is
        normal = ""  # computed on the first case-strict entry
        n = len(text)
        hits: list[tuple[int, int, str, int]] = []
        for end_index, (length, word_start, word_end, entries, simple) in self._automaton.iter(
            _as_bytes(data) if wide else folded
        ):
            end = end_index + 1
            if wide:  # matches end on character boundaries, in order
                char_at += len(data[byte_at:end].decode("utf-8", "surrogatepass"))
                byte_at = end
                end = char_at
            start = end - length
            if word_start and start > 0 and _is_word_char(folded[start - 1]):
                continue
            if word_end and end < n and _is_word_char(folded[end]):
                continue
            if simple is not None:
                hits.append((start, end, simple.key, simple.trim))
                continue
            normal = normal or normalize(text)
            valid = [e for e in entries if e.exact is None or e.exact in normal[start:end]]
            if len(valid) > 1:  # the same folded name in two scripts names two bodies
                raw = text[start:end].lower()
                valid.sort(key=lambda e: e.form != raw)
            if valid:
                hits.append((start, end, valid[0].key, valid[0].trim))
        hits.sort(key=lambda h: (h[0], h[0] - h[1]))
        mentions: list[CompanyMention] = []
        last_end = 0
        for start, end, key, trim in hits:
            if start < last_end:
                continue
            if self._by_key[key].kind == "government" and _PLACE_OPENS_NAME.match(text, end):
                continue  # "Beijing Corelink Technology" is a company, not Beijing
            last_end = end
            s, e = start + trim, end - trim
            mentions.append(CompanyMention(self._by_key[key], text[s:e], s, e))
        return mentions


# Capitalized words closed by a company word after a place: the place opens a name.
_PLACE_OPENS_NAME = re.compile(
    r" (?:[A-Z][A-Za-z0-9&-]* ){1,3}(?:Technology|Technologies|Tech|Microelectronics|Electronics|"
    r"Semiconductors?|Integrated Circuits?|Computing|Micro|Optics|Photonics|Materials|Systems|"
    r"Intelligence|Information|Instruments?|Equipment|Devices|Group|Holdings|Capital|Investment|"
    r"Co|Corp|Corporation|Inc|Ltd|Limited)\b"
)


def _add_pattern(patterns: dict[str, list[_Pattern]], folded: str, pattern: _Pattern) -> None:
    if len(folded.strip()) < 2:
        return
    entries = patterns.setdefault(folded, [])
    if pattern not in entries:
        entries.append(pattern)


def _strings(record: Mapping[str, Any], field: str) -> tuple[str, ...]:
    value = record.get(field) or ()
    if isinstance(value, str):
        value = (value,)
    return tuple(str(v) for v in value if str(v).strip())


def _company_from_record(record: Mapping[str, Any], is_authority: bool) -> Company:
    names_zh = _strings(record, "zh")
    aliases = tuple(
        dict.fromkeys(
            _strings(record, "aliases") + _strings(record, "former") + _strings(record, "strict")
        )
    )
    kind = "government" if is_authority else str(record.get("kind") or "company")
    return Company(
        key=str(record["key"]),
        name=str(record["name"]),
        names_zh=names_zh,
        aliases=aliases,
        tickers=_strings(record, "tickers"),
        country=record.get("country"),
        segment=record.get("segment"),
        kind=kind,
    )


# --- discovery: shared -------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    """A name span found by a discovery rule; ``alias_of`` links 下称 abbreviations."""

    start: int
    end: int
    alias_of: tuple[int, int] | None = None


_han_count = han_count


def discover_companies(
    text: str, known: list[CompanyMention], registry: CompanyRegistry
) -> list[CompanyMention]:
    """Companies the registry missed, found from the sentence around them.

    A name the registry can ``lookup`` comes back as that company; any other
    as ``Company(key="new:<key>", name=<surface>, discovered=True)``. Once a
    name is found, its other occurrences in the text are mentions too.
    """
    if not text:
        return []
    norm = normalize(text)
    candidates = _zh_candidates(norm) + _en_candidates(norm)
    taken = sorted((m.start, m.end) for m in known)
    by_span = {(m.start, m.end): m.company for m in known}
    companies: dict[str, Company] = {}
    found: list[CompanyMention] = []
    repeat_forms: dict[str, Company] = {}

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    candidates.sort(key=lambda c: (c.alias_of is not None, c.start, c.start - c.end))
    for cand in candidates:
        if not free(cand.start, cand.end):
            continue
        surface = text[cand.start : cand.end]
        company = None
        if cand.alias_of is not None:
            company = by_span.get(cand.alias_of) or registry.lookup(text[slice(*cand.alias_of)])
        company = company or registry.lookup(surface)
        if company is None:
            key = "new:" + _discovered_key(norm[cand.start : cand.end])
            if key == "new:":
                continue
            company = companies.setdefault(key, Company(key=key, name=surface, discovered=True))
        if company.discovered:
            for form in _repeat_forms(norm[cand.start : cand.end]):
                repeat_forms.setdefault(form, company)
        found.append(CompanyMention(company, surface, cand.start, cand.end))
        taken.append((cand.start, cand.end))
        by_span[(cand.start, cand.end)] = company
    for form, company in repeat_forms.items():
        for start, end in _occurrences(norm, form):
            if free(start, end):
                found.append(CompanyMention(company, text[start:end], start, end))
                taken.append((start, end))
    found.sort(key=lambda m: m.start)
    return found


def _discovered_key(name: str) -> str:
    folded = fold(name).strip()
    core = _strip_legal(folded)
    if (
        core and core != folded and is_han(core[0])
    ):  # 上海昉擎科技有限公司 is 昉擎科技; 合肥产投 stays
        core = _strip_place(core)
    return _NOT_ALNUM.sub("", core)


def _repeat_forms(name: str) -> list[str]:
    """The forms whose later occurrences denote the same new company."""
    forms = [name]
    core = _strip_legal(name)
    if core and is_han(core[0]):
        core = _strip_place(core)
        if _han_count(core) >= 3:
            forms.append(core)
        tail = next((t for t in ("科技", "技术", "股份") if core.endswith(t)), None)
        short = core[: -len(tail)] if tail else ""
        if _han_count(short) >= 4 and not _all_generic(short):
            forms.append(short)  # 溯光微电子科技 → 溯光微电子, 云栖数据技术 → 云栖数据
    elif len(core) >= 3:
        forms.append(core)
    return [f for f in dict.fromkeys(forms) if len(f) >= 3 or _han_count(f) >= 2]


def _occurrences(norm: str, form: str) -> list[tuple[int, int]]:
    spans = []
    start = norm.find(form)
    while start >= 0:
        end = start + len(form)
        left_ok = not (_is_word_char(form[0]) and start > 0 and _is_word_char(norm[start - 1]))
        right_ok = not (_is_word_char(form[-1]) and end < len(norm) and _is_word_char(norm[end]))
        if left_ok and right_ok:
            spans.append((start, end))
        start = norm.find(form, start + 1)
    return spans


# --- discovery: Chinese ------------------------------------------------------

# Endings that make a run of characters a company name; longest first.
_ZH_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集成电路",
    "微电子",
    "半导体",
    "科技",
    "电子",
    "智能",
    "芯片",
    "信息",
    "技术",
    "股份",
    "集团",
    "控股",
    "资本",
    "创投",
    "基金",
    "投资",
    "光电",
    "存储",
    "通信",
    "材料",
    "装备",
    "智算",
    # general-finance industries (光迅精工, 华澄电气, 博恩生物, 锂源新材)
    "精工",
    "精密",
    "电气",
    "医疗",
    "生物",
    "医药",
    "药业",
    "制药",
    "新材",
    "能源",
    "化工",
    "机械",
    "电力",
    "环保",
    "物流",
    "食品",
    "仪器",
    "重工",
    "软件",
    "动力",
    "器械",
    "光学",
    "激光",
    "实业",
    "银行",
    "公司",
)
# In quotes a name needs a suffix no ordinary noun phrase ends with.
_ZH_QUOTE_SUFFIXES = tuple(s for s in _ZH_SUFFIXES if s not in ("技术", "信息", "芯片", "智能"))
# A run of such words names no one: 国产芯片, 先进封装技术, 该公司.
_ZH_GENERIC = _words(
    """
    国产 国内 本土 全球 海外 该 其 本 此 这 那 这家 一家 多家 两家 几家 某 相关 行业 产业 整个 旗下
    子 母 合资 上市 科技 技术 电子 微电子 智能 芯片 晶片 半导体 集成电路 人工 核心 关键 先进 封装
    存储 自主 底层 基础 前沿 新兴 通信 数字 网络 软件 硬件 计算 算力 汽车 消费 工业 医疗 量子 光刻
    制造 设计 测试 材料 设备 装备 晶圆 模拟 功率 射频 处理器 信息 投资 资本 基金 股权 战略 风险
    天使 政府 引导 国有 国资 民营 私募 公募 创业 初创 新 老 大 小 头部 龙头 领先 知名 顶级 专业 科创
    创新 研发 生产 销售 服务 数据 云 显示 光 电 微 电池 新能源 能源 机器人 自动驾驶 视觉 感知 安全
    金融 互联网 移动 手机 终端 平台 系统 方案 产品 业务 项目 公司 企业 集团 控股 股份 有限 交易 并购
    重组 收购 融资 募资 估值 市场 证券 交易所 银行 第一 第二 第三 首 首家 首款 最大 最新 全新
    美股 港股 开源 端侧 边缘 车规 车载 高端 高性能 传感器 激光 光学 光子 硅 碳化硅 氮化镓 化合物
    第三代 全 超 多
    单 两 三 股东 机构 创投 光电 存储 基金会 部门 团队 实验室 研究院 协会 联盟 本轮 此轮 本次 此次
    轮 累计 共 总 上游 下游 链 供应链 生态 标准 内存 显卡 模组 组件 器件 元件 方面 两者 双方 各方
    前 后 方 产业方 今日 昨日 近日 日前 近期 今天 昨天 昨晚 今晨 此前 目前 本周 上周 今年 去年 随后
    同时 此外 另外 其中 当天 当日 当时 届时 中有 三家 四家 五家 数家 大多 纷纷 普遍
    所持 持有 新增 增发 定增 发行 限售 流通 质押 冻结 回购 剩余 全部 部分 库存 无限售 该等 上述 标的
    推理 训练 可重构 重构 电源 管理 首款 款 代 一代 新一代 下一代 这家 那家 该款 系列 接口 控制
    驱动 交换 通用 专用 图像 语音 主控 高速 低功耗 车用 工控
    月初 月中 月底 月末 年初 年中 年底 年末 本月 上月 下月 当月 本年 同日 次日 本次 此次 同期
    ai gpu cpu npu ic mcu soc fpga dram nand hbm eda ip risc-v 5g 6g
    """
) | frozenset(ZH_PLACES)
# The name starts after the last of these in the run before it (上海AI芯片初创企业|昉擎科技).
_ZH_CUTS = (
    "子公司",
    "公司",
    "企业",
    "厂商",
    "供应商",
    "制造商",
    "设计商",
    "服务商",
    "提供商",
    "开发商",
    "芯片商",
    "晶片商",
    "初创",
    "独角兽",
    "龙头",
    "旗下",
    "领军",
    "新锐",
    "黑马",
    "巨头",
    "大厂",
    "玩家",
    *"的与及和在由向对是被据把从称了等其让给将并也还于即因而但或已又再均就年如",
    # a verb or a role word a legal name follows (拟以支付现金方式收购|江苏润丰…)
    "收购",
    "购买",
    "受让",
    "转让",
    "出售",
    "收到",
    "同意",
    "另有",
    "持有",
    "股东",
    "方式",
    "研发商",
    "生产商",
    "运营商",
    "运营方",
    "经销商",
    "代理商",
    "承包商",
    "集成商",
    "分销商",
    "投资方",
    "收购方",
    "交易对方",
    "发行人",
    "申请人",
    # two-character words whose first character is a cut above: 其|中 is no name start
    "其中",
    "其他",
    "其它",
    "之中",
    "以及",
    "新创",
    "包括",
)
# Words that end in a breaker character and still belong to a name (云栖数据, 协和).
_ZH_CUT_KEEP = _words("数据 依据 证据 协和 共和 中和 天和 永和 联和 汇和 宏和 百年 千年 万年 自由")
# Inside a name right after its verb only whole words cut (收购芯和半导体: 和 does not).
_ZH_WORD_CUTS = tuple(c for c in _ZH_CUTS if len(c) >= 2)
# Words between a name and its verb: 昉擎科技|昨日宣布|完成.
_ZH_ADVERBS = (
    "先后",
    "再次",
    "相继",
    "已经",
    "已于",
    "刚刚",
    "成功",
    "近日",
    "日前",
    "近期",
    "今日",
    "昨日",
    "今天",
    "昨天",
    "昨晚",
    "今晨",
    "此前",
    "目前",
    "本周",
    "上周",
    "本月",
    "上月",
    "正式",
    "宣布",
    "正在",
    "也",
    "还",
    "就",
    "才",
    "便",
    "则",
    "曾",
    "亦",
    "已",
    "又",
    "再",
    "均",
    "将",
    "拟",
    "于",
    "近",
    "刚",
    "先前",
    "成立",
    "曾经",
)
_ZH_LEADING = (
    "今日",
    "昨日",
    "近日",
    "日前",
    "今年",
    "去年",
    "此前",
    "目前",
    "随后",
    "同时",
    "此外",
    "另外",
    "其中",
    "知名",
    "老牌",
    "新锐",
    "头部",
)
# Time words and adverbs name no one either (公司先后完成 → not "先后").
_ZH_GENERIC = _ZH_GENERIC | frozenset(_ZH_ADVERBS) | frozenset(_ZH_LEADING)
_ZH_VERBS = re.compile(
    r"完成|获得|宣布|拟|已|正式|获|启动|再获|又获|斩获|近日|日前|今日|昨日|成立于|拿下|签下|中标"
)
_ZH_FUNDING = re.compile(
    r"(?:宣布)?(?:完成|获得?|斩获|拿下|再获|又获)[^。，；,;\n]{0,15}?(?:融资|轮|投资)"
)
# Where a _ZH_FUNDING match can begin: its (?:宣布)? makes the engine try every character.
_ZH_FUNDING_LEADS = ("宣布", "完成", "获", "斩获", "拿下", "再获", "又获")
_ZH_AFTER = re.compile(r"(?:收购|入股|并购|吸收合并|增资|参股|控股)(?:了|其|全资)?")
_ZH_BY_LEAD = re.compile(r"由(?!于)([^。；;，,！!？?:：\n]{2,60}?)(?:联合|共同)?领投")
_ZH_FOLLOW = re.compile(r"跟投|参投|领投|联合投资|共同投资|参与投资")
_ZH_INVESTORS = re.compile(
    r"(?:投资方|投资者|投资机构|投资人|参投方|参投机构|股东)(?:包括|为|有|是|涵盖)[:：]?"
)
_ZH_LIST_SEP = re.compile(r"以及|、|和|及|与|,|，|/")
_ZH_QUOTED = re.compile(r"[「“\"]([^「」“”\"\n]{2,16})[」”\"]")
_ZH_ALIAS = re.compile(
    r"[(（]\s*(?:下称|简称|以下简称|以下称|下同)[:：]?\s*[「“\"]?([^「」“”\"()（）\n,，]{2,16}?)[」”\"]?\s*[)）]"
)
_ZH_LEGAL = re.compile(r"股份有限公司|有限责任公司|有限公司|株式会社")
# A name before its founder or chief (忆算科技|创始人), a co-signer (衡川半导体|与…签署), a
# subscriber (衡磨材料|以自有资金认购), or a definition (瀚川微测|是一家…制造商。).
_ZH_TITLE_AFTER = re.compile(r"创始人|董事长|总经理|首席执行官|总裁|CEO")
_ZH_WITH_SIGN = re.compile(
    r"(?:与|和|同)[^。，,；;！!？?\n]{2,24}?(?:签署|签订|达成|共同成立|合资成立)"
)
_ZH_BY_MEANS = re.compile(r"以[^。，,；;！!？?\n]{1,12}?(?:参与认购|认购|出资|参与|增资|收购)")
_ZH_IS_A = re.compile(
    r"是一家[^。，,；;！!？?\n]{1,30}?(?:公司|企业|制造商|供应商|提供商|服务商|开发商|设计商|厂商|创企)"
    r"(?=[。，,；;！!？?\n]|$)"
)
# Words each pattern above cannot match without: a text with none skips its scan.
_ZH_PROBED = (
    (_ZH_TITLE_AFTER, ("创始人", "董事长", "总经理", "首席执行官", "总裁", "CEO")),
    (_ZH_WITH_SIGN, ("签署", "签订", "达成", "共同成立", "合资成立")),
    (_ZH_BY_MEANS, ("认购", "出资", "参与", "增资", "收购")),
)
# Financial houses co-subscribing a placement: 国泰君安证券、诺德基金等亦参与认购.
_ZH_SUBSCRIBE = re.compile(r"参与了?(?:本次)?认购|获配|参与了?本次(?:发行|定增)")
_ZH_SUBSCRIBE_PROBE = ("认购", "获配", "参与本次", "参与了本次")
_ZH_FIN_SUFFIXES = (*_ZH_SUFFIXES, "证券", "资管", "信托", "保险", "期货", "资产")
# A role word right before a name vouches for a name with no company ending (提供商|奎联芯获得).
_ZH_DESCRIPTORS = (
    "提供商",
    "供应商",
    "制造商",
    "设计商",
    "开发商",
    "研发商",
    "服务商",
    "厂商",
    "初创企业",
    "初创公司",
    "创企",
    "独角兽",
    "公司",
    "企业",
)
_DESCRIPTOR_LAST = frozenset(word[-1] for word in _ZH_DESCRIPTORS)
_ZH_NOT_DESCRIBED = (
    "该",
    "本",
    "子",
    "母",
    "上市",
    "标的",
    "这家",
    "一家",
    "多家",
    "其",
    "此",
    "各",
    "两家",
    "新",
)
_ZH_NOT_NAME = re.compile(r"营收|业绩|收入|利润|订单|产品|项目|产能|股价|市值|团队|人士|员工|客户")
_ZH_VAGUE = ("多家", "多个", "数家", "一家", "几家", "其他", "其它", "部分", "若干", "知名")
_ZH_ITEM_BAD = re.compile(r"完成|融资|用于|的|是|获得|宣布|轮|亿|万|元|公司|企业|股东|机构|包括")


# The characters a Chinese name is made of: Han (as ``is_han`` reads it), ASCII
# letters and digits, · and &. A class, so that runs of them are found in C.
_NAME_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9A-Za-z·&"
_NAME_RUN = re.compile(f"[{_NAME_CLASS}]*")


def _all_generic(stem: str) -> bool:
    """True when ``stem`` splits wholly into generic words (国产+AI+芯片)."""
    stem = stem.lower()
    n = len(stem)
    ok = [True] + [False] * n  # ok[i]: stem[:i] splits into generic words of up to 6
    for j in range(n):
        if ok[j]:  # extend only the splits that exist: most stems have none past 0
            for i in range(j + 1, min(n, j + 6) + 1):
                if stem[j:i] in _ZH_GENERIC:
                    ok[i] = True
    return ok[n] or stem.isdigit()


def _run_before(norm: str, end: int, limit: int = 24) -> int:
    """The start of the run of name characters ending at ``end``, cut after a breaker."""
    # the leftmost offset in the window from which only name characters run to ``end``:
    # the run at the head of the reversed window (a search for one ending at ``end``
    # would scan from every offset of the window)
    run = _NAME_RUN.match(norm[max(0, end - limit) : end][::-1])  # `*`: always matches
    start = end - run.end() if run else end
    return _after_cuts(norm, start, end)


def _after_cuts(norm: str, start: int, end: int, cuts: tuple[str, ...] | None = None) -> int:
    """Where a name in ``norm[start:end]`` starts: after the last breaker word in it."""
    best = start
    if not cuts or cuts is _ZH_CUTS:
        index = _CUT_INDEX
    else:
        index = _WORD_CUT_INDEX if cuts is _ZH_WORD_CUTS else _by_first(cuts)
    # only the breakers that open with a character of the span can be in it
    for cut in [c for ch in set(norm[start:end]) for c in index.get(ch, ())]:
        at = norm.rfind(cut, start, end)
        while at > start and len(cut) == 1 and norm[at - 1 : at + 1] in _ZH_CUT_KEEP:
            at = norm.rfind(cut, start, at - 1)  # 云岫数|据: the character ends a word
        if at >= 0 and at + len(cut) < end:
            best = max(best, at + len(cut))
    return best


_CUT_INDEX = _by_first(_ZH_CUTS)
_WORD_CUT_INDEX = _by_first(_ZH_WORD_CUTS)


# A span of time after a name (曦衡光电|18个月内完成): digits that count, not name.
_ZH_SPAN_TAIL = re.compile(r"\d+(?:个月|个季度|年|天|周|小时)(?:内|来|以来|后|前|间|里)")


_ADVERB_LAST = frozenset(word[-1] for word in _ZH_ADVERBS)
_LEADING_FIRST = frozenset(word[0] for word in _ZH_LEADING)


def _trim_zh(norm: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading time words and places, and trailing adverbs, from a name span."""
    span = _ZH_SPAN_TAIL.search(norm, start, end)
    if span and span.start() - start >= 2:
        end = span.start()
    if norm.startswith("全资", end - 1) and end - 1 - start >= 2:  # X全|资子公司
        end -= 1
    changed = True
    while changed and start < end:
        changed = False
        # a loop whose words cannot end (open) the span cannot change it
        if norm[end - 1] in _ADVERB_LAST:
            for word in _ZH_ADVERBS:
                if norm.endswith(word, start, end) and end - len(word) - start >= 2:
                    end -= len(word)
                    changed = True
        if norm[start] in _LEADING_FIRST:
            for word in _ZH_LEADING:
                if norm.startswith(word, start, end) and end - start - len(word) >= 2:
                    start += len(word)
                    changed = True
    return start, end


def _strip_leading_place(norm: str, start: int, end: int) -> int:
    """Skip a leading place (上海, 深圳市) when a proper name still follows it."""
    name = norm[start:end]
    if name.endswith(_LEGAL_ZH[:4]):  # 江苏润丰精密部件有限公司: the place is part of it
        return start
    rest = _strip_place(name)
    if rest != name and _good_zh_name(rest, need_suffix=True):
        return start + len(name) - len(rest)
    return start


def _zh_suffix(name: str, suffixes: tuple[str, ...] = _ZH_SUFFIXES) -> str | None:
    if suffixes is _ZH_SUFFIXES or suffixes is _ZH_QUOTE_SUFFIXES:
        # only the endings sharing the name's last character can end it; order kept
        suffixes = _SUFFIX_INDEX[suffixes is _ZH_QUOTE_SUFFIXES].get(name[-1:], ())
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            return suffix
    return None


def _by_last(words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """``words`` grouped by their last character, in their order."""
    index: dict[str, list[str]] = {}
    for word in words:
        index.setdefault(word[-1:], []).append(word)
    return {ch: tuple(group) for ch, group in index.items()}


_SUFFIX_INDEX = (_by_last(_ZH_SUFFIXES), _by_last(_ZH_QUOTE_SUFFIXES))


def _good_zh_name(name: str, need_suffix: bool, suffixes: tuple[str, ...] = _ZH_SUFFIXES) -> bool:
    """A plausible Chinese company name: Han-led, not made only of generic words."""
    if not (2 <= len(name) <= 20) or _han_count(name) < 2 or not is_han(name[0]):
        return False
    core = _strip_legal(name)
    core = _strip_place(core) if core != name else core
    suffix = _zh_suffix(core, suffixes)
    if suffix is None:
        if need_suffix and core == name:
            return False
        stem = core
    else:
        stem = core[: -len(suffix)]
    if len(stem) < 2 or _han_count(stem) < 1 or _all_generic(stem):
        return False
    return not _all_generic(core)


def _zh_name_before(norm: str, end: int, need_suffix: bool) -> _Candidate | None:
    start = _run_before(norm, end)
    start, end = _trim_zh(norm, start, end)
    if end - start < 2:
        return None
    if need_suffix and _described(norm, start, end):
        need_suffix = False
    start = _strip_leading_place(norm, start, end)
    if not _good_zh_name(norm[start:end], need_suffix):
        return None
    return _Candidate(start, end)


def _described(norm: str, start: int, end: int) -> bool:
    """True when a role phrase (互连IP提供商, 芯片公司) ends right at ``start``.

    Such a phrase vouches for a short name with no company ending (奎联芯);
    该公司, 子公司, 一家企业 describe no one in particular.
    """
    if not 3 <= end - start <= 6 or norm[start - 1 : start] not in _DESCRIPTOR_LAST:
        return False
    name = norm[start:end]
    if _han_count(name) < 3 or _ZH_NOT_NAME.search(name):
        return False
    for word in _ZH_DESCRIPTORS:
        if norm.endswith(word, 0, start):
            head = start - len(word)
            phrase = norm[max(0, head - 4) : head]
            if not phrase or not _NAME_RUN.fullmatch(phrase[-1]):
                return False  # the role word opens its clause: no phrase describes
            return not phrase.endswith(_ZH_NOT_DESCRIBED)
    return False


def _zh_candidates(norm: str) -> list[_Candidate]:
    if norm.isascii() or HAN.search(norm) is None:
        return []
    out: list[_Candidate] = []
    for m in _ZH_LEGAL.finditer(norm):
        head = m.start()
        place = _PLACE_IN_PARENS.search(norm, max(0, head - 6), head)
        if place and place.end() == head:  # 摩尔线程智能科技(北京)股份有限公司
            head = place.start()
        start = _run_before(norm, head, limit=30)
        start, _ = _trim_zh(norm, start, head)
        if head - start >= 2 and _good_zh_name(norm[start : m.end()], need_suffix=True):
            out.append(_Candidate(start, m.end()))
    for m in _ZH_VERBS.finditer(norm):
        cand = _zh_name_before(norm, m.start(), need_suffix=True)
        if cand:
            out.append(cand)
    for m in _finditer_at(_ZH_FUNDING, norm, _starts(norm, _ZH_FUNDING_LEADS)):
        cand = _zh_name_before(norm, m.start(), need_suffix=False)
        if cand and _han_count(norm[cand.start : cand.end]) <= 8:
            out.append(cand)
    for pattern, probe in _ZH_PROBED:
        for m in pattern.finditer(norm) if any(w in norm for w in probe) else ():
            end = m.start() - 2 if norm.endswith("联合", 0, m.start()) else m.start()
            cand = _zh_name_before(norm, end, need_suffix=True)
            if cand:
                out.append(cand)
    for m in _ZH_IS_A.finditer(norm) if "是一家" in norm else ():
        cand = _zh_name_before(norm, m.start(), need_suffix=False)
        if cand and 3 <= _han_count(norm[cand.start : cand.end]) <= 8:  # 张伟是一家… no
            out.append(cand)
    for m in _ZH_AFTER.finditer(norm):
        cand = _zh_name_after(norm, m.end())
        if cand:
            out.append(cand)
    out += _zh_lists(norm)
    for m in _ZH_QUOTED.finditer(norm):
        name = m.group(1)
        if _zh_suffix(name, _ZH_QUOTE_SUFFIXES) and _good_zh_name(name, True, _ZH_QUOTE_SUFFIXES):
            out.append(_Candidate(m.start(1), m.end(1)))
    aliases = _zh_aliases(norm, out)
    alias_spans = {(c.start, c.end) for c in aliases}
    return [c for c in out if (c.start, c.end) not in alias_spans] + aliases


def _zh_name_after(norm: str, start: int) -> _Candidate | None:
    """A suffixed name right after 收购/入股: the longest that ends at a clean break."""
    run = _NAME_RUN.match(norm, start, start + 20)  # a `*` pattern: always matches
    end = run.end() if run else start
    followers = ("的", "股权", "股份", "全部", "部分", "旗下", "后", "一事", "案")
    best = None
    for k in range(start + 2, end + 1):
        name = norm[start:k]
        if not _zh_suffix(name):
            continue
        rest = norm[k:end]
        if rest and not rest.startswith(followers) and not rest[0].isdigit():
            continue
        best = k
    if best is None:
        return None
    start = _after_cuts(norm, start, best, _ZH_WORD_CUTS)  # 收购深圳显存控制器公司|存界科技
    if norm.startswith("的", start):  # 收购华为持有的|深圳引望…
        start += 1
    s = _strip_leading_place(norm, start, best)
    if not _good_zh_name(norm[s:best], need_suffix=True):
        return None
    return _Candidate(s, best)


def _zh_lists(norm: str) -> list[_Candidate]:
    """Investors named in 由A领投 / A、B跟投 / 投资方包括A、B和C."""
    spans: list[tuple[int, int]] = []
    for m in _ZH_BY_LEAD.finditer(norm):
        spans.append(m.span(1))
    for m in _ZH_FOLLOW.finditer(norm):
        start = m.start()
        while start > 0 and norm[start - 1] not in "，,。；;：:！!？?\n()（）":
            start -= 1
        by = norm.rfind("由", start, m.start())
        if by >= 0 and not norm.startswith("由于", by):
            start = by + 1
        spans.append((start, m.start()))
    for m in _ZH_INVESTORS.finditer(norm):
        end = m.end()
        while end < len(norm) and norm[end] not in "。；;\n" and end - m.end() < 80:
            end += 1
        spans.append((m.end(), end))
    out: list[_Candidate] = []
    for start, end in spans:
        out += _zh_list_items(norm, start, end)
    for m in _ZH_SUBSCRIBE.finditer(norm) if any(w in norm for w in _ZH_SUBSCRIBE_PROBE) else ():
        out += _zh_subscribers(norm, m.start())
    return out


def _zh_subscribers(norm: str, end: int) -> list[_Candidate]:
    """The names in A、B和C等 ending at ``end``; each needs a company or financial ending."""
    start = end
    while start > 0 and norm[start - 1] not in "，,。；;：:！!？?\n()（）" and end - start < 80:
        start -= 1
    for word in ("亦", "也", "均", "还", "共同", "分别", "等"):  # 等|亦|参与认购
        if norm.endswith(word, start, end):
            end -= len(word)
    out: list[_Candidate] = []
    pos = start
    for sep in [*_ZH_LIST_SEP.finditer(norm, start, end), None]:
        item_end = sep.start() if sep else end
        s, e = _trim_zh(norm, pos, item_end)
        name = norm[s:e]
        if _NAME_RUN.fullmatch(name) and _good_zh_name(name, True, _ZH_FIN_SUFFIXES):
            out.append(_Candidate(s, e))
        pos = sep.end() if sep else end
    return out


def _zh_list_items(norm: str, start: int, end: int) -> list[_Candidate]:
    items: list[_Candidate] = []
    pos = start
    for sep in [*_ZH_LIST_SEP.finditer(norm, start, end), None]:
        item_end = sep.start() if sep else end
        cand = _zh_list_item(norm, pos, item_end)
        if cand is None:
            if items:
                break
        else:
            items.append(cand)
        pos = sep.end() if sep else end
    return items


def _zh_list_item(norm: str, start: int, end: int) -> _Candidate | None:
    while start < end and norm[start].isspace():
        start += 1
    while end > start and norm[end - 1].isspace():
        end -= 1
    for prefix in ("本轮", "此轮", "本次", "其中", "包括", "老股东", "股东"):
        if norm.startswith(prefix, start, end):
            start += len(prefix)
    for tail in (
        "等多家知名机构",
        "等多家机构",
        "等知名机构",
        "等机构",
        "等投资方",
        "联合",
        "共同",
        "等",
    ):
        if norm.endswith(tail, start, end):
            end -= len(tail)
            break
    name = norm[start:end]
    if not (2 <= len(name) <= 15) or not _NAME_RUN.fullmatch(name):
        return None
    if _ZH_ITEM_BAD.search(name) or _all_generic(name) or name.startswith(_ZH_VAGUE):
        return None
    han = _han_count(name)
    latin = sum(1 for ch in name if ch.isascii() and ch.isalpha())
    if han < 2 and not (latin >= 2 and name[0].isupper()):
        return None
    return _Candidate(start, end)


def _zh_aliases(norm: str, found: list[_Candidate]) -> list[_Candidate]:
    """(下称“X”) after a name: X is the same company as the name before the bracket."""
    ends = {c.end: c for c in found}
    out: list[_Candidate] = []
    for m in _ZH_ALIAS.finditer(norm):
        name = m.group(1).strip()
        if len(name) < 2 or not _NAME_RUN.fullmatch(name):
            continue
        before = ends.get(m.start())
        link = (before.start, before.end) if before else None
        if link is None:
            start = _run_before(norm, m.start(), limit=30)
            link = (start, m.start()) if m.start() - start >= 2 else None
        out.append(_Candidate(m.start(1), m.start(1) + len(name), alias_of=link))
    return out


# --- discovery: English ------------------------------------------------------

_TOKEN = (
    r"(?:[A-Z][A-Za-z0-9]*(?:[-.&'’][A-Za-z0-9]+)*"
    r"|[a-z]{1,2}-?[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*)"
)
_NAME = rf"{_TOKEN}(?:(?: (?:of|for|de|&) | ){_TOKEN}){{0,4}}"
_NB = r"(?<![A-Za-z0-9'’.-])"  # a name does not start inside a word
_EN_LEGAL = re.compile(
    rf"{_NB}({_NAME}(?:,? (?:Inc|Corp|Corporation|Ltd|Limited|LLC|GmbH|AG|SA|S\.A|N\.V|NV|plc|PLC"
    r"|Co|Company|PBC|SE|KK|Pte)\b\.?(?![-\w])(?:,? (?:Ltd|Limited|Inc)\b\.?)?))"
)
_HEADS = (
    r"startup|start-up|company|chipmaker|chip-maker|maker|designer|firm|developer|supplier|"
    r"provider|manufacturer|investor|fund|lab|laboratory|operator|builder|unit|subsidiary|"
    r"specialist|outfit|spinoff|spin-off|foundry|vendor|group|venture arm|conglomerate"
)
# The part of a pattern after the name: a text without it cannot match (see the probes).
_APPOSITION_TAIL = rf", (?:a|an|the) ((?:[A-Za-z0-9$&'’-]+ ){{0,6}}?)(?:{_HEADS})s?\b(?!['’])"
_WHICH_TAIL = (
    r", which (?:makes|builds|develops|designs|sells|supplies|produces|"
    r"manufactures|was founded|is backed|is valued|has raised|raised|specializes|specialises)\b"
)
_RAISED_TAIL = (
    r" (?:has |had |have |also |recently )?(?:raised|raises|secured|landed|"
    r"closed|banked) (?:a |an )?(?:(?:about|around|nearly|almost|more than|over|roughly|some|"
    r"up to|another|an additional|a further) )?(?:US|NT|HK|S|A|C)?[$€£¥] ?\d"
)
_EN_APPOSITION = re.compile(rf"{_NB}({_NAME}){_APPOSITION_TAIL}")
_EN_WHICH = re.compile(rf"{_NB}({_NAME}){_WHICH_TAIL}")
_EN_ROLE_VERB = re.compile(
    rf"\b(?i:startup|start-up|chipmaker|chip designer|designer|maker|developer|rival|firm|"
    rf"supplier|investor|fund|subsidiary|operator|provider|manufacturer|foundry) ({_NAME}) "
    r"(?:has |had |is |was |have )?(?:raised|raises|raising|secured|closed|landed|announced|"
    r"agreed|filed|said|says|completed|signed|struck|unveiled)\b"
)
_EN_RAISED = re.compile(rf"{_NB}({_NAME}){_RAISED_TAIL}")
_EN_LIST = re.compile(
    r"\b(?i:co-led by|led by|with participation from|participation from|participation by|"
    r"backed by|joined by|investors? (?:including|include|included|such as)|"
    r"backers (?:including|include|included|such as)) "
)
_EN_LIST_PREFIX = re.compile(
    r"(?:(?:existing|new|previous|other|strategic|financial|returning) )?"
    r"(?:investors?|backers?|shareholders?) |the "
)
_EN_LIST_SEP = re.compile(
    r"(?: \([^()]{1,40}\))?(?:, (?:and |as well as |plus )?| (?:and|as well as|plus) )"
)
_EN_NAME_AT = re.compile(_NAME)
# A plural role noun right before a list of two or more names: "defense contractors A and B".
# Found from its last letter: every "s" or "s," before a capital, then the word it ends.
_EN_PLURAL_HIT = re.compile(r"s,? (?=[A-Z])")
_EN_PLURAL_ROLES = _words(
    """
    companies firms startups start-ups chipmakers contractors suppliers manufacturers lenders
    banks rivals investors backers funds insurers automakers carmakers
    """
)
# Names that led a round, the verb after them: "A, B and C co-led the round".
_EN_LED_STARTS = (" co-led ", " led ", " joined ", " participated in ")
_EN_LED_TAIL = re.compile(
    r" (?:co-led|led|joined|participated in) (?:the|a|an|this|its) "
    r"(?:[\w$.-]+ ){0,4}?(?:round|financing|raise|investment|funding)\b"
)
_EN_FUNDING_CONTEXT = re.compile(
    r"round|fund|raise|raising|financing|invest|series|valuation|backer|stake", re.I
)
_EN_PERSON_BEFORE = re.compile(
    r"(?:chief executive|chief financial officer|chief technology officer|chief operating officer|"
    r"\bceo|\bcfo|\bcto|\bcoo|founder|president|chairman|chairwoman|analyst|\bmr\.|\bms\.|\bmrs\.|"
    r"\bdr\.|minister|secretary|spokesperson|spokesman|spokeswoman|director|executive|senator|"
    r"governor|professor|officer|said|told|according to)\s+$",
    re.I,
)
_EN_LEADING_JUNK = _words(
    """
    the a an its their our his her this that these those shares analysts investors officials
    both meanwhile however and but in on at for with by from after before while under as last
    earlier also then since when if some many most other such all chipmaker startup rival
    series
    according separately still now today yesterday
    """
)
_EN_REJECT = _words(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday china chinese u.s us usa america american united states japan japanese korea
    korean south north taiwan taiwanese europe european germany german britain british uk
    france french india indian singapore beijing shanghai shenzhen hong kong washington brussels
    dresden arizona texas california silicon valley santa clara tokyo seoul london paris dallas
    new york wall street asia saudi arabia netherlands dutch israel canada mexico brazil russia
    vietnam malaysia ohio oregon hsinchu taipei kingdom ceo cfo cto ai ipo gpu cpu hbm dram nand
    series round chips act science commerce department ministry government administration
    congress senate parliament court white house nasdaq nyse reuters bloomberg company group
    fund startup inc corp co ltd plc llc ag sa the it we they he she you i mr ms dr
    """
)
_EN_OFFICIAL = re.compile(
    r"\b(?:Department|Ministry|Government|Administration|Congress|Senate|Parliament|Court|"
    r"Commission|University|Act)\b"
)


# Words each English pattern cannot match without. A test for them (plain
# substring search in C) skips the pattern, whose scan steps through every
# character, on the many texts that hold none. ``_EN_LEGAL`` and ``_EN_RAISED``
# are case-strict where it matters; the (?i) patterns are probed in ``ascii_lower(text)``.
_EN_LEGAL_PROBE = re.compile(  # the legal word as _EN_LEGAL reads it, name aside
    r" (?:Inc|Corp|Corporation|Ltd|Limited|LLC|GmbH|AG|SA|S\.A|N\.V|NV|plc|PLC|Co|Company"
    r"|PBC|SE|KK|Pte)\b\.?(?![-\w])"
)
_EN_WHICH_PROBE = re.compile(_WHICH_TAIL)
_EN_RAISED_PROBE = re.compile(_RAISED_TAIL)
_EN_ROLE_PROBE = (  # its (?i) head words: a match begins at one of them
    "startup",
    "start-up",
    "chipmaker",
    "chip designer",
    "maker",
    "designer",
    "developer",
    "rival",
    "firm",
    "supplier",
    "investor",
    "fund",
    "subsidiary",
    "operator",
    "provider",
    "manufacturer",
    "foundry",
)
_EN_APPOSITION_PROBE = re.compile(_APPOSITION_TAIL)
# Where an _EN_LIST match can begin (its (?i) words, probed in ``ascii_lower(text)``).
_EN_LIST_STARTS = (
    "co-led by",
    "led by",
    "with participation",
    "participation",
    "backed by",
    "joined by",
    "investor",
    "backers",
)


def _starts(low: str, words: tuple[str, ...]) -> list[int]:
    """Every offset where one of ``words`` begins in ``low``, overlaps included, sorted
    (``low`` is ``ascii_lower(text)``, or the text itself for words with no letter)."""
    starts: set[int] = set()
    for word in words:
        at = low.find(word)
        while at >= 0:
            starts.add(at)
            at = low.find(word, at + 1)
    return sorted(starts)


# A name (``_NAME``) holds at most eight spaces: four joins of " of " at most.
_NAME_SPACES = 8
# Where a name can begin: a letter no word character runs into (``_NB``).
_NAME_START = re.compile(r"(?<![A-Za-z0-9'’.-])[A-Za-z]")
# Words ``_EN_RAISED_PROBE`` cannot match without (its verbs), tested in ``ascii_lower``.
_EN_RAISED_WORDS = ("raised", "raises", "secured", "landed", "closed", "banked")


def _name_starts(norm: str, tail: re.Pattern[str]) -> list[int]:
    """Every offset, sorted, where a name that ``tail`` follows can begin (more do no harm).

    A pattern ``{_NB}({_NAME}){tail}`` scanned from every character costs ~80 µs on an
    English article; its name ends where ``tail`` matches, with at most
    ``_NAME_SPACES`` spaces (and an optional comma) before, so it begins after the
    space before those, at a ``_NAME_START``. Every offset where ``tail`` matches is
    found, overlapping ones included.
    """
    starts: set[int] = set()
    hit = tail.search(norm)
    while hit is not None:
        at = hit.start()
        head = at
        for _ in range(_NAME_SPACES + 1):
            head = norm.rfind(" ", 0, head)
            if head < 0:
                break
        starts.update(m.start() for m in _NAME_START.finditer(norm, head + 1, at))
        hit = tail.search(norm, at + 1)
    return sorted(starts)


def _en_candidates(norm: str) -> list[_Candidate]:
    out: list[_Candidate] = []
    low = ascii_lower(norm)
    raised = any(map(low.__contains__, _EN_RAISED_WORDS))
    found: list[Iterable[re.Match[str]]] = [
        _finditer_at(_EN_LEGAL, norm, _name_starts(norm, _EN_LEGAL_PROBE)),
        _finditer_at(_EN_WHICH, norm, _name_starts(norm, _EN_WHICH_PROBE))
        if ", which " in norm
        else (),
        _finditer_at(_EN_ROLE_VERB, norm, _starts(low, _EN_ROLE_PROBE)),
        _finditer_at(_EN_RAISED, norm, _name_starts(norm, _EN_RAISED_PROBE)) if raised else (),
    ]
    for matches in found:
        for m in matches:
            cand = _clean_en(norm, *m.span(1))
            if cand:
                out.append(cand)
    for m in _finditer_at(_EN_APPOSITION, norm, _name_starts(norm, _EN_APPOSITION_PROBE)):
        words = m.group(2).lower().split()
        if {"for", "of", "to", "at", "with", "by", "from", "on", "that", "which", "who"} & set(
            words
        ):
            continue
        cand = _clean_en(norm, *m.span(1))
        if cand:
            out.append(cand)
    for m in _EN_PLURAL_HIT.finditer(norm):
        end = m.start() + 1
        start = end
        while start > 0 and (low[start - 1].isalpha() or low[start - 1] == "-"):
            start -= 1
        if low[start:end] not in _EN_PLURAL_ROLES:
            continue
        if low.endswith(("angel ", "individual ", "private "), 0, start):
            continue  # angel investors Jane Doe and Mark Lee
        items = _en_list(norm, m.end())
        if len(items) >= 2:
            out += items
    for m in _finditer_at(_EN_LED_TAIL, norm, _starts(low, _EN_LED_STARTS)):
        end = m.start() - 5 if norm.endswith(" also", 0, m.start()) else m.start()
        out += _en_list_before(norm, end)
    for m in _finditer_at(_EN_LIST, norm, _starts(low, _EN_LIST_STARTS)):
        window = norm[max(0, m.start() - 200) : m.start()]
        if not _EN_FUNDING_CONTEXT.search(window + norm[m.end() : m.end() + 80]):
            continue
        out += _en_list(norm, m.end())
    return out


def _en_list(norm: str, pos: int) -> list[_Candidate]:
    """Names in "A, B and C" from ``pos``: stops at the first item that is not a name."""
    items: list[_Candidate] = []
    while True:
        prefix = _EN_LIST_PREFIX.match(norm, pos)
        if prefix:
            pos = prefix.end()
        m = _EN_NAME_AT.match(norm, pos)
        if not m:
            break
        cand = _clean_en(norm, m.start(), m.end())
        if cand:
            items.append(cand)
        sep = _EN_LIST_SEP.match(norm, m.end())
        if not sep:
            break
        pos = sep.end()
    return items


# People, not firms, follow these: "angel investors Jane Doe and Mark Lee led the round".
_EN_PEOPLE_BEFORE = re.compile(
    r"\b(?i:investors?|angels?|founders?|co-founders?|executives?|entrepreneurs?|billionaires?|"
    r"partners?|chief executive|ceo|chairman|president|professors?|mr\.|ms\.|dr\.) \Z"
)
_EN_LIST_BEFORE = re.compile(rf"{_NB}{_NAME}(?:(?:, | (?:and|&) |, and ){_NAME})*\Z")


def _en_list_before(norm: str, end: int) -> list[_Candidate]:
    """Names in "A, B and C" ending at ``end`` (a sentence subject): read from its start."""
    stop = norm.rfind(". ", 0, end)
    head = max(stop + 2 if stop >= 0 else 0, norm.rfind("\n", 0, end) + 1, end - 160)
    m = _EN_LIST_BEFORE.search(norm, head, end)
    if not m or _EN_PEOPLE_BEFORE.search(norm, max(0, m.start() - 40), m.start()):
        return []
    return _en_list(norm, m.start())


def _clean_en(norm: str, start: int, end: int) -> _Candidate | None:
    """Trim junk words off an English name span; None when nothing like a company is left."""
    name = norm[start:end]
    for tail in ("'s", "’s", "'", "’"):
        if name.endswith(tail):
            end -= len(tail)
            name = name[: -len(tail)]
    owner = max(name.rfind("'s "), name.rfind("’s "))
    if owner > 0:  # "Abu Dhabi's Mubadala Investment Co." names Mubadala
        start += owner + 3
        name = name[owner + 3 :]
    while True:
        first, _, rest = name.partition(" ")
        if rest and (first.lower() in _EN_LEADING_JUNK or first.endswith("-based")):
            start += len(first) + 1
            name = rest
            continue
        break
    if name.lower() in _EN_LEADING_JUNK or len(name) < 2:
        return None
    words = name.replace("&", " ").split()
    if all(w.lower() in _EN_REJECT or w.lower() in _EN_LEADING_JUNK for w in words):
        return None
    if name.lower() in _EN_REJECT or _EN_OFFICIAL.search(name):
        return None
    if not any(ch.islower() for ch in name) and len(name) < 3:
        return None
    if _EN_PERSON_BEFORE.search(norm[max(0, start - 40) : start]):
        return None
    return _Candidate(start, end)


# Endings that make a Chinese run of characters a company name (for later checks).
ZH_NAME_ENDINGS = _ZH_SUFFIXES

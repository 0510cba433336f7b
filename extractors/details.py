"""Type-specific details read from a clause: funding round, exchange, ticker,
listing stage, stake, regulation action/authority/product, order product,
investment location (FORMAT.md ``details``)."""

from __future__ import annotations

import re
from decimal import Decimal

from extractors.gate import Gate, Leads, required_literals
from extractors.text import ascii_lower

_I = re.IGNORECASE

# --- funding round -----------------------------------------------------------

_ROUND_ZH = re.compile(
    r"(?P<angel>天使(?P<ap>\+*)轮)|(?P<seed>种子(?P<sp>\+*)轮)"
    r"|(?P<prea>pre-?a(?P<pap>\+*)轮)|(?P<preipo>pre-?ipo轮?)"
    r"|(?P<series>(?<![a-z])(?P<letter>[a-h])(?P<num>\d?)(?P<plus>\+*)轮)"
    r"|(?P<strategic>战略(?:投资|融资|入股))|(?P<placement>定增|定向增发|配售|配股|非公开发行)"
    r"|(?P<convertible>可转债|可转换债)|(?P<debt>公司债|发债|债券|银行贷款|贷款)",
    _I,
)
_ROUND_EN = re.compile(
    r"(?P<series>\bseries (?P<letter>[a-h])(?P<suffix>(?:-?\d+)?\+*)(?![\w]))"
    r"|(?P<prea>\bpre-series a\b|\bpre-a\b)"
    r"|(?P<seed>\bseed\b)|(?P<angel>\bangel (?:round|funding)\b)"
    r"|(?P<preipo>\bpre-ipo\b)|(?P<strategic>\bstrategic (?:investment|round|financing)\b)"
    r"|(?P<placement>\bprivate placement\b|\bplacing\b)"
    r"|(?P<convertible>\bconvertible (?:bonds?|notes|debt)\b)"
    r"|(?P<debt>\b(?:committed|debt) financing\b|\bcredit facility\b|\bterm loan\b"
    r"|\bbonds? (?:sale|offering)\b|\bnotes offering\b)",
    _I,
)


# each tried only where a round word can begin, not at every character
_ROUND_LEADS = {"zh": Leads(_ROUND_ZH), "en": Leads(_ROUND_EN)}


def funding_round(text: str, lang: str) -> str | None:
    """The round a funding clause names (天使+轮 → ``angel+``, Series C1 → ``Series C1``);
    a clause naming several rounds names the one it reports first."""
    found = funding_rounds(text, lang)
    return found[0] if found else None


def funding_rounds(text: str, lang: str) -> list[str]:
    """Every round a clause names, in order."""
    leads = _ROUND_LEADS["zh" if lang == "zh" else "en"]
    found: list[str] = []
    for m in leads.finditer(text, ascii_lower(text)):
        g = m.lastgroup
        if m.group("series"):
            letter = m.group("letter").upper()
            if lang == "zh":
                found.append(f"Series {letter}{m.group('num')}{m.group('plus')}")
            else:
                found.append(f"Series {letter}{m.group('suffix')}")
        elif m.group("angel"):
            found.append("angel" + (m.groupdict().get("ap") or ""))
        elif m.group("seed"):
            found.append("seed" + (m.groupdict().get("sp") or ""))
        elif m.group("prea"):
            found.append("pre-A" + (m.groupdict().get("pap") or ""))
        elif m.group("preipo"):
            found.append("pre-IPO")
        elif g in ("strategic", "placement", "convertible", "debt"):
            found.append({"placement": "private placement"}.get(g, g))
    return found


# --- listing -----------------------------------------------------------------

_EXCHANGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"科创板|star market", _I), "SSE STAR"),
    (re.compile(r"创业板|chinext", _I), "SZSE ChiNext"),
    (re.compile(r"北交所|北京证券交易所|beijing stock exchange", _I), "BSE"),
    (re.compile(r"上交所|上海证券交易所|沪市|shanghai stock exchange", _I), "SSE"),
    (re.compile(r"深交所|深圳证券交易所|深市|shenzhen stock exchange", _I), "SZSE"),
    (re.compile(r"港交所|联交所|港股|香港|主板挂牌.*港|\bhong kong\b|\bhkex\b", _I), "HKEX"),
    (re.compile(r"纳斯达克|纳指|\bnasdaq\b", _I), "NASDAQ"),
    (re.compile(r"纽交所|纽约证券交易所|\bnyse\b|new york stock exchange", _I), "NYSE"),
    (re.compile(r"台交所|台湾证券交易所|\btwse\b|taiwan stock exchange", _I), "TWSE"),
    (re.compile(r"韩国交易所|\bkrx\b|\bkosdaq\b|\bkospi\b", _I), "KRX"),
    (re.compile(r"东京证券交易所|东证|tokyo stock exchange", _I), "TSE"),
    (re.compile(r"伦敦证券交易所|伦交所|london stock exchange", _I), "LSE"),
    (re.compile(r"\beuronext\b|泛欧交易所", _I), "Euronext"),
    (re.compile(r"新加坡交易所|新交所|\bsgx\b|singapore exchange", _I), "SGX"),
]


# one literal scan says which exchanges can be named before the list is read in order
_EXCHANGE_GATE = Gate.of([rx for rx, _ in _EXCHANGES])


def exchange(text: str) -> str | None:
    """The exchange a listing clause names, FORMAT.md spelling."""
    mask = _EXCHANGE_GATE.mask(ascii_lower(text))
    for i, (rx, name) in enumerate(_EXCHANGES):
        if mask >> i & 1 and rx.search(text):
            return name
    return None


_TICKER = re.compile(
    r"(?:证券代码|股票代码|代码)[:：]?\s*(?P<a>\d{4,6})"
    r"|\((?P<b>\d{4,6})(?:\.(?:hk|sh|sz|ss|bj|tw))?\)"
    r"|\b(?:ticker|stock code|symbol)(?: symbol)?\s*[\"“']?(?P<c>[A-Z]{1,5}|\d{4,6})\b"
)


_TICKER_LEADS = Leads(_TICKER)


def ticker(text: str) -> str | None:
    m = _TICKER_LEADS.search(text, ascii_lower(text))
    if not m:
        return None
    return m.group("a") or m.group("b") or m.group("c")


def listing_stage(kind: str) -> str:
    return {"filed": "filed", "approved": "approved", "priced": "priced"}.get(kind, "listed")


# --- acquisition -------------------------------------------------------------

_STAKE = re.compile(
    r"(\d+(?:\.\d+)?)\s*%\s*(?:的)?(?:stake|interest|股权|股份|权益)"
    r"|(?:stake|持股|股权)[^,，。;；\d]{0,12}?(\d+(?:\.\d+)?)\s*%",
    _I,
)
_INCLUDES_DEBT = re.compile(r"含债务|包括债务|包含债务|including (?:its )?debt|includ\w+ debt", _I)


# every stake names one of these words: most clauses hold none, and the (?i) scans
# were ~15 µs a clause
_STAKE_WORDS = required_literals(_STAKE) or ("",)
_INCLUDES_DEBT_LEADS = Leads(_INCLUDES_DEBT)


def stake_pct(text: str) -> Decimal | None:
    low = ascii_lower(text)
    m = _STAKE.search(text) if any(map(low.__contains__, _STAKE_WORDS)) else None
    if not m:
        return None
    return Decimal(m.group(1) or m.group(2))


def includes_debt(text: str) -> bool:
    return _INCLUDES_DEBT_LEADS.search(text, ascii_lower(text)) is not None


# --- regulation --------------------------------------------------------------

_AUTHORITIES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"commerce department|department of commerce|\bcommerce\b|商务部|\bbis\b|工业和安全局"
            r"|工业与安全局|bureau of industry and security",
            _I,
        ),
        "US Department of Commerce",
    ),
    (
        re.compile(r"federal trade commission|\bftc\b|联邦贸易委员会", _I),
        "US Federal Trade Commission",
    ),
    (re.compile(r"european commission|欧盟委员会|欧委会|\bbrussels\b", _I), "European Commission"),
    (
        re.compile(
            r"state administration for market regulation|\bsamr\b|市场监管总局|市场监督管理总局", _I
        ),
        "China State Administration for Market Regulation",
    ),
    (
        re.compile(r"国家互联网信息办公室|网信办|cyberspace administration", _I),
        "Cyberspace Administration of China",
    ),
    (
        re.compile(r"经济产业省|\bmeti\b|ministry of economy, trade", _I),
        "Japan Ministry of Economy, Trade and Industry",
    ),
    (re.compile(r"\bcongress\b|美国国会", _I), "US Congress"),
    (
        re.compile(
            r"投审司|投審司|投资审议|投資審議|经济部|經濟部|ministry of economic affairs", _I
        ),
        "Taiwan Ministry of Economic Affairs",
    ),
    (
        re.compile(
            r"美国政府|美方|美国官员|白宫|\bwashington\b|u\.s\. government|us government|美国", _I
        ),
        "US government",
    ),
    (re.compile(r"中国政府|\bbeijing\b|中方|中国商务部", _I), "Chinese government"),
    (re.compile(r"日本政府|japanese government|\btokyo\b", _I), "Japanese government"),
    (re.compile(r"韩国政府|korean government|\bseoul\b", _I), "South Korean government"),
    (re.compile(r"德国政府|german government|\bberlin\b", _I), "German government"),
    (
        re.compile(
            r"\bregulators?\b|监管(?:机构|部门)|\bgovernments?\b|政府|官员|\bthe department\b"
            r"|\bministry\b|(?<!investment )\bauthority\b|\bjoint undertaking\b|\bstate aid\b"
            r"|\bfree state of\b|管委会|发改委|工信部|财政部|国务院",
            _I,
        ),
        "government",
    ),
]

AUTHORITY_WORDS = re.compile("|".join(rx.pattern for rx, _ in _AUTHORITIES), _I)
# tried only where an authority's word begins: the (?i) union scanned whole was ~100 µs
_AUTHORITY_LEADS = Leads(AUTHORITY_WORDS)
_AUTHORITY_GATE = Gate.of([rx for rx, _ in _AUTHORITIES])

_PRODUCT = re.compile(
    r"\b(?:[A-Z]{1,4}\d{2,4}[A-Z]?\d?|EDA(?: software| tools)?|HBM\d?E?|TPUs?|GPUs?|DRAM|NAND)\b"
    r"|(?:AI芯片|GPU|TPU|HBM|EDA)"
)


def authority(text: str) -> str | None:
    """The canonical authority a regulation clause names, the most specific first."""
    mask = _AUTHORITY_GATE.mask(ascii_lower(text))
    for i, (rx, name) in enumerate(_AUTHORITIES):
        if mask >> i & 1 and rx.search(text):
            return name
    return None


def names_authority(text: str, low: str) -> bool:
    """Whether ``text`` names any authority (``AUTHORITY_WORDS``); ``low`` is
    ``ascii_lower(text)``."""
    return _AUTHORITY_LEADS.search(text, low) is not None


def product(text: str) -> str | None:
    """Product codes a clause names (H20, MI308, TPU …), joined in text order."""
    seen: list[str] = []
    for m in _PRODUCT.finditer(text):
        word = m.group(0)
        if word not in seen and not word.isdigit():
            seen.append(word)
    return ", ".join(seen[:3]) if seen else None


# --- investment --------------------------------------------------------------

_LOCATION_EN = re.compile(
    r"\bin ((?:central |northern |southern |eastern |western )?[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?"
    r"(?:, [A-Z][a-z]+(?: [A-Z][a-z]+)?)?)"
)
_LOCATION_ZH = re.compile(r"(?:在|于|落户)([\u4e00-\u9fff]{2,8}?(?:州|省|市|县|区|国|岛|道))")
_NOT_PLACE = frozenset(
    {
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "January",
        "February",
        "The",
        "This",
        "Its",
    }
)


def location(text: str, lang: str) -> str | None:
    """A place an investment clause names ("in Sherman, Texas", 在亚利桑那州)."""
    rx = _LOCATION_ZH if lang == "zh" else _LOCATION_EN
    for m in rx.finditer(text):
        place = m.group(1)
        if place.split()[0] not in _NOT_PLACE:
            return place
    return None

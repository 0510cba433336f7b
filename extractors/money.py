"""Find money amounts and percentages in Chinese and English news text.

``find_amounts`` scans the text once with one precompiled pattern for amount
candidates (a number with its units and currency, or a vague magnitude such as
数亿元 / "billions of dollars"), then reads the words around each: qualifiers
(逾, about, up to, 左右), per-share prices (元/股, a share), ranges
(10亿至20亿元, between $2bn and $3bn) and conversions the article adds
(210亿美元(约合人民币1486亿元)), which become ``restated`` on the amount.

All matching runs on a folded copy of the text (full-width forms to ASCII,
traditional to simplified for the characters the patterns use); the folding
maps one character to one character, so offsets are offsets in the original.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from decimal import Decimal

from extractors.numbers import BIG_UNITS, arabic_free, parse_number
from extractors.text import ascii_lower
from extractors.types import Money, Qualifier

__all__ = ["find_amounts", "find_percentages", "parse_amount"]

_FOLD: dict[int, str] = str.maketrans(
    {
        **{chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F) if cp != 0xFF0C},  # keep ，
        "￥": "¥",
        "￡": "£",
        "￦": "₩",
        "\u3000": " ",
        "億": "亿",
        "萬": "万",
        "兩": "两",
        "點": "点",
        "圓": "圆",
        "幣": "币",
        "臺": "台",
        "歐": "欧",
        "韓": "韩",
        "鎊": "镑",
        "盧": "卢",
        "約": "约",
        "餘": "余",
        "過": "过",
        "於": "于",
        "間": "间",
        "數": "数",
        "幾": "几",
        "達": "达",
        "級": "级",
        "內": "内",
        "價": "价",
        "發": "发",
        "開": "开",
        "盤": "盘",
        "與": "与",
        "從": "从",
        "當": "当",
        "為": "为",
        "將": "将",
        "實": "实",
    }
)

_FOLD_MAP = {chr(k): v for k, v in _FOLD.items()}
_FOLD_CHARS = re.compile("[" + re.escape("".join(_FOLD_MAP)) + "]")


def fold(text: str) -> str:
    """Full-width to ASCII and the traditional characters the patterns use to simplified.

    One character to one character: offsets in the result are offsets in ``text``.
    """
    # str.translate looks every character up in a dict (0.2 ms on 2 KB); a
    # regex visits only the few characters that change.
    return _FOLD_CHARS.sub(lambda m: _FOLD_MAP[m.group()], text)


_BARE = "BARE"  # bare 元: the caller's ``bare_yuan``
_YEN = "YEN"  # ¥: CNY unless the text around says yen

_ISO = (
    "USD", "CNY", "HKD", "TWD", "JPY", "KRW", "EUR", "GBP", "SGD", "INR", "CHF", "AUD", "CAD",
    "PLN", "MYR", "THB", "IDR", "VND", "SEK", "NOK", "DKK", "AED", "SAR", "TRY", "ZAR", "BRL",
    "MXN", "ILS", "HUF", "CZK", "NZD",
)  # fmt: skip
_PREFIX_CUR: dict[str, str] = {
    "$": "USD",
    "US$": "USD",
    "U.S.$": "USD",
    "HK$": "HKD",
    "NT$": "TWD",
    "S$": "SGD",
    "SG$": "SGD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "NZ$": "NZD",
    "R$": "BRL",
    "¥": _YEN,
    "JP¥": "JPY",
    "CN¥": "CNY",
    "RMB¥": "CNY",
    "€": "EUR",
    "£": "GBP",
    "₩": "KRW",
    "₹": "INR",
    "RS": "INR",
    "RS.": "INR",
    "RMB": "CNY",
    "NTD": "TWD",
    **{code: code for code in _ISO},
    "人民币": "CNY",
    "新台币": "TWD",
    "台币": "TWD",
    "港币": "HKD",
    "港元": "HKD",
    "美元": "USD",
    "美金": "USD",
    "日元": "JPY",
    "欧元": "EUR",
    "韩元": "KRW",
    "英镑": "GBP",
}
_ISO_RE = "|".join(_ISO)

_SUFFIX_CUR: dict[str, str] = {
    "元": _BARE,
    "元人民币": "CNY",
    "人民币": "CNY",
    "元港币": "HKD",
    "元新台币": "TWD",
    "元美金": "USD",
    "美元": "USD",
    "美金": "USD",
    "港元": "HKD",
    "港币": "HKD",
    "新台币": "TWD",
    "台币": "TWD",
    "日元": "JPY",
    "日圆": "JPY",
    "日币": "JPY",
    "円": "JPY",
    "韩元": "KRW",
    "欧元": "EUR",
    "英镑": "GBP",
    "新加坡元": "SGD",
    "新币": "SGD",
    "印度卢比": "INR",
    "卢比": "INR",
    "瑞士法郎": "CHF",
    "新谢克尔": "ILS",
    "谢克尔": "ILS",
    "兹罗提": "PLN",
    "林吉特": "MYR",
    "泰铢": "THB",
    "越南盾": "VND",
    "印尼盾": "IDR",
    "卢布": "RUB",
    "里拉": "TRY",
    "澳元": "AUD",
    "澳币": "AUD",
    "加元": "CAD",
    "加币": "CAD",
    # English words (keys lower case, spaces single)
    "yuan": "CNY",
    "renminbi": "CNY",
    "rmb": "CNY",
    "yen": "JPY",
    "won": "KRW",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "pounds sterling": "GBP",
    "sterling": "GBP",
    "rupee": "INR",
    "rupees": "INR",
    "shekel": "ILS",
    "shekels": "ILS",
    "new israeli shekels": "ILS",
    "zloty": "PLN",
    "zlotys": "PLN",
    "zlotych": "PLN",
    "ringgit": "MYR",
    "ringgits": "MYR",
    "baht": "THB",
    "rupiah": "IDR",
    "rupiahs": "IDR",
    "lira": "TRY",
    "liras": "TRY",
    "krona": "SEK",
    "kronor": "SEK",
    "dirham": "AED",
    "dirhams": "AED",
    "riyal": "SAR",
    "riyals": "SAR",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "swiss franc": "CHF",
    "swiss francs": "CHF",
    "francs": "CHF",
    "ntd": "TWD",
    **{code.lower(): code for code in _ISO},
}
_DOLLAR_KIND: dict[str, str] = {
    "": "USD",
    "us": "USD",
    "u.s.": "USD",
    "american": "USD",
    "hong kong": "HKD",
    "hk": "HKD",
    "singapore": "SGD",
    "new taiwan": "TWD",
    "taiwan": "TWD",
    "taiwanese": "TWD",
    "nt": "TWD",
    "australian": "AUD",
    "canadian": "CAD",
}

_EN_MULT: dict[str, int] = {
    "thousand": 10**3,
    "k": 10**3,
    "lakh": 10**5,
    "million": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "mln": 10**6,
    "crore": 10**7,
    "lakh crore": 10**12,
    "cr": 10**7,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
    "hundred": 10**2,
}
_EN_VAGUE: dict[str, int] = {
    "thousands": 10**3,
    "millions": 10**6,
    "billions": 10**9,
    "trillions": 10**12,
    "tens": 10,
    "hundreds": 10**2,
}
_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
_TEENS = " fifteen sixteen seventeen eighteen nineteen twenty"
_TENS = "thirty forty fifty sixty seventy eighty ninety"
_WORDS: dict[str, Decimal] = {w: Decimal(i) for i, w in enumerate((_ONES + _TEENS).split())}
_WORDS.update({w: Decimal(10 * i) for i, w in enumerate(_TENS.split(), 3)})
_WORDS.update({"a": Decimal(1), "an": Decimal(1), "half a": Decimal("0.5")})
_WORDS.update({"half an": Decimal("0.5"), "a quarter of a": Decimal("0.25")})
_WORDS.update({"three quarters of a": Decimal("0.75"), "three-quarters of a": Decimal("0.75")})
_VAGUE_WORDS = {"several": Decimal(1), "a few": Decimal(1), "a couple of": Decimal(2)}

_AR = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_CN_DIGIT = "零〇一二两三四五六七八九"
_CN = rf"[{_CN_DIGIT}十百千][{_CN_DIGIT}十百千万亿兆]*(?:点[{_CN_DIGIT}]+[万亿兆]*)?"
_WORD_NUM = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine"
    r"|ten|half\s+an?|an?\s+quarter\s+of\s+an?|three[- ]quarters\s+of\s+an?|an?|several"
    r"|a\s+few|a\s+couple\s+of)"
)
_CUR_WORDS = (
    r"(?i:(?:(?:u\.?s\.?|american|hong\s+kong|hk|singapore|new\s+taiwan|taiwan(?:ese)?|nt"
    r"|australian|canadian)\s+)?dollars?|yuan|renminbi|rmb|yen|won|euros?"
    r"|pounds?(?:\s+sterling)?|sterling|rupees?|swiss\s+francs?|francs"
    r"|(?:new\s+israeli\s+)?shekels?|zlot(?:y|ys|ych)|ringgits?|baht|rupiahs?|liras?|krona|kronor"
    r"|dirhams?|riyals?|r[ou]b(?:les?|les)|roubles?)"
    rf"|{_ISO_RE}|NTD"
)

# The guards ``(?=...)`` in ``_TAIL`` and ``_AMOUNT`` hold the first characters
# every branch after them needs: where none stands, the engine skips a long
# alternation at once (a number with no unit after it was ~3 us a match, 1 with
# them). They only say where a branch cannot start, so they change no match.
_TAIL = rf"""
    (?P<plus>\+|-(?i:plus)\b)?
    (?:(?=[\s-]?(?:[元人美港新台日円韩欧英印卢瑞澳加兹林泰越里¢%个百]|(?i:[a-z])))
        [\s-]?(?P<suf>元人民币|元港币|元新台币|元美金|人民币|美元|美金|港元|港币|新台币|台币
            |日元|日圆|日币|円|韩元|欧元|英镑|新加坡元|新币|印度卢比|卢比|瑞士法郎|新谢克尔|谢克尔|兹罗提|林吉特|泰铢|越南盾|印尼盾|卢布|里拉
            |澳元|澳币|加元|加币|元(?![旦件素宇器])
            |(?<![A-Za-z])(?:{_CUR_WORDS})\b)
      | \s?(?P<cents>(?i:cents?)\b|¢)
      | \s?(?P<pct>%|(?i:per\s?cent|percent|pct)\b|个百分点|百分点)
    )?
"""
# Where an amount can start: a digit, a currency sign, a capital (US$, HK$,
# RMB, Rs) or a Chinese numeral or currency word. A plain character class lets
# the regex engine skip everything else in C; ``_scan`` then tries ``_AMOUNT``
# only there.
_START = re.compile(rf"\d+|[A-Z]+|[$¥€£₩₹{_CN_DIGIT}十百千数几上好人新台港美日欧韩英]")
# The first characters of ``_START`` as one class: a pattern that opens with a
# class lets the regex engine skip non-candidates in its own loop (an
# alternation cannot), so ``_scan`` finds each start with this and reads the
# extent of ``_START`` there only when it must step past a failed try.
# A capital is a start only as the first two letters of a currency prefix (US$,
# HK$, RMB, Rs, EUR ...) with no letter before it: ``_AMOUNT`` fails at every
# other capital, and ``_scan`` would step past its run of capitals anyway
# (English text has a capital every few words: Nvidia, The, AMD).
_START_CHAR = re.compile(
    rf"[\d$¥€£₩₹{_CN_DIGIT}十百千数几上好人新台港美日欧韩英ACEGHIJKNRSTU]"
    r"(?:(?<![A-Z])|(?<![A-Za-z].)(?=[$.ABGHKMNPRSTUWZs¥]))"
)
_AMOUNT = re.compile(
    rf"""
    (?:(?=[$¥€£₩₹人新台港美日欧韩英]|(?<![A-Za-z])[ACEGHIJKNRSTU])
        (?P<pre>(?<![A-Za-z])(?:U\.S\.|US|HK|NT|SG|S|AU|A|CA|C|NZ|R)\$|\$
            |(?<![A-Za-z])(?:JP|CN|RMB)?¥|¥|€|£|₩|₹|(?<![A-Za-z])Rs\.?
            |(?<![A-Za-z])(?:{_ISO_RE}|RMB|NTD)
            |人民币|新台币|台币|港币|港元|美元|美金|日元|欧元|韩元|英镑)
        \s?
      | (?<![A-Za-z0-9_.])
    )
    (?:
        (?P<vq>数|几|上|好几)(?P<vu>[十百千]?[万亿兆]+|[十百千])
      | (?P<num>{_AR}|{_CN})
        (?:(?=\s?[多余几十百千万亿兆])\s?(?P<more>[多余几])?(?P<cnu>[十百千万亿兆]+)
            (?P<cont>(?:(?:{_AR}|[{_CN_DIGIT}十百千]+)[千百万]+)*))?
        (?:(?=[\s-]?(?i:[bcklmt]))
          (?:[\s-]?(?P<enu>(?i:thousand|million|billion|trillion|mln|mn|bn|tn|lakh\s+crore|crore|lakh))\b
            | (?P<enu2>(?i:[kmb]|cr))(?![A-Za-z])))?
    )
    {_TAIL}
    """,
    re.X,
)
# Amounts in words ("half a billion dollars", "billions of dollars") hold a
# magnitude word; they are looked for only around one (see ``_wordy``).
_MAGNITUDE = re.compile(r"(?:illion|housand|undred|ILLION|HOUSAND|UNDRED)[sS]?\b")
_WORDY = re.compile(
    rf"""
    (?<![A-Za-z])
    (?i:
        (?P<ven>(?:(?:tens|hundreds|thousands)\s+of\s+)?
            (?:thousands|millions|billions|trillions))\s+of\s+
      | (?P<wn>{_WORD_NUM})\s+
            (?P<wmul>(?:hundred\s+)?(?:thousand|million|billion|trillion)|hundred)\b
    )
    {_TAIL}
    """,
    re.X,
)
_WORDY_WINDOW = 40  # "three-quarters of a " is the longest lead before a magnitude word


def _words(zh: str, en: str) -> list[str]:
    """Chinese words separated by spaces, English phrases by semicolons."""
    return zh.split() + [w.strip() for w in en.split(";")]


_AT_MOST_WORDS = _words(
    "不超过 不高于 不多于 最高 最多 至多 多达 上限 上限为",
    "up to; as much as; as many as; no more than; not more than; capped at; a maximum of;"
    " a cap of; less than",
)
_AT_LEAST_WORDS = _words(
    "超过 超出 超 逾 高于 不低于 不少于 至少",
    "more than; over; above; at least; north of; in excess of; upwards of; exceeding; greater than",
)
_APPROX_WORDS = _words(
    "约合 约为 约 接近 将近 近 大约 大概 估计",
    "about; around; roughly; nearly; approximately; almost; some; close to; an estimated;"
    " estimated; approx.; circa",
)
_QUAL_BEFORE: dict[str, Qualifier] = {
    **dict.fromkeys(_AT_MOST_WORDS, Qualifier.AT_MOST),
    **dict.fromkeys(_AT_LEAST_WORDS, Qualifier.AT_LEAST),
    **dict.fromkeys(_APPROX_WORDS, Qualifier.APPROX),
}


# Qualifier words written before an amount are matched on the reversed text
# just before it: one anchored match instead of a search from every start
# position of a window.
def _reversed_word(word: str) -> str:
    body = re.escape(word[::-1]).replace("\\ ", r"\s+")
    return body + ("(?![a-z])" if word[0].isascii() and word[0].isalpha() else "")


_QUAL_BEFORE_REV = re.compile(
    r"\s*(?:达可|到达|达|为)?\s*(?P<w>"
    + "|".join(_reversed_word(w) for w in sorted(_QUAL_BEFORE, key=len, reverse=True))
    + ")",
    re.I,
)
_POST_QUAL = re.compile(
    r"\s*(?:(?P<least>以上|之上|(?:或|及)以上|级别|量级|级|\s?or\s+more\b|and\s+up\b)"
    r"|(?P<approx>左右|上下|\s?or\s+so\b)|(?P<most>以内|以下|或以下|\s?or\s+less\b|\s?at\s+most\b))",
    re.I,
)
_PER_SHARE_POST = re.compile(
    r"\s*(?:/\s*股|每股|/\s*share\b|(?:in\s+(?:cash|stock)\s+)?(?:a|per|each)\s+(?:share|ADS|ADR|unit|depositary\s+share"
    r"|American\s+depositary\s+share)\b"
    # a unit price (0.678元/W, 每吨, per watt) is no deal amount either
    r"|/\s*(?:W|瓦|kW|千瓦|kWh|Wh|千瓦时|度|吨|件|台|套|片|颗|公斤|kg|平方米|㎡|辆|桶|盎司)(?![A-Za-z])"
    r"|\s*per\s+(?:watt|ton|tonne|unit|barrel|ounce|kilogram|square\s+meter)\b)",
    re.I,
)
_EACH_POST = re.compile(r"\s*(?:each|apiece)\b", re.I)
_PER_SHARE_PRE = re.compile(
    r"(?:每股|股价|发行价|招股价|配售价|认购价|(?<![a-z])(?:per[- ]share|share\s+price"
    r"|offer(?:ing)?\s+price|IPO\s+price|issue\s+price))[^\d,，。;；]{0,10}$",
    re.I,
)
_RANGE_GAP = re.compile(r"\s*(?:至|到|-|–|—|~|〜|to|and)\s*", re.I)
# "from $3bn to $5bn", "rose $3 to $45": a change, not a range
_RANGE_FROM = re.compile(
    r"(?:(?<![a-z])(?:from|rose|fell|climbed|jumped|gained|dropped|slid|increased|decreased"
    r"|raised|lowered|cut|up|down)(?:\s+by)?|从|由|涨|跌)\s*$",
    re.I,
)
_BETWEEN = re.compile(r"(?:(?<![a-z])between|介于|在)\s*$", re.I)
_OPTION_GAP = re.compile(r"\s*[,，;；]\s*(?:(?:or|and|with)\s+|或)?", re.I)
_PAREN_GAP = re.compile(
    r"\s*[(\[]\s*(?P<conv>相当于|折合|合|or\b|i\.e\.,?|equivalent\s+to|equal\s+to)?\s*", re.I
)
_COMMA_GAP = re.compile(
    r"\s*[,，]\s*(?P<conv>相当于|折合|合|or\b|equivalent\s+to|equal\s+to)?\s*", re.I
)
_YEN_HINT = re.compile(r"yen|JPY|日元|日圆|日币|円|Japan|日本", re.I)
_JPY_WINDOW = 60  # chars either side of ¥ where a yen hint decides the currency
_PRE_WINDOW = 24  # longest qualifier plus spacing

_PERCENT = re.compile(
    rf"(?<![A-Za-z0-9_.])(?P<num>{_AR})\s?(?:%|per\s?cent\b|percent\b|pct\b)"
    rf"|百分之(?P<cn>{_CN}|{_AR})"
    rf"|(?<![{_CN_DIGIT}十百千])(?P<cheng>[一二两三四五六七八九十])成(?![本员功交立为熟型果长都不])",
    re.I,
)


@dataclass
class _Cand:
    """An amount candidate before the words around it are read."""

    value: Decimal
    currency: str | None
    start: int  # the amount itself (currency prefix or number)
    end: int
    qstart: int  # including a qualifier written before it
    qualifier: Qualifier
    has_unit: bool
    per_share: bool = False
    pre_qual: Qualifier | None = None
    high: Decimal | None = None  # a range's upper bound
    scale: Decimal = Decimal(1)  # the units' multiplier: 1e8 for 20亿元


def find_amounts(
    text: str, *, lang: str | None = None, bare_yuan: str = "CNY", yen: str | None = None
) -> list[Money]:
    """Every money amount in ``text`` in order; conversions sit on ``restated``.

    ``bare_yuan`` is the currency of a bare 元 (HKD in Hong Kong listings);
    ``yen="JPY"`` (or ``lang="ja"``) reads ¥ as yen, otherwise ¥ is CNY unless
    the words around it say yen.
    """
    if not isinstance(text, str) or not text:
        return []
    folded = text if text.isascii() else fold(text)  # fold changes no ASCII character
    magnitude = _has_magnitude(folded)
    if not magnitude and _NUMERAL.search(folded) is None and _VAGUE.search(folded) is None:
        return []  # most clauses the engine asks about hold no number at all
    if not _has_currency(folded):
        return []  # numbers with no currency written (dates, counts, ranks) are no money
    try:
        yen_cur = "JPY" if (yen or "").upper() == "JPY" or lang == "ja" else None
        matches = _scan(folded)
        wordy = _wordy(folded, matches) if magnitude else []
        if wordy:
            matches.extend(wordy)
            matches.sort(key=lambda m: m.start())
        cands = [c for m in matches if (c := _candidate(m, folded)) is not None]
        for c in cands:
            _resolve_currency(c, folded, bare_yuan, yen_cur)
        merged = _merge_ranges(folded, cands)
        return _attach_restated(text, folded, merged)
    except (ArithmeticError, ValueError):  # a pathological number; nothing trustworthy
        return []


# Every amount holds one of these: a numeral starts ``_AMOUNT``'s number, 数亿 /
# 上千万 its vague magnitudes, and a magnitude word each of ``_WORDY``'s matches.
_NUMERAL = re.compile(rf"[\d{_CN_DIGIT}十百千]")
_VAGUE = re.compile("[数几上][万亿兆]")


def _has_magnitude(folded: str) -> bool:
    """Whether ``_MAGNITUDE`` can match: six substring tests beat its regex scan."""
    return (
        "illion" in folded
        or "housand" in folded
        or "undred" in folded
        or "ILLION" in folded
        or "HOUSAND" in folded
        or "UNDRED" in folded
    )


# Every amount that is kept has a currency, and every currency is written with
# one of these (``_AMOUNT``'s prefixes, ``_TAIL``'s suffixes and cents): a cheap
# test that spares the full scan of the many clauses that only hold dates and counts.
_CURRENCY_SIGN = re.compile("[$¥€£₩₹¢元币円圆镑]")
_CURRENCY_CODE = re.compile(
    "|".join(
        [
            *_ISO,
            "RMB",
            "NTD",
            "Rs",
            "美金",
            "卢比",
            "法郎",
            "谢克尔",
            "兹罗提",
            "林吉特",
            "泰铢",
            "越南盾",
            "印尼盾",
            "卢布",
            "里拉",
        ]
    )
)
# (?i) words, probed in ``ascii_lower`` text; "cent" only where no letter leads
# it, as in the tail (5 cents, 99¢), so "percent" and "recent" do not count.
_CURRENCY_WORDS = (
    "dollar", "yuan", "renminbi", "rmb", "yen", "won", "euro", "pound", "sterling", "rupee",
    "franc", "shekel", "zlot", "ringgit", "baht", "rupiah", "lira", "krona", "kronor",
    "dirham", "riyal", "ruble", "rouble",
)  # fmt: skip
_CENTS = re.compile("c(?<![a-z]c)ent")


def _has_currency(folded: str) -> bool:
    """Whether a currency can be read anywhere in ``folded`` (false: no amount)."""
    if _CURRENCY_SIGN.search(folded) is not None or _CURRENCY_CODE.search(folded) is not None:
        return True
    low = ascii_lower(folded)
    for word in _CURRENCY_WORDS:
        if word in low:
            return True
    return _CENTS.search(low) is not None


def parse_amount(
    s: str, *, lang: str | None = None, bare_yuan: str = "CNY", yen: str | None = None
) -> Money | None:
    """The first amount in ``s``, or None."""
    found = find_amounts(s, lang=lang, bare_yuan=bare_yuan, yen=yen)
    return found[0] if found else None


def find_percentages(text: str) -> list[tuple[Decimal, int, int]]:
    """Percentages as (value, start, end): 30%, 30 per cent, 百分之三十, 三成 (→ 30)."""
    if not isinstance(text, str) or not text:
        return []
    folded = text if text.isascii() else fold(text)
    # every match holds one of these; _PERCENT's leading alternation makes the
    # engine try it at every position, so a clause without them is skipped whole
    if not ("%" in folded or "成" in folded or "百分之" in folded):
        low = folded.lower()
        if "cent" not in low and "pct" not in low:
            return []
    out: list[tuple[Decimal, int, int]] = []
    for m in _PERCENT.finditer(folded):
        if m.group("num") is not None:
            value = parse_number(m.group("num"))
        elif m.group("cn") is not None:
            value = parse_number(m.group("cn"))
        else:
            digit = parse_number(m.group("cheng"))
            value = digit * 10 if digit is not None else None
        if value is not None:
            out.append((value, m.start(), m.end()))
    return out


def _scan(folded: str) -> list[re.Match[str]]:
    """``_AMOUNT.finditer``, tried only where ``_START`` says an amount can begin."""
    out: list[re.Match[str]] = []
    pos = 0
    while (hit := _START_CHAR.search(folded, pos)) is not None:
        start = hit.start()
        m = _AMOUNT.match(folded, start)
        if m is not None:
            out.append(m)
            pos = m.end()
        else:
            pos = _START.match(folded, start).end()  # type: ignore[union-attr]
    return out


def _wordy(folded: str, numeric: list[re.Match[str]]) -> list[re.Match[str]]:
    """Amounts in words, looked for only around magnitude words no number claimed."""
    starts = [m.start() for m in numeric]  # finditer order: sorted, not overlapping
    out: list[re.Match[str]] = []
    last_end = 0
    for mag in _MAGNITUDE.finditer(folded):
        p = mag.start()
        i = bisect_right(starts, p) - 1
        if p < last_end or (i >= 0 and p < numeric[i].end()):
            continue
        lo = max(last_end, p - _WORDY_WINDOW)
        for m in _WORDY.finditer(folded, lo, mag.end() + _WORDY_WINDOW):
            if m.start() <= p < m.end():
                out.append(m)
                last_end = m.end()
                break
    return out


def _candidate(m: re.Match[str], folded: str) -> _Cand | None:
    """Value, currency and qualifier of one pattern match, or None."""
    if m.group("pct"):
        return None
    pre = m.group("pre") if m.re is _AMOUNT else None
    near_range: bool | None = None  # read only when needed: two searches
    if not (m.group("suf") or m.group("cents") or pre):
        near_range = _near_range_word(folded, m)
        if not near_range:
            return None  # a number with no currency only matters as one end of a range
    g: dict[str, str] = m.groupdict("")
    if g.get("enu2") and not (pre or g["suf"]):
        return None  # "5m", "3b" are lengths and labels unless money is written
    read = _value(g)
    if read is None:
        return None
    value, qualifier, has_unit = read
    num = g.get("num", "")
    if g["suf"] == "元" and num and not g["cnu"] and arabic_free(num) and value < 10:
        return None  # 一元化, 二元结构: words, not one or two yuan
    if g["plus"]:
        qualifier = Qualifier.AT_LEAST
    currency = _currency(g)
    if g["cents"]:
        value /= 100
        currency = currency or "USD"
    cand = _Cand(value, currency, m.start(), m.end(), m.start(), qualifier, has_unit)
    if num and has_unit and (near_range or _near_range_word(folded, m)):
        # only a range's upper end needs the scale
        base = parse_number(num.rstrip("万亿兆"))
        cand.scale = value / base if base else Decimal(1)
    if currency is not None:
        _read_context(cand, folded, is_price=not has_unit)
    return cand


def _value(g: dict[str, str]) -> tuple[Decimal, Qualifier, bool] | None:
    """(value, qualifier the number itself implies, whether units were written)."""
    if g.get("vq"):  # 数亿, 上千万
        return _unit_product(g["vu"]), Qualifier.AT_LEAST, True
    if g.get("ven"):  # hundreds of millions of
        value = Decimal(1)
        for w in g["ven"].lower().split():
            value *= _EN_VAGUE.get(w, 1)
        return value, Qualifier.AT_LEAST, True
    if g.get("wn"):  # half a billion
        word = " ".join(g["wn"].lower().split())
        mult = Decimal(1)
        for w in g["wmul"].lower().split():
            mult *= _EN_MULT[w]
        if word in _VAGUE_WORDS:
            vague = Qualifier.AT_LEAST if word != "a couple of" else Qualifier.APPROX
            return _VAGUE_WORDS[word] * mult, vague, True
        return _WORDS[word] * mult, Qualifier.EXACT, True
    if g["cnu"] and not g["cont"] and _SIMPLE_NUM.fullmatch(g["num"]):
        parsed: Decimal | None = Decimal(g["num"]) * _unit_product(g["cnu"])  # 2822.52亿
    else:
        parsed = parse_number(g["num"] + g["cnu"] + g["cont"])
    if parsed is None:
        return None
    unit = (g["enu"] or g["enu2"]).lower()
    value = parsed * _EN_MULT[" ".join(unit.split())] if unit else parsed
    qualifier = Qualifier.AT_LEAST if g["more"] else Qualifier.EXACT  # 20多亿, 十余亿
    has_unit = bool(unit or g["cnu"] or any(u in g["num"] for u in BIG_UNITS))
    return value, qualifier, has_unit


_RANGE_AFTER = re.compile(r"\s*(?:至|到|-|–|—|~|〜|to\b|and\b)", re.I)
_RANGE_BEFORE = re.compile(r"(?:至|到|-|–|—|~|〜|(?<![a-z])to|(?<![a-z])and)\s*$", re.I)


def _near_range_word(folded: str, m: re.Match[str]) -> bool:
    """Whether a range connector touches the match (10-20亿元, $150-200 million)."""
    return bool(
        _RANGE_AFTER.match(folded, m.end())
        or _RANGE_BEFORE.search(folded, max(0, m.start() - 5), m.start())
    )


_SIMPLE_NUM = re.compile(r"\d{1,20}(?:\.\d{1,20})?")
_UNIT_VALUE = {"十": 10, "百": 100, "千": 1000, **BIG_UNITS}


def _unit_product(units: str) -> Decimal:
    value = Decimal(1)
    for ch in units:
        value *= _UNIT_VALUE[ch]
    return value


def _currency(g: dict[str, str]) -> str | None:
    pre = g.get("pre")
    suf = g["suf"]
    pre_cur = _PREFIX_CUR.get(pre.strip().upper()) if pre else None
    suf_cur = None
    if suf:
        key = " ".join(suf.lower().split())
        if key.endswith(("dollar", "dollars")):
            kind = key.rsplit(" ", 1)[0] if " " in key else ""
            suf_cur = _DOLLAR_KIND.get(kind, "USD")
        else:
            suf_cur = _SUFFIX_CUR.get(key) or _SUFFIX_CUR.get(suf)
    if pre_cur and (suf_cur is None or suf_cur == _BARE):
        return pre_cur
    return suf_cur or pre_cur


def _read_context(c: _Cand, folded: str, *, is_price: bool) -> None:
    """Qualifier words before and after, and the per-share markers."""
    before = folded[max(0, c.start - _PRE_WINDOW) : c.start][::-1]
    q = _QUAL_BEFORE_REV.match(before)
    if q is not None:
        c.pre_qual = _QUAL_BEFORE[" ".join(q.group("w")[::-1].lower().split())]
        if c.qualifier is Qualifier.EXACT or c.pre_qual is not Qualifier.APPROX:
            c.qualifier = c.pre_qual
        c.qstart = c.start - q.end()
    if c.currency is not None:
        post = _POST_QUAL.match(folded, c.end)
        if post is not None:
            c.qualifier = (
                Qualifier.AT_LEAST
                if post.group("least")
                else Qualifier.APPROX
                if post.group("approx")
                else Qualifier.AT_MOST
            )
            c.end = post.end()
    if (
        _PER_SHARE_POST.match(folded, c.end)
        or (is_price and _EACH_POST.match(folded, c.end))
        or _per_share_before(folded[max(0, c.qstart - 20) : c.qstart])
    ):
        c.per_share = True


def _per_share_before(before: str) -> bool:
    """每股 / 发行价 / offer price of just before the amount."""
    # most amounts have none of these words near: skip the anchored search then
    if "股" not in before and "价" not in before and "rice" not in before and "hare" not in before:
        return False
    return _PER_SHARE_PRE.search(before) is not None


def _resolve_currency(c: _Cand, folded: str, bare_yuan: str, yen_cur: str | None) -> None:
    if c.currency == _BARE:
        c.currency = bare_yuan
    elif c.currency == _YEN:
        if yen_cur is None:
            window = folded[max(0, c.start - _JPY_WINDOW) : c.end + _JPY_WINDOW]
            yen_cur = "JPY" if _YEN_HINT.search(window) else "CNY"
        c.currency = yen_cur


def _merge_ranges(folded: str, cands: list[_Cand]) -> list[_Cand]:
    """Join "A 至 B" / "between A and B" / "A, up to B" into one range candidate."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        merged = _range(folded, a, b) if b is not None else None
        if merged is not None:
            out.append(merged)
            i += 2
        else:
            out.append(a)
            i += 1
    return [c for c in out if c.currency is not None]


def _range(folded: str, a: _Cand, b: _Cand) -> _Cand | None:
    if a.currency and b.currency and a.currency != b.currency:
        return None
    currency = a.currency or b.currency
    if currency is None:
        return None
    gap = _RANGE_GAP.fullmatch(folded, a.end, b.qstart)
    if gap is not None and b.qstart == b.start:
        if gap.group().strip().lower() == "and" and not _BETWEEN.search(
            folded, max(0, a.qstart - 12), a.qstart
        ):
            return None
        if _RANGE_FROM.search(folded, max(0, a.qstart - 16), a.qstart):
            return None
        low, high = a.value, b.value
        if not a.has_unit and b.has_unit:
            low = a.value * b.scale
        if not low < high:
            return None
        return _Cand(
            low, currency, a.start, b.end, a.qstart, Qualifier.RANGE, True,
            per_share=a.per_share or b.per_share, high=high,
        )  # fmt: skip
    option = _OPTION_GAP.fullmatch(folded, a.end, b.qstart)
    if (
        option is not None
        and a.currency == b.currency
        and a.qualifier is Qualifier.EXACT
        and b.pre_qual is Qualifier.AT_MOST
        and a.value < b.value
    ):
        return _Cand(
            a.value, currency, a.start, b.end, a.qstart, Qualifier.RANGE, True, high=b.value
        )
    return None


def _attach_restated(text: str, folded: str, cands: list[_Cand]) -> list[Money]:
    """Money objects; a conversion right after an amount becomes its ``restated``."""
    out: list[Money] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        money = _money(text, a)
        b = cands[i + 1] if i + 1 < len(cands) else None
        if b is not None and _is_conversion(folded, a, b):
            out.append(replace(money, restated=_money(text, b)))
            i += 2
            continue
        out.append(money)
        i += 1
    return out


def _is_conversion(folded: str, a: _Cand, b: _Cand) -> bool:
    if b.per_share != a.per_share:
        return False
    paren = _PAREN_GAP.fullmatch(folded, a.end, b.qstart)
    if paren is not None:
        return a.currency != b.currency or paren.group("conv") is not None
    comma = _COMMA_GAP.fullmatch(folded, a.end, b.qstart)
    if comma is not None and a.currency != b.currency:
        return comma.group("conv") is not None or b.pre_qual is Qualifier.APPROX
    return False


def _money(text: str, c: _Cand) -> Money:
    return Money(
        value=_tidy(c.value),
        currency=c.currency,
        qualifier=c.qualifier,
        max=_tidy(c.high) if c.high is not None else None,
        text=text[c.qstart : c.end],
        start=c.qstart,
        end=c.end,
        per_share=c.per_share,
    )


def _tidy(value: Decimal) -> Decimal:
    """2E+9 and 2000000000.00 alike become 2000000000; fractions keep their digits."""
    value = value.normalize()
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value

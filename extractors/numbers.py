"""Parse one number written in Arabic digits, full-width digits or Chinese numerals.

``parse_number`` reads the number alone ("1,234.5", "２２.８", "二十亿", "1.6万亿",
"206亿5,750万"); finding numbers inside running text is ``extractors.money``'s job.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Full-width forms (U+FF01..U+FF5E) map one to one onto ASCII; the traditional
# characters are the ones a number can contain. Every entry is one character to
# one character, so offsets in folded text are offsets in the original.
_FOLD: dict[int, str] = str.maketrans(
    {
        **{chr(cp): chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)},
        "億": "亿",
        "萬": "万",
        "兩": "两",
        "點": "点",
    }
)

DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    # the financial capitals written on contracts and cheques
    "壹": 1,
    "贰": 2,
    "貳": 2,
    "叁": 3,
    "參": 3,
    "肆": 4,
    "伍": 5,
    "陆": 6,
    "陸": 6,
    "柒": 7,
    "捌": 8,
    "玖": 9,
}
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
# 兆 is 10^12 in Taiwanese and Japanese money usage (新台幣1兆元), which is the
# only place a money parser meets it.
BIG_UNITS: dict[str, int] = {"万": 10**4, "亿": 10**8, "兆": 10**12}

_PLAIN = re.compile(
    r"[+-]?(?:\d{1,3}(?P<sep>[, \u00a0\u202f\u2009'])\d{3}(?:(?P=sep)\d{3})*|\d+)(?:\.\d+)?"
)
_SIMPLE = re.compile(r"\d{1,30}(?:\.\d{1,30})?")
_TOKEN = re.compile(r"(\d+(?:\.\d+)?)|(.)", re.S)


def parse_number(s: str) -> Decimal | None:
    """The value of ``s`` as one number, or None when it is not one."""
    if not isinstance(s, str):
        return None
    if s.isascii() and _SIMPLE.fullmatch(s):
        return Decimal(s)
    text = s.strip().translate(_FOLD)
    if not text or len(text) > 64:
        return None
    if _PLAIN.fullmatch(text):
        return _decimal(re.sub(r"[, \u00a0\u202f\u2009']", "", text))
    # Mixed forms ("5,750万", "1.6万亿"): drop thousands separators between digits.
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    return parse_chinese(text)


def parse_chinese(text: str) -> Decimal | None:
    """Chinese numerals, optionally mixed with Arabic digits: "一千二百三十四", "3千万"."""
    if "点" in text:
        whole, _, frac = text.partition("点")
        return _with_fraction(whole, frac)
    if text and all(ch in DIGITS for ch in text):
        # digit by digit, as in a year or a code: 二〇二五
        return Decimal("".join(str(DIGITS[ch]) for ch in text))
    return _positional(text)


def _with_fraction(whole: str, frac: str) -> Decimal | None:
    """三点五亿: the digits after 点 are a decimal fraction, units after them apply to all."""
    i = 0
    while i < len(frac) and frac[i] in DIGITS:
        i += 1
    digits, units = frac[:i], frac[i:]
    if not digits or "点" in units:
        return None
    head = _positional(whole) if whole else Decimal(0)
    if head is None:
        return None
    value = head + Decimal("0." + "".join(str(DIGITS[ch]) for ch in digits))
    for ch in units:
        if ch not in BIG_UNITS:
            return None
        value *= BIG_UNITS[ch]
    return value


def _positional(text: str) -> Decimal | None:
    """Place-value reading: sections below 万, 万 sections, then 亿 / 兆 ones.

    A digit right after a unit counts in the next lower place, as people say
    it: 三千五 is 3500, 一万五 is 15000 (一千零五, with 零, is 1005).
    """
    big = Decimal(0)  # finished 亿 / 兆 sections
    wan = Decimal(0)  # finished 万 section
    section = Decimal(0)  # below 万
    digit: Decimal | None = None
    last_unit = 0  # the unit just before a trailing digit; 0 after 零 or a digit
    seen = False
    for m in _TOKEN.finditer(text):
        arabic, ch = m.group(1), m.group(2)
        if arabic is not None or ch in DIGITS:
            value = _decimal(arabic) if arabic is not None else Decimal(DIGITS[ch])
            if value is None:
                return None
            if digit is not None and digit != 0:
                return None  # two digits in a row with no unit between
            if value == 0 or digit is not None:
                last_unit = 0
            digit = value
            seen = True
        elif ch in SMALL_UNITS:
            section += (digit if digit is not None else Decimal(1)) * SMALL_UNITS[ch]
            digit = None
            last_unit = SMALL_UNITS[ch]
            seen = True
        elif ch in BIG_UNITS:
            if not seen:
                return None
            chunk = section + (digit or 0)
            if ch == "万":
                wan = (wan + chunk) * BIG_UNITS[ch]
            else:
                big = (big + wan + chunk) * BIG_UNITS[ch]
                wan = Decimal(0)
            section = Decimal(0)
            digit = None
            last_unit = BIG_UNITS[ch]
        else:
            return None
    if not seen:
        return None
    if digit is not None and last_unit >= 100 and arabic_free(text):
        digit *= last_unit // 10
    return big + wan + section + (digit or 0)


def arabic_free(text: str) -> bool:
    """Whether ``text`` has no Arabic digit (3亿5 is not read as 3.5亿)."""
    return not any("0" <= ch <= "9" for ch in text)


def _decimal(s: str) -> Decimal | None:
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None

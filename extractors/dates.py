"""Dates in Chinese and English news: the dateline, date mentions, an event's day.

``find_dateline`` reads the article's own dateline near its beginning
("据芯东西12月17日报道", "SHANGHAI, Dec 17 (Reuters) -"); ``reference_date`` is
that dateline or the publication day, the day relative words ("昨日",
"on Tuesday") are counted from. ``find_dates`` lists every date mention in one
sentence with its precision; ``event_date`` picks the one day a sentence dates
its event to. Pure functions: a date that cannot be resolved is ``None``, never
an exception.

Resolution rules, in short:

- A day without a year is the latest such day not after the reference (one
  day of slack for time zones), or the first one from it on when a future word
  (将, 拟, will, scheduled) stands right before it in the same clause.
- A weekday alone is the latest such day on or before the reference ("on
  Tuesday" in a Friday article is that week's Tuesday); 上周五 is last week's
  Friday (weeks start on Monday), "last Friday" the latest Friday before the
  reference, "next Tuesday" the first one after it.
- Only day-precise mentions carry a ``date``; a week, month, quarter or year
  carries ``date=None`` and, where known, ``year``/``month``/``quarter``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal

from extractors.gate import Gate, Leads, required_literals
from extractors.text import ascii_lower

Precision = Literal["day", "week", "month", "quarter", "year"]


@dataclass(frozen=True)
class DateMention:
    """One date expression in a sentence, resolved as far as its words allow.

    ``reporting`` marks a dateline-like mention ("据X12月17日报道", "Dec 17
    (Reuters) -"): the day the news was reported, not the day of the event.
    """

    date: date | None
    precision: Precision
    start: int
    end: int
    text: str
    year: int | None = None
    month: int | None = None
    quarter: int | None = None
    reporting: bool = False


# A time zone can put the dateline a calendar day ahead of ``published``
# (an Asian dateline on an article stamped in New York), so "not after the
# reference" allows one day.
_SLACK = timedelta(days=1)

# Full-width ASCII (U+FF01..U+FF5E: digits, parentheses, slashes) folds one
# character to one character, so offsets in the folded text are offsets in
# the original.
_FOLD = str.maketrans({cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)})
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")


def _fold(text: str) -> str:
    """``text.translate(_FOLD)``; most text has no full-width form, and the table
    lookup of every character cost ~5 µs a sentence."""
    return text.translate(_FOLD) if _FULL_WIDTH.search(text) else text


_ZH_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4}
_ZH_DIGIT.update({"五": 5, "六": 6, "七": 7, "八": 8, "九": 9})

_REL_YEAR = {"今年": 0, "去年": -1, "前年": -2, "明年": 1, "后年": 2, "後年": 2}
_SAME_YEAR = ("同年", "当年", "當年")  # "that year": the year named before it
_REL_YEAR_RE = "今年|去年|前年|明年|后年|後年|同年|当年|當年"

_REL_DAY = {"今": 0, "本": 0, "昨": -1, "前": -2, "明": 1, "后": 2, "後": 2}

_ZH_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_MON_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MON_ANY = _MON_FULL + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MON_NEEDS = tuple(_MON_FULL.lower().split("|"))
_WD_NEEDS = tuple(w.lower() for w in _WEEKDAYS)
_ZH_WEEK = ("周", "週", "星期", "礼拜", "禮拜")
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3}
_ORDINAL["4th"] = 4

_ZH_FUTURE = re.compile(
    r"将|將|拟|擬|计划|計劃|预计|預計|预期|預期|定于|定於|订于|訂於|有望|即将|即將|预定|預定|"
    r"准备|準備|打算|最早|最快"
)
_EN_FUTURE = re.compile(
    r"(?i)\b(?:will|shall|would|scheduled|expected|expects|plans?|planned|set to|due|"
    r"slated|aims? to|intends? to|is to|are to|hopes? to)\b|'ll\b"
)
_COMPLETION_BEFORE = re.compile(
    r"(?i)\b(?:completed|closed|finali[sz]ed|consummated|completion|closing)\b|完成于|完成於"
)
_COMPLETION_AFTER = re.compile(r"^[^，,。；;]{0,8}?(?:完成|完結|完结|交割|收官)")
_ZH_REPORT_AFTER = re.compile(r"\s*(?:电|電|讯|訊|消息|报道|報導|报导|获悉|獲悉|快讯|快訊)")
_EN_REPORT_AFTER = re.compile(
    r"\s*(?:\([A-Z][A-Za-z .&-]{1,30}\)\s*)?(?:/\s*[A-Za-z][A-Za-z .-]{1,30}/\s*)?(?:--?|–|—)"
)
# Words after a bare four-digit number that make it an amount, not a year.
_AMOUNT_AFTER = re.compile(
    r"(?i)\s*(?:million|billion|trillion|thousand|units|nm|mm|gb|tb|mhz|ghz|"
    r"people|employees|shares|chips|wafers|yuan|won|yen|dollars|points|per\b|%|percent)"
)
_HOLIDAY_BEFORE = re.compile(r"(?i)(?:black|cyber|good|super|ash|holy|easter|giving)\s+$")


@dataclass
class _Ctx:
    text: str  # folded sentence
    ref: date | None
    prev: list[DateMention]


@dataclass(frozen=True)
class _Rule:
    lang: str  # "zh" | "en" | "num"
    pattern: re.Pattern[str]
    build: Callable[[re.Match[str], _Ctx], DateMention | None]
    # A match is impossible without a digit (``digit``) or without one of ``needs``
    # (lower case) in the lowered sentence: a cheap test that skips the pattern.
    digit: bool = False
    needs: tuple[str, ...] = ()


# ---------------------------------------------------------------- helpers


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _zh_int(s: str) -> int | None:
    """A number of one or two digits, Arabic or Chinese (十七, 二十, 三十一)."""
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        hi = _ZH_DIGIT.get(tens, -100) if tens else 1
        lo = _ZH_DIGIT.get(ones, -100) if ones else 0
        value = hi * 10 + lo
        return value if value >= 0 else None
    return _ZH_DIGIT.get(s) if len(s) == 1 else None


def _shift_month(year: int, month: int, k: int) -> tuple[int, int]:
    idx = year * 12 + month - 1 + k
    return idx // 12, idx % 12 + 1


def _pick_day_of_year(month: int, day: int, ref: date, forward: bool) -> date | None:
    """The latest ``month/day`` not after ``ref`` (or the first from it, forward)."""
    cands = [c for y in range(ref.year - 8, ref.year + 3) if (c := _safe_date(y, month, day))]
    if forward:
        later = [c for c in cands if c >= ref - _SLACK]
        return min(later) if later else None
    earlier = [c for c in cands if c <= ref + _SLACK]
    return max(earlier) if earlier else None


def _pick_day_of_month(day: int, ref: date, forward: bool) -> date | None:
    cands = []
    for k in range(-4, 4):
        y, m = _shift_month(ref.year, ref.month, k)
        if c := _safe_date(y, m, day):
            cands.append(c)
    if forward:
        later = [c for c in cands if c >= ref - _SLACK]
        return min(later) if later else None
    earlier = [c for c in cands if c <= ref + _SLACK]
    return max(earlier) if earlier else None


def _pick_month_year(month: int, ref: date, mode: str) -> int:
    """The year of a month named without one: ``past``, ``future``, ``last``, ``next``."""
    if mode == "future":
        return ref.year if month >= ref.month else ref.year + 1
    if mode == "last":
        return ref.year if month < ref.month else ref.year - 1
    if mode == "next":
        return ref.year if month > ref.month else ref.year + 1
    if mode == "this":
        return ref.year
    return ref.year if month <= ref.month else ref.year - 1


def _weekday(wd: int, ref: date, mode: str) -> date:
    """Resolve weekday ``wd`` (Monday 0) against ``ref``."""
    back = (ref.weekday() - wd) % 7
    ahead = (wd - ref.weekday()) % 7
    monday = ref - timedelta(days=ref.weekday())
    if mode == "strict_past":
        return ref - timedelta(days=back or 7)
    if mode == "future":
        return ref + timedelta(days=ahead)
    if mode == "strict_future":
        return ref + timedelta(days=ahead or 7)
    if mode == "this_week":
        return monday + timedelta(days=wd)
    if mode == "last_week":
        return monday + timedelta(days=wd - 7)
    if mode == "next_week":
        return monday + timedelta(days=wd + 7)
    return ref - timedelta(days=back)


_UP_TO_BREAK = re.compile(r".*[，,。；;！!？?\n]", re.S)  # up to the last clause break


def _clause_before(text: str, start: int, width: int = 40) -> str:
    """The words of the same clause just before ``start``."""
    window = text[max(0, start - width) : start]
    cut = _UP_TO_BREAK.match(window)
    return window[cut.end() :] if cut else window


# tried only where a future word begins: the (?i) scan of a window was ~8 µs
_EN_FUTURE_LEADS = Leads(_EN_FUTURE)


def _is_future(text: str, start: int) -> bool:
    before = _clause_before(text, start)
    return bool(_ZH_FUTURE.search(before) or _EN_FUTURE_LEADS.search(before, ascii_lower(before)))


def _year_context(ctx: _Ctx, start: int, near: int | None) -> DateMention | None:
    """The latest earlier mention whose year the text wrote (within ``near`` chars)."""
    for m in reversed(ctx.prev):
        if m.year is None or m.end > start:
            continue
        if near is None or start - m.end <= near:
            return m
        return None
    return None


_WRITTEN_YEAR = re.compile(rf"\d{{4}}|{_REL_YEAR_RE}|(?i:\b(?:this|last|next) year\b)")
_RANGE_BETWEEN = re.compile(r"至|到|~|～|-|–|—|(?i:\b(?:to|through|until|till|and)\b)")


def _inherited_year(ctx: _Ctx, start: int, month: int, near: int) -> int | None:
    """The year of a month written just after a date with its year ("2026年3月17日，並於4月9日").

    A range that wraps a new year ("12月30日至1月2日") moves on to the next year.
    """
    prev = _year_context(ctx, start, near)
    if prev is None or prev.year is None or prev.month is None:
        return None
    if not _WRITTEN_YEAR.search(prev.text):
        return None
    between = ctx.text[prev.end : start]
    wraps = month < prev.month and _RANGE_BETWEEN.search(between)
    return prev.year + 1 if wraps else prev.year


def _explicit_year(m: re.Match[str], ctx: _Ctx) -> tuple[int | None, bool]:
    """The year a match writes (``y`` or ``ry`` group); ``(None, False)`` when none.

    The flag says the text carries a year at all, even one that cannot be
    resolved without a reference.
    """
    groups = m.groupdict()
    if groups.get("y"):
        return int(groups["y"]), True
    rel = groups.get("ry")
    if not rel:
        return None, False
    if rel in _SAME_YEAR:
        prev = _year_context(ctx, m.start(), None)
        return (prev.year if prev else None), True
    return (ctx.ref.year + _REL_YEAR[rel] if ctx.ref else None), True


def _mention(
    m: re.Match[str],
    precision: Precision,
    day: date | None = None,
    *,
    year: int | None = None,
    month: int | None = None,
    quarter: int | None = None,
    reporting: bool = False,
) -> DateMention:
    return DateMention(
        day, precision, m.start(), m.end(), m.group(0), year, month, quarter, reporting
    )


# ---------------------------------------------------------------- builders


def _build_md(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    """A month and a day, with or without a year (Arabic or Chinese numerals)."""
    month, day = _zh_int(m.group("m")), _zh_int(m.group("d"))
    if month is None or day is None or not 1 <= month <= 12 or _safe_date(2024, month, day) is None:
        return None
    year, written = _explicit_year(m, ctx)
    when: date | None = None
    if year is not None:
        when = _safe_date(year, month, day)
        if when is None:
            return None
    elif not written and ctx.ref is not None:
        inherited = _inherited_year(ctx, m.start(), month, 20)
        if inherited is not None:
            when = _safe_date(inherited, month, day)
        else:
            when = _pick_day_of_year(month, day, ctx.ref, _is_future(ctx.text, m.start()))
    reporting = bool(
        _ZH_REPORT_AFTER.match(ctx.text, m.end()) or _EN_REPORT_AFTER.match(ctx.text, m.end())
    )
    if not reporting and re.search(r"[据據]", _clause_before(ctx.text, m.start(), 20)):
        after = ctx.text[m.end() : m.end() + 20]
        reporting = bool(re.match(r"^[^，,。；;]*(?:报道|報導|消息)", after))
    return _mention(
        m,
        "day",
        when,
        year=when.year if when else (year if written else None),
        month=month,
        reporting=reporting,
    )


def _build_en_md(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    """A month name and a day: Dec. 17, December 17, 2025, 17 December 2025."""
    month = _MONTHS[m.group("mon").lower()]
    day = int(m.group("d"))
    if _safe_date(2024, month, day) is None:
        return None
    when: date | None = None
    if m.group("y"):
        when = _safe_date(int(m.group("y")), month, day)
        if when is None:
            return None
    elif ctx.ref is not None:
        inherited = _inherited_year(ctx, m.start(), month, 20)
        if inherited is not None:
            when = _safe_date(inherited, month, day)
        else:
            when = _pick_day_of_year(month, day, ctx.ref, _is_future(ctx.text, m.start()))
    reporting = bool(_EN_REPORT_AFTER.match(ctx.text, m.end()))
    year = when.year if when else None
    return _mention(m, "day", when, year=year, month=month, reporting=reporting)


def _build_numeric_ymd(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    when = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if when is None:
        return None
    return _mention(m, "day", when, year=when.year, month=when.month)


def _build_numeric_mdy(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    """12/17/2025 (US order); 17/12/2025 when the first number cannot be a month."""
    a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    when = _safe_date(y, a, b) if a <= 12 else _safe_date(y, b, a)
    if when is None:
        return None
    return _mention(m, "day", when, year=y, month=when.month)


def _build_paren_day(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    """昨(11)日, 今(17)日: a relative day with its day of month in brackets."""
    day = int(m.group("d"))
    if not 1 <= day <= 31:
        return None
    when = None
    if ctx.ref is not None:
        shift = _REL_DAY[m.group("rel")]
        near = ctx.ref + timedelta(days=shift)
        # The bracketed number is what the reporter wrote; the word says which side.
        when = near if near.day == day else _pick_day_of_month(day, near, forward=shift > 0)
    return _mention(m, "day", when, year=when.year if when else None)


def _build_zh_rel_day(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    if ctx.text.startswith(("头条", "頭條"), m.end("w")):
        return None  # 今日头条 is an app
    when = ctx.ref + timedelta(days=_REL_DAY[m.group("w")[0]]) if ctx.ref else None
    return _mention(m, "day", when, year=when.year if when else None)


def _build_zh_day(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    """17日: a day of the reference's month (or the month before)."""
    day = int(m.group("d"))
    if not 1 <= day <= 31:
        return None
    when = None
    if ctx.ref is not None:
        when = _pick_day_of_month(day, ctx.ref, _is_future(ctx.text, m.start()))
    return _mention(m, "day", when, year=when.year if when else None)


def _build_zh_weekday(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    wd = _ZH_WEEKDAY[m.group("wd")]
    pre = (m.group("pre") or "")[:1]
    if m.group("pre") == "上上":
        mode = "two_weeks_ago"
    elif pre == "上":
        mode = "last_week"
    elif pre in ("本", "这", "這"):
        mode = "this_week"
    elif pre == "下":
        mode = "next_week"
    else:
        mode = "future" if _is_future(ctx.text, m.start()) else "past"
    when = None
    if ctx.ref is not None:
        if mode == "two_weeks_ago":
            when = _weekday(wd, ctx.ref, "last_week") - timedelta(days=7)
        else:
            when = _weekday(wd, ctx.ref, mode)
    return _mention(m, "day", when, year=when.year if when else None)


# Holidays on a fixed calendar day that news uses as a date ("since Christmas Eve").
_HOLIDAYS = {
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
    "new year's eve": (12, 31),
    "new year's day": (1, 1),
    "平安夜": (12, 24),
    "圣诞节": (12, 25),
    "聖誕節": (12, 25),
    "元旦": (1, 1),
}


def _build_holiday(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    name = m.group("h").lower().replace("’", "'")
    if name == "christmas" and not m.groupdict().get("pre"):
        return None  # "Christmas sales": a season, not a day
    month, day = _HOLIDAYS[name]
    when = None
    if ctx.ref is not None:
        when = _pick_day_of_year(month, day, ctx.ref, _is_future(ctx.text, m.start()))
    return _mention(m, "day", when, year=when.year if when else None, month=month)


def _build_week(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    return _mention(m, "week")


def _build_zh_rel_month(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    """本月, 上月, 上个月, 下月, 本月初: month precision."""
    pre = m.group("pre")
    k = {"上上": -2, "上": -1, "本": 0, "这": 0, "這": 0, "下": 1}[pre]
    if ctx.ref is None:
        return _mention(m, "month")
    y, mo = _shift_month(ctx.ref.year, ctx.ref.month, k)
    return _mention(m, "month", year=y, month=mo)


def _build_zh_month(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    """2024年8月, 今年3月, 去年12月, 4月, 6月底: month precision."""
    month = int(m.group("m"))
    if not 1 <= month <= 12:
        return None
    year, written = _explicit_year(m, ctx)
    if not written:
        year = _inherited_year(ctx, m.start(), month, 20)
        if year is None and ctx.ref is not None:
            mode = "future" if _is_future(ctx.text, m.start()) else "past"
            year = _pick_month_year(month, ctx.ref, mode)
    return _mention(m, "month", year=year, month=month)


def _build_zh_quarter(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    q = _zh_int(m.group("q1") or m.group("q2") or m.group("q3"))
    if q is None or not 1 <= q <= 4:
        return None
    year, _ = _explicit_year(m, ctx)
    if m.group("fis"):
        year = None  # a fiscal quarter is not a calendar one
    return _mention(m, "quarter", year=year, quarter=q)


def _build_zh_rel_quarter(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    if ctx.ref is None:
        return _mention(m, "quarter")
    k = {"上": -1, "本": 0, "下": 1}[m.group("pre")]
    idx = ctx.ref.year * 4 + (ctx.ref.month - 1) // 3 + k
    return _mention(m, "quarter", year=idx // 4, quarter=idx % 4 + 1)


def _build_zh_year(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    return _mention(m, "year", year=int(m.group("y")))


def _build_zh_rel_year(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    year, _ = _explicit_year(m, ctx)
    return _mention(m, "year", year=year)


def _build_en_weekday(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    pre = (m.group("pre") or "").lower()
    if not pre and _HOLIDAY_BEFORE.search(ctx.text[max(0, m.start() - 12) : m.start()]):
        return None  # Black Friday, Cyber Monday
    wd = _WEEKDAYS.index(m.group("wd"))
    if pre == "last":
        mode = "strict_past"
    elif pre == "next":
        mode = "strict_future"
    elif pre == "this":
        mode = "this_week"
    else:
        mode = "future" if _is_future(ctx.text, m.start()) else "past"
    when = _weekday(wd, ctx.ref, mode) if ctx.ref else None
    return _mention(m, "day", when, year=when.year if when else None)


def _build_en_rel_day(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    word = m.group("w").lower()
    if word == "today" and ctx.text[max(0, m.start() - 4) : m.start()] == "USA ":
        return None
    shift = {"yesterday": -1, "tomorrow": 1, "the day before yesterday": -2}.get(word, 0)
    when = ctx.ref + timedelta(days=shift) if ctx.ref else None
    return _mention(m, "day", when, year=when.year if when else None)


def _build_en_rel_month(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    if ctx.ref is None:
        return _mention(m, "month")
    k = {"last": -1, "this": 0, "next": 1}[m.group("pre").lower()]
    y, mo = _shift_month(ctx.ref.year, ctx.ref.month, k)
    return _mention(m, "month", year=y, month=mo)


def _build_en_rel_year(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    k = {"last": -1, "this": 0, "next": 1}[m.group("pre").lower()]
    return _mention(m, "year", year=ctx.ref.year + k if ctx.ref else None)


def _build_en_month_year(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    return _mention(m, "month", year=int(m.group("y")), month=_MONTHS[m.group("mon").lower()])


def _build_en_month(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    """A month named without a year (in March, last August): the year is inferred."""
    pre = m.group("pre").lower()
    mon = m.group("mon")
    if mon == "May" and pre in ("and", "to"):
        return None  # "and May ..." is more often the verb
    month = _MONTHS[mon.lower()]
    if pre in ("last", "next", "this"):
        year = _pick_month_year(month, ctx.ref, pre) if ctx.ref else None
        return _mention(m, "month", year=year, month=month)
    year = _inherited_year(ctx, m.start(), month, 30)
    if year is None and ctx.ref is not None:
        mode = "future" if _is_future(ctx.text, m.start()) else "past"
        year = _pick_month_year(month, ctx.ref, mode)
    return _mention(m, "month", year=year, month=month)


def _build_en_quarter(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    q = _ORDINAL[m.group("ord").lower()]
    year = int(m.group("y")) if m.group("y") else None
    return _mention(m, "quarter", year=year, quarter=q)


def _build_q(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    """Q3, Q3 2025, 2025Q3, 2025年Q3, Q3'25, 3Q25."""
    q = int(m.group("q"))
    raw = m.groupdict().get("y") or m.groupdict().get("y2") or ""
    digits = re.sub(r"\D", "", raw)
    year = int(digits) if len(digits) == 4 else 2000 + int(digits) if len(digits) == 2 else None
    return _mention(m, "quarter", year=year, quarter=q)


def _build_en_year(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    if _AMOUNT_AFTER.match(ctx.text, m.end()):
        return None
    before = ctx.text[max(0, m.start() - 20) : m.start()].split()
    prev = before[-1] if before else ""
    if re.fullmatch(r"[A-Z]{2,}\d*|[A-Za-z]+\d+\w*|No\.?|#|Model", prev) and prev not in (
        "FY",
        "CY",
    ):
        return None  # RTX 2080, No. 2024: a model or an item, not a year
    return _mention(m, "year", year=int(m.group("y")))


def _build_en_part_year(m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    """mid-2024, late 2021, early 2025."""
    return _mention(m, "year", year=int(m.group("y")))


# ---------------------------------------------------------------- rules

_ZH_MD = (
    rf"(?<![\d.])(?:(?P<y>(?:19|20)\d{{2}})\s*年\s*|(?P<ry>{_REL_YEAR_RE})\s*)?"
    r"(?<![\d.])(?P<m>1[0-2]|0?[1-9])\s*月\s*(?P<d>3[01]|[12]\d|0?[1-9])\s*[日号號]"
    r"(?![元圆圓币幣])"
)
_ZH_MD_CN = (
    r"(?<![〇零一二三四五六七八九十两])(?P<m>十[一二]?|[一二三四五六七八九])月"
    r"(?P<d>三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])[日号號]"
)
_PART = r"(?:初|中旬|上旬|下旬|底|末|中)?"


def _en(pattern: str) -> re.Pattern[str]:
    """An English rule: ASCII word boundaries, so "公司yesterday" still has a word."""
    return re.compile(pattern, re.ASCII)


_RULES: tuple[_Rule, ...] = (
    _Rule("num", re.compile(
        r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?P<sep>[-/.])(?P<m>1[0-2]|0?[1-9])(?P=sep)"
        r"(?P<d>3[01]|[12]\d|0?[1-9])(?![\d%]|\.\d)"), _build_numeric_ymd, digit=True),
    _Rule("en", _en(
        r"(?<![\d./])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d{2})(?![\d/])"),
        _build_numeric_mdy, digit=True),
    _Rule("zh", re.compile(_ZH_MD), _build_md, digit=True),
    _Rule("zh", re.compile(_ZH_MD_CN), _build_md, needs=("月",)),
    _Rule("zh", re.compile(r"(?P<rel>[今昨前明])\s*\(\s*(?P<d>\d{1,2})\s*\)\s*日"),
        _build_paren_day, digit=True),
    _Rule("zh", re.compile(
        r"(?<!提)(?P<w>今日|今天|今晨|今早|今晚|今夜|本日|昨日|昨天|昨晚|昨夜|昨晨|前天|"
        r"明天|明日|明晚|后天|後天)"
        r"(?:上午|下午|中午|早间|早間|晚间|晚間|早上|晚上|凌晨|午间|午間|早盘|早盤|盘中|盤中|"
        r"盘后|盤後|收盘|收盤)?"),
        _build_zh_rel_day, needs=("今", "本", "昨", "前", "明", "后", "後")),
    _Rule("zh", re.compile(
        r"(?<![\d.月/\-第近每逾超约約共计計续續过過前后後])(?P<d>3[01]|[12]\d|0?[1-9])\s*日"
        r"(?![元圆圓币幣均内內线線前后後以本])"), _build_zh_day, digit=True),
    _Rule("zh", re.compile(
        r"(?<![每逢两兩几幾数數\d一二三四五六七八九十])(?P<pre>上上|上个|上個|上|本|这个|這個|这|這|下个|下個|下)?"
        r"(?:周|週|星期|礼拜|禮拜)(?P<wd>[一二三四五六日天])"),
        _build_zh_weekday, needs=_ZH_WEEK),
    _Rule("zh", re.compile(
        r"(?:上上|上|本|这|這|下)(?:个|個)?(?:周|週|星期|礼拜|禮拜)"
        r"(?![一二三四五六日天期边邊围圍年岁歲刊末])"),
        _build_week, needs=_ZH_WEEK),
    _Rule("zh", re.compile(rf"(?P<pre>上上|上|本|这|這|下)(?:个|個)?月{_PART}"),
        _build_zh_rel_month, needs=("月",)),
    _Rule("zh", re.compile(
        rf"(?<![\d.])(?:(?P<y>(?:19|20)\d{{2}})\s*年\s*|(?P<ry>{_REL_YEAR_RE})\s*)?"
        rf"(?<![\d.])(?P<m>1[0-2]|0?[1-9])\s*月(?:份)?{_PART}(?!\s*\d)"),
        _build_zh_month, digit=True),
    _Rule("zh", re.compile(
        rf"(?:(?P<y>(?:19|20)\d{{2}})\s*年\s*(?:度\s*)?|(?P<ry>{_REL_YEAR_RE})\s*)?"
        r"(?:第\s*(?P<q1>[一二三四1-4])\s*(?:个|個)?\s*(?P<fis>财|財)?季度?"
        r"|(?<![第一二三四五六七八九十\d])(?P<q2>[一二三四1-4])\s*季度"
        r"|(?<![0-9A-Za-z])[Qq](?P<q3>[1-4])(?![0-9A-Za-z]))"),
        _build_zh_quarter, needs=("季", "q")),
    _Rule("zh", re.compile(r"(?P<pre>上|本|下)一?(?:个|個)?季度"),
        _build_zh_rel_quarter, needs=("季",)),
    _Rule("zh", re.compile(
        r"(?<![\d.])(?P<y>(?:19|20)\d{2})\s*(?:年|财年|財年)(?!代|\s*\d)"),
        _build_zh_year, digit=True),
    _Rule("zh", re.compile(rf"(?P<ry>{_REL_YEAR_RE})"), _build_zh_rel_year, needs=("年",)),
    _Rule("en", _en(
        rf"\b(?P<mon>{_MON_ANY})\.?\s+(?P<d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
        r"(?![\d%]|\.\d|\s*(?:%|percent|million|billion))"
        r"(?:,?\s+(?P<y>(?:19|20)\d{2})(?!\d))?"), _build_en_md, digit=True),
    _Rule("en", _en(
        rf"(?<![\d.,$€£])\b(?P<d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\s+(?:of\s+)?"
        rf"(?P<mon>{_MON_FULL})\b(?:,?\s+(?P<y>(?:19|20)\d{{2}})(?!\d))?"),
        _build_en_md, digit=True),
    _Rule("en", _en(
        rf"\b(?P<mon>{_MON_ANY})\.?,?\s+(?:of\s+)?(?P<y>(?:19|20)\d{{2}})(?!\d)"),
        _build_en_month_year, digit=True),
    _Rule("en", _en(
        r"\b(?P<pre>(?i:in|since|until|till|by|from|through|during|throughout|before|after|"
        r"around|late|early|mid|last|this|next|of|between|and|to))(?:\s+|-)"
        rf"(?P<mon>{_MON_FULL})\b"), _build_en_month, needs=_MON_NEEDS),
    _Rule("en", _en(
        r"\b(?:(?P<pre>(?i:last|this|next|on|since|by|until|from|before|after|late|early))\s+)?"
        r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
        _build_en_weekday, needs=_WD_NEEDS),
    _Rule("en", _en(
        r"\b(?:(?P<pre>on|since|after|before|until|at) )?"
        r"(?P<h>Christmas Eve|Christmas Day|New Year['’]s (?:Eve|Day)|Christmas)\b"),
        _build_holiday, needs=("christmas", "new year")),
    _Rule("zh", re.compile(r"(?P<h>平安夜|圣诞节|聖誕節|元旦)"),
        _build_holiday, needs=("平安夜", "圣诞节", "聖誕節", "元旦")),
    _Rule("en", _en(
        r"(?i:\b(?P<w>the day before yesterday|yesterday|today|tonight|tomorrow|"
        r"this (?:morning|afternoon|evening)|earlier today|later today)\b)"),
        _build_en_rel_day, needs=("yesterday", "today", "tonight", "tomorrow", "this")),
    _Rule("en", _en(
        r"(?i:\b(?:(?:earlier|later|late|early)\s+)?(?:last|this|next|past)\s+week\b)"),
        _build_week, needs=("week",)),
    _Rule("en", _en(
        r"(?i:\b(?:(?:earlier|later|late|early)\s+)?(?P<pre>last|this|next)\s+month\b)"),
        _build_en_rel_month, needs=("month",)),
    _Rule("en", _en(
        r"(?i:\b(?:(?:earlier|later|late|early)\s+)?(?P<pre>last|this|next)\s+year\b)"),
        _build_en_rel_year, needs=("year",)),
    _Rule("en", _en(
        r"(?i:\b(?:fiscal\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[- ]"
        r"(?:(?:fiscal|calendar)[- ])?quarter\b"
        r"(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<y>(?:19|20)\d{2})(?!\d))?)"),
        _build_en_quarter, needs=("quarter",)),
    _Rule("num", re.compile(
        r"(?<![0-9A-Za-z])(?:(?P<y>(?:19|20)\d{2})\s*年?\s*)?Q(?P<q>[1-4])(?![0-9A-Za-z])"
        r"(?:\s*(?P<y2>(?:19|20)\d{2}(?!\d)|'\d{2}\b|FY\s?\d{2,4}\b))?"), _build_q, digit=True),
    _Rule("num", re.compile(r"(?<![0-9A-Za-z])(?P<q>[1-4])Q(?P<y>\d{2})(?![0-9A-Za-z])"),
        _build_q, digit=True),
    _Rule("en", _en(r"(?i:\b(?:mid-|late\s+|early\s+))(?P<y>(?:19|20)\d{2})(?![\w%])"),
        _build_en_part_year, digit=True),
    _Rule("en", re.compile(
        r"(?<![\w$€£¥#.,/\-])(?P<y>(?:19[5-9]|20\d)\d)(?![\w%]|[.,]\d)"),
        _build_en_year, digit=True),
)  # fmt: skip


# Each rule with its place in ``_RULES`` (which breaks ties between overlapping
# matches) and the literals one of which every match of its pattern contains
# (``required_literals``): a digit rule like 17日 or Dec 17 is skipped unless its
# 日 or month name is in the sentence, as most sentences with a digit have none.
_Gated = tuple[int, _Rule, tuple[str, ...] | None]
_GATED: tuple[_Gated, ...] = tuple(
    (order, rule, required_literals(rule.pattern)) for order, rule in enumerate(_RULES)
)
_ZH_RULES = tuple(g for g in _GATED if g[1].lang != "en")
_EN_RULES = tuple(g for g in _GATED if g[1].lang != "zh")

_DIGIT = re.compile(r"\d")


def _gate(rules: tuple[_Gated, ...]) -> Gate:
    """Bit 2k for rule k's ``needs`` (always set for a digit rule), bit 2k+1 for its
    required literals: all of a sentence's ~40 word tests in one scan."""
    needs: list[tuple[str, ...] | None] = []
    for _, rule, need in rules:
        needs += [None if rule.digit else rule.needs, need]
    return Gate(needs)


_GATES = {id(rules): _gate(rules) for rules in (_GATED, _ZH_RULES, _EN_RULES)}
_EVEN = int("01" * len(_GATED), 2)  # bit 2k for every k
# Each pattern tried only where a match can begin (a digit, a month name …), not at
# every character: a Chinese date rule tried everywhere cost ~20 µs a sentence.
_LEADS = {order: Leads(rule.pattern) for order, rule, _ in _GATED}


def _rules_for(lang: str | None) -> tuple[_Gated, ...]:
    if lang and lang.lower().startswith("zh"):
        return _ZH_RULES
    if lang and lang.lower().startswith("en"):
        return _EN_RULES
    return _GATED


# ---------------------------------------------------------------- public API


def _build(rule: _Rule, m: re.Match[str], ctx: _Ctx) -> DateMention | None:
    try:
        return rule.build(m, ctx)
    except OverflowError:  # a reference at the edge of the calendar (year 1 or 9999)
        return None


def find_dates(sentence: str, ref: date | None, lang: str | None = None) -> list[DateMention]:
    """Every date mention in ``sentence``, in order, resolved against ``ref``."""
    text = _fold(sentence)
    has_digit = _DIGIT.search(text) is not None
    low = text.lower()
    probe = _Ctx(text, ref, [])
    found: list[tuple[int, int, int, _Rule, re.Match[str]]] = []
    rules = _rules_for(lang)
    mask = _GATES[id(rules)].mask(low)
    both = mask & mask >> 1 & _EVEN  # bit 2k: rule k's both tests hold
    folded_low: str | None = None  # ascii_lower(text), for the leads
    while both:
        bit = both & -both
        both ^= bit
        order, rule, _ = rules[(bit.bit_length() - 1) // 2]
        if rule.digit and not has_digit:
            continue
        if folded_low is None:
            folded_low = ascii_lower(text)
        for m in _LEADS[order].finditer(text, folded_low):
            if m.end() > m.start() and _build(rule, m, probe) is not None:
                found.append((m.start(), m.end(), order, rule, m))
    # The longest expression wins an overlap: "2025年12月17日" over "2025年" and "17日".
    found.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[2]))
    taken: list[tuple[int, int, _Rule, re.Match[str]]] = []
    for start, end, _, rule, m in found:
        if all(end <= s or start >= e for s, e, _, _ in taken):
            taken.append((start, end, rule, m))
    taken.sort(key=lambda c: c[0])
    ctx = _Ctx(text, ref, [])
    for _, _, rule, m in taken:
        mention = _build(rule, m, ctx)
        if mention is not None:
            ctx.prev.append(
                DateMention(
                    mention.date,
                    mention.precision,
                    mention.start,
                    mention.end,
                    sentence[mention.start : mention.end],
                    mention.year,
                    mention.month,
                    mention.quarter,
                    mention.reporting,
                )
            )
    return ctx.prev


def _is_completion(text: str, mention: DateMention) -> bool:
    before = _clause_before(text, mention.start)
    if _COMPLETION_BEFORE.search(before) and not _is_future(text, mention.start):
        return True
    return bool(_COMPLETION_AFTER.match(text[mention.end :]))


def event_date(sentence: str, ref: date | None, lang: str | None = None) -> date | None:
    """The one day ``sentence`` dates its event to, or ``None`` (month, year, vague)."""
    return _event_date(sentence, ref, lang)


# The engine asks again for a window it dated a moment ago (a clause and its
# follow-up); 32 entries cover one article and are too few to carry the answers
# of one article over to the next.
@lru_cache(maxsize=32)
def _event_date(sentence: str, ref: date | None, lang: str | None) -> date | None:
    days = [m for m in find_dates(sentence, ref, lang) if m.precision == "day" and m.date]
    if not days:
        return None
    text = _fold(sentence)
    for m in days:
        if _is_completion(text, m):
            return m.date
    events = [m for m in days if not m.reporting]
    return (events or days)[0].date


# ---------------------------------------------------------------- datelines

_HEAD = 200  # a dateline sits in the first two hundred characters or not at all
_ZH_DATE = (
    r"(?:(?P<y>(?:19|20)\d{2})\s*年\s*)?(?<!\d)(?P<m>1[0-2]|0?[1-9])\s*月\s*"
    r"(?P<d>3[01]|[12]\d|0?[1-9])\s*日"
)
_DATELINES = (
    # 新华社北京12月17日电, 芯东西12月17日消息, 据芯东西12月17日报道, 财联社12月17日讯
    re.compile(_ZH_DATE + r"\s*(?:电|電|讯|訊|消息|报道|報導|报导|快讯|快訊)"),
    # (2025年12月17日), 【2025年12月17日】
    re.compile(r"[(【\[]\s*" + _ZH_DATE + r"\s*[)】\]]"),
    # 证券时报e公司讯，12月9日晚间，… / 本报讯(记者 王某)2025年12月3日，…: after the outlet tag
    re.compile(
        r"(?:讯|訊|电|電|\))\s*[,，:：]?\s*"
        + _ZH_DATE
        + r"\s*(?:上午|下午|晚间|晚間|晚|早间|早間|凌晨|消息)?\s*[,，]"
    ),
    # 12月17日，… / 当地时间3月3日，… at the start of a paragraph
    re.compile(
        r"(?:^|\n)\s*(?:当地时间|當地時間|北京时间|北京時間)?\s*"
        + _ZH_DATE
        + r"\s*(?:上午|下午|晚间|晚間|晚|早间|早間|凌晨|消息)?\s*[,，]"
    ),
    # SHANGHAI, Dec 17 (Reuters) - / TAIPEI, Dec. 17, 2025 /PRNewswire/ -- / December 17, 2025 --
    re.compile(
        r"(?:^|\n)\s*(?:[A-Z][A-Za-z.'&]*(?:[ ,]+[A-Z][A-Za-z.'&]*){0,4},\s+)?"
        rf"(?P<mon>{_MON_ANY})\.?\s+(?P<d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
        r"(?:,\s*(?P<y>(?:19|20)\d{2}))?\s*"
        r"(?:\([A-Z][A-Za-z .&-]{1,30}\)\s*)?(?:/\s*[A-Za-z][A-Za-z .-]{1,30}/\s*)?(?:--?|–|—)"
    ),
)
_FOOTER = re.compile(r"(?:发表|發表|首发|首發|发布|發佈|更新|published|updated)\S{0,3}\s*$", re.I)


_DATELINE_LEADS = [Leads(pattern) for pattern in _DATELINES]


def find_dateline(text: str, published: datetime | None) -> date | None:
    """The article's own dateline near its beginning, or ``None``.

    A dateline without a year is the latest such day not after ``published``
    (one day of slack); with neither a year nor ``published`` it is ``None``.
    """
    head = _fold(text.lstrip()[:_HEAD])  # one char for one: cut first
    hits: list[re.Match[str]] = []
    low = ascii_lower(head)
    for leads in _DATELINE_LEADS:
        for m in leads.finditer(head, low):
            if not _FOOTER.search(head[max(0, m.start() - 8) : m.start()]):
                hits.append(m)
                break
    if not hits:
        return None
    m = min(hits, key=lambda h: h.start())
    groups = m.groupdict()
    month = _MONTHS[groups["mon"].lower()] if groups.get("mon") else int(groups["m"])
    day = int(groups["d"])
    if groups.get("y"):
        return _safe_date(int(groups["y"]), month, day)
    if published is None:
        return None
    try:
        return _pick_day_of_year(month, day, published.date(), forward=False)
    except OverflowError:  # published at the edge of the calendar
        return None


def reference_date(text: str, published: datetime | None) -> date | None:
    """The day relative words count from: the dateline, else the publication day."""
    dateline = find_dateline(text, published)
    if dateline is not None:
        return dateline
    return published.date() if published is not None else None


# ---------------------------------------------------------------- packages

# A sentence that goes on with the deal of the sentence before: 同日，… / 与此同时，…,
# 商务部还宣布…, "The department also removed …", "On the same day, …".
_ZH_CARRY = re.compile(
    r"^\s*(?:同日|同一天|同一日|当日|當日|当天|當天|同一晚|同晚|当晚|當晚|同时|同時|与此同时|與此同時)"
    r"|^[^，,。；;]{1,12}?(?:还|還|亦|同时|同時|另)(?:宣布|决定|決定|公布|发布|發布|将|將|把|对|對)"
)
_EN_CARRY = re.compile(
    r"^\s*(?:(?:On|At|In|on|at|in)\s+)?(?:[Tt]he|[Tt]hat)\s+same\s+(?:day|time|date|package|move|announcement)\b"
    r"|^\s*(?:Simultaneously|At the same time)\b"
    r"|^\s*(?:[A-Z][\w.'’&-]*|the|its)(?:\s+[A-Z][\w.'’&-]*|\s+[a-z]+){0,3}?\s+also\b",
)


def carry_date(prev: date | None, sentence: str, lang: str | None = None) -> date | None:
    """The day ``sentence`` inherits from the sentence before it, or ``None``.

    ``prev`` (the day of the event the sentence before reported) carries over
    when the sentence continues the same package (同日, 与此同时, 还宣布,
    "also", "the same day") and writes no date of its own, not even a month
    or a year, which would mark another time ("去年9月", "in 2021").
    """
    if prev is None or not sentence:
        return None
    text = _fold(sentence)
    if not (_ZH_CARRY.search(text) or _EN_CARRY.search(text)):
        return None
    if find_dates(sentence, None, lang):
        return None
    return prev

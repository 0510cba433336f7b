"""Datelines, date mentions and event dates in Chinese and English sentences."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.dates import (
    _FOLD,
    _GATED,
    DateMention,
    carry_date,
    event_date,
    find_dateline,
    find_dates,
    reference_date,
)

FRI = date(2025, 12, 19)  # a Friday
TUE = date(2025, 8, 12)  # a Tuesday
MON = date(2026, 1, 5)  # a Monday, early in a year
SUN = date(2025, 11, 30)  # a Sunday, last day of a month
D = date

# ---------------------------------------------------------------- event_date

# (sentence, reference day, the day the sentence dates its event to)
EVENT_CASES: list[tuple[str, date | None, date | None]] = [
    # Chinese: full and partial dates
    ("公司于2025年12月17日在科创板挂牌。", FRI, D(2025, 12, 17)),
    ("沐曦股份12月17日在科创板正式挂牌。", FRI, D(2025, 12, 17)),
    ("2024年10月24日，地平线在港交所上市。", FRI, D(2024, 10, 24)),
    ("该笔配售已于6月24日完成。", D(2025, 9, 26), D(2025, 6, 24)),
    ("今年6月12日，公司宣布配售，该笔配售已于6月24日完成。", D(2025, 9, 26), D(2025, 6, 24)),
    ("10月23日，Anthropic宣布扩大合作。", D(2025, 11, 26), D(2025, 10, 23)),
    ("一名美国官员当地时间10日证实。", TUE, D(2025, 8, 10)),
    ("当地时间3月3日，美国总统宣布。", D(2025, 3, 4), D(2025, 3, 3)),
    ("12月30日，公司宣布完成融资。", D(2026, 1, 3), D(2025, 12, 30)),
    ("公司将于12月30日上市。", FRI, D(2025, 12, 30)),
    ("公司将于1月8日召开股东大会。", FRI, D(2026, 1, 8)),
    ("公司于1月8日召开股东大会。", FRI, D(2025, 1, 8)),
    ("去年12月5日，双方签署协议。", FRI, D(2024, 12, 5)),
    ("2025/12/17，公司发布公告。", FRI, D(2025, 12, 17)),
    ("公司2025-12-17发布公告。", FRI, D(2025, 12, 17)),
    ("公告日期为2025.12.17。", FRI, D(2025, 12, 17)),
    ("十二月十七日，公司挂牌上市。", FRI, D(2025, 12, 17)),
    ("三星电子２０２５年７月２８日披露合同。", FRI, D(2025, 7, 28)),
    # Chinese: relative days
    ("摩尔线程今日在上交所科创板挂牌交易。", FRI, FRI),
    ("公司今天上午宣布完成融资。", FRI, FRI),
    ("今晨，公司发布公告。", FRI, FRI),
    ("昉擎科技昨日宣布完成天使++轮融资。", D(2025, 7, 30), D(2025, 7, 29)),
    ("海光信息与中科曙光昨晚同时发布公告。", D(2025, 12, 10), D(2025, 12, 9)),
    ("黑芝麻智能昨天首日挂牌。", D(2024, 8, 9), D(2024, 8, 8)),
    ("公司前天宣布收购。", FRI, D(2025, 12, 17)),
    ("公司明天上市。", FRI, D(2025, 12, 20)),
    ("公司明日将召开发布会。", FRI, D(2025, 12, 20)),
    ("台積電昨(11)日召開董事會。", D(2025, 11, 12), D(2025, 11, 11)),
    ("三星电子昨日(28日)在监管文件中披露。", D(2025, 7, 29), D(2025, 7, 28)),
    ("据芯东西12月17日报道，沐曦股份今日挂牌。", D(2025, 12, 17), D(2025, 12, 17)),
    ("据芯东西12月17日报道，公司昨日宣布完成融资。", D(2025, 12, 17), D(2025, 12, 16)),
    # Chinese: weekdays
    ("美国商务部已于上周五开始发放许可证。", TUE, D(2025, 8, 8)),
    ("公司周二宣布收购。", FRI, D(2025, 12, 16)),
    ("公司星期二宣布收购。", FRI, D(2025, 12, 16)),
    ("公司本周三宣布收购。", FRI, D(2025, 12, 17)),
    ("公司将于下周一上市。", FRI, D(2025, 12, 22)),
    ("公司将于周一上市。", FRI, D(2025, 12, 22)),
    ("當地時間週五，美國宣布。", TUE, D(2025, 8, 8)),
    ("公司上周一宣布收购。", MON, D(2025, 12, 29)),
    # Chinese: no day
    ("沐曦股份将于本月中旬登陆科创板。", FRI, None),
    ("公司上月完成B轮融资。", FRI, None),
    ("公司本月初完成融资。", FRI, None),
    ("今年3月，公司完成融资。", FRI, None),
    ("公司去年完成了A轮融资。", FRI, None),
    ("2024年8月，公司完成收购。", FRI, None),
    ("公司计划2027年实现量产。", FRI, None),
    ("2025年第三季度，国内共披露融资交易262笔。", FRI, None),
    ("三季度战略融资总额接近113亿元。", FRI, None),
    ("英伟达H200芯片获批对华销售，股价涨3.5%。", FRI, None),
    ("公司募资12.5亿元，市值超3000亿元。", FRI, None),
    ("股价跌破5日均线，30日内完成交割。", FRI, None),
    ("日本政府追加8025亿日元补助。", FRI, None),
    ("公司每周一召开例会。", FRI, None),
    ("上周博通CEO透露了订单。", FRI, None),
    # English: weekdays and relative days
    ("Groq said on Monday it has raised $650 million.", D(2026, 6, 23), D(2026, 6, 22)),
    ("Broadcom shares fell about 11% on Friday.", FRI, FRI),
    ("On Thursday's call, Tan said the customer was Anthropic.", FRI, D(2025, 12, 18)),
    ("Synopsys completed its acquisition of Ansys on Thursday.", D(2025, 7, 17), D(2025, 7, 17)),
    ("The deal was announced Tuesday.", FRI, D(2025, 12, 16)),
    ("Nvidia bought the startup last Friday.", FRI, D(2025, 12, 12)),
    ("Nvidia bought the startup last Friday.", TUE, D(2025, 8, 8)),
    ("The company will list its shares next Tuesday.", FRI, D(2025, 12, 23)),
    ("The company will list its shares on Tuesday.", FRI, D(2025, 12, 23)),
    ("The company this Wednesday signed the deal.", FRI, D(2025, 12, 17)),
    ("The regulator approved the deal yesterday.", FRI, D(2025, 12, 18)),
    ("The company said today it raised $100 million.", FRI, FRI),
    ("Shares will begin trading tomorrow.", FRI, D(2025, 12, 20)),
    ("The board met this morning.", FRI, FRI),
    ("Arm priced its IPO on Wednesday evening.", D(2023, 9, 14), D(2023, 9, 13)),
    ("Nvidia said on Monday it completed the purchase on Friday.", FRI, FRI),
    # English: calendar dates
    ("The purchase closed on March 31.", D(2025, 5, 20), D(2025, 3, 31)),
    ("The company announced the deal on Dec. 17.", FRI, D(2025, 12, 17)),
    ("The deal was signed December 17, 2025, in Taipei.", FRI, D(2025, 12, 17)),
    ("The deal was signed on 17 December 2025.", FRI, D(2025, 12, 17)),
    ("The filing is dated 2025-12-17.", FRI, D(2025, 12, 17)),
    ("The filing is dated 12/17/2025.", FRI, D(2025, 12, 17)),
    ("Revenue for the quarter ended Nov. 2 rose 28%.", FRI, D(2025, 11, 2)),
    ("The agreement was signed Dec 30.", D(2026, 1, 3), D(2025, 12, 30)),
    ("The deal is expected to close on Jan. 8.", FRI, D(2026, 1, 8)),
    ("Announced on Nov. 3, the deal closed on Dec. 5.", FRI, D(2025, 12, 5)),
    ("It raised money on Sept. 30, 2024.", FRI, D(2024, 9, 30)),
    # holidays on a fixed day
    ("Nvidia took a license on Christmas Eve.", D(2026, 6, 23), D(2025, 12, 24)),
    ("The deal will close on New Year's Day.", FRI, D(2026, 1, 1)),
    ("公司于平安夜宣布完成融资。", D(2026, 1, 3), D(2025, 12, 24)),
    ("Christmas sales rose 5%.", FRI, None),
    # English: no day
    ("In August 2024, Groq raised $640 million.", FRI, None),
    ("The company raised money earlier this year.", FRI, None),
    ("Samsung put money into the round last week.", FRI, None),
    ("The company raised $115 million late last year.", FRI, None),
    ("Net profit rose 39.1% in the third quarter.", FRI, None),
    ("The company plans to start production by 2027.", FRI, None),
    ("Nvidia's H200 chips cost about $30,000 each.", FRI, None),
    ("Black Friday sales rose 3.5%.", FRI, None),
    ("The RTX 2080 card sold 2025 units.", FRI, None),
    ("AMD agreed last August to buy ZT Systems.", D(2025, 5, 20), None),
    # no reference day: relative words cannot be resolved, written ones can
    ("公司昨日宣布完成融资。", None, None),
    ("Nvidia said on Monday it raised money.", None, None),
    ("公司于2025年12月17日挂牌。", None, D(2025, 12, 17)),
    ("The deal closed on December 17, 2025.", None, D(2025, 12, 17)),
    ("公司12月17日挂牌。", None, None),
]


@pytest.mark.parametrize(("sentence", "ref", "expected"), EVENT_CASES)
def test_event_date(sentence: str, ref: date | None, expected: date | None) -> None:
    assert event_date(sentence, ref) == expected


@pytest.mark.parametrize(("sentence", "ref", "expected"), EVENT_CASES[:60])
def test_event_date_with_language_hint(
    sentence: str, ref: date | None, expected: date | None
) -> None:
    lang = "en" if sentence.isascii() else "zh"
    assert event_date(sentence, ref, lang) == expected


# ---------------------------------------------------------------- find_dates

# (sentence, reference day, the first mention as (text, precision, date, year, month, quarter))
Mention = tuple[str, str, date | None, int | None, int | None, int | None]
MENTION_CASES: list[tuple[str, date | None, Mention]] = [
    ("2025年12月17日", FRI, ("2025年12月17日", "day", D(2025, 12, 17), 2025, 12, None)),
    ("2025 年 12 月 17 日", FRI, ("2025 年 12 月 17 日", "day", D(2025, 12, 17), 2025, 12, None)),
    ("12月17日", FRI, ("12月17日", "day", D(2025, 12, 17), 2025, 12, None)),
    ("17日", FRI, ("17日", "day", D(2025, 12, 17), 2025, None, None)),
    ("2024年8月", FRI, ("2024年8月", "month", None, 2024, 8, None)),
    ("今年3月", FRI, ("今年3月", "month", None, 2025, 3, None)),
    ("去年12月", FRI, ("去年12月", "month", None, 2024, 12, None)),
    ("4月，美国政府通知英伟达", TUE, ("4月", "month", None, 2025, 4, None)),
    ("10月，美国政府通知英伟达", TUE, ("10月", "month", None, 2024, 10, None)),
    ("7月中旬", TUE, ("7月中旬", "month", None, 2025, 7, None)),
    ("6月底", FRI, ("6月底", "month", None, 2025, 6, None)),
    ("本月初", FRI, ("本月初", "month", None, 2025, 12, None)),
    ("本月", FRI, ("本月", "month", None, 2025, 12, None)),
    ("上月", MON, ("上月", "month", None, 2025, 12, None)),
    ("上个月", FRI, ("上个月", "month", None, 2025, 11, None)),
    ("下月", FRI, ("下月", "month", None, 2026, 1, None)),
    ("2025年", FRI, ("2025年", "year", None, 2025, None, None)),
    ("预计到2027年", FRI, ("2027年", "year", None, 2027, None, None)),
    ("去年", FRI, ("去年", "year", None, 2024, None, None)),
    ("今年", MON, ("今年", "year", None, 2026, None, None)),
    ("明年", FRI, ("明年", "year", None, 2026, None, None)),
    ("Q3营收", FRI, ("Q3", "quarter", None, None, None, 3)),
    ("第三季度", FRI, ("第三季度", "quarter", None, None, None, 3)),
    ("三季度", FRI, ("三季度", "quarter", None, None, None, 3)),
    ("2024年第四季度", FRI, ("2024年第四季度", "quarter", None, 2024, None, 4)),
    ("今年二季度以来", FRI, ("今年二季度", "quarter", None, 2025, None, 2)),
    ("第一财季", FRI, ("第一财季", "quarter", None, None, None, 1)),
    ("本季度", FRI, ("本季度", "quarter", None, 2025, None, 4)),
    ("2025年Q3", FRI, ("2025年Q3", "quarter", None, 2025, None, 3)),
    ("上周", FRI, ("上周", "week", None, None, None, None)),
    ("周日", SUN, ("周日", "day", SUN, 2025, None, None)),
    ("星期天", FRI, ("星期天", "day", D(2025, 12, 14), 2025, None, None)),
    ("同年11月", FRI, ("同年11月", "month", None, None, 11, None)),
    ("in August 2024", FRI, ("August 2024", "month", None, 2024, 8, None)),
    ("in March", D(2026, 6, 23), ("in March", "month", None, 2026, 3, None)),
    ("in September", D(2025, 3, 1), ("in September", "month", None, 2024, 9, None)),
    ("last August", D(2025, 5, 20), ("last August", "month", None, 2024, 8, None)),
    ("Last February", D(2026, 1, 16), ("Last February", "month", None, 2025, 2, None)),
    ("mid-March", FRI, ("mid-March", "month", None, 2025, 3, None)),
    ("earlier this year", FRI, ("earlier this year", "year", None, 2025, None, None)),
    ("late last year", FRI, ("late last year", "year", None, 2024, None, None)),
    ("late last month", FRI, ("late last month", "month", None, 2025, 11, None)),
    ("last week", FRI, ("last week", "week", None, None, None, None)),
    ("mid-2024", FRI, ("mid-2024", "year", None, 2024, None, None)),
    ("in 2023", FRI, ("2023", "year", None, 2023, None, None)),
    ("the fourth quarter of 2024", FRI, ("fourth quarter of 2024", "quarter", None, 2024, None, 4)),
    ("third-quarter profit", FRI, ("third-quarter", "quarter", None, None, None, 3)),
    ("Q4 2024 revenue", FRI, ("Q4 2024", "quarter", None, 2024, None, 4)),
    ("3Q25 revenue", FRI, ("3Q25", "quarter", None, 2025, None, 3)),
    ("Dec. 17", FRI, ("Dec. 17", "day", D(2025, 12, 17), 2025, 12, None)),
    ("Dec 17", FRI, ("Dec 17", "day", D(2025, 12, 17), 2025, 12, None)),
    ("May 5", FRI, ("May 5", "day", D(2025, 5, 5), 2025, 5, None)),
    ("Thursday's call", FRI, ("Thursday", "day", D(2025, 12, 18), 2025, None, None)),
    ("on Friday", FRI, ("on Friday", "day", FRI, 2025, None, None)),
    ("on Saturday", FRI, ("on Saturday", "day", D(2025, 12, 13), 2025, None, None)),
]


@pytest.mark.parametrize(("sentence", "ref", "expected"), MENTION_CASES)
def test_first_mention(sentence: str, ref: date | None, expected: Mention) -> None:
    mentions = find_dates(sentence, ref)
    assert mentions, sentence
    m = mentions[0]
    assert (m.text, m.precision, m.date, m.year, m.month, m.quarter) == expected
    assert sentence[m.start : m.end] == m.text


# Sentences with numbers that are not dates: money, percentages, model names, durations.
NOT_DATES = [
    "英伟达H200芯片获批对华销售",
    "股价上涨3.5%，募资12.5亿元",
    "追加最高8025亿日元的补助",
    "未来3个月内完成",
    "股价跌破5日均线",
    "30日内完成交割",
    "公司周期性业务",
    "每周一开会",
    "两周一次",
    "今日头条母公司字节跳动",
    "Nvidia H100 and H200 chips",
    "Revenue rose 3.5% to $12.5 billion",
    "The RTX 2080 card",
    "It shipped 2025 units",
    "It will cost $2025 million",
    "Black Friday and Cyber Monday",
    "USA Today reported the deal",
    "A 2.5D packaging line",
    "the 1990s boom",
    "Prices may rise in the coming months",
]


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_numbers_that_are_not_dates(sentence: str) -> None:
    assert find_dates(sentence, FRI) == []


def test_mentions_come_in_order_and_do_not_overlap() -> None:
    sentence = "合同期自今年7月24日起至2033年12月31日止，昨日(28日)披露。"
    mentions = find_dates(sentence, date(2025, 7, 29))
    assert [m.text for m in mentions] == ["今年7月24日", "2033年12月31日", "昨日", "28日"]
    assert [m.date for m in mentions] == [
        date(2025, 7, 24),
        date(2033, 12, 31),
        date(2025, 7, 28),
        date(2025, 7, 28),
    ]
    ends = [m.end for m in mentions]
    starts = [m.start for m in mentions]
    assert all(e <= s for e, s in zip(ends, starts[1:], strict=False))


def test_a_year_written_just_before_carries_over() -> None:
    sentence = "除息交易日訂於2026年3月17日，並於4月9日發放。"
    dates = [m.date for m in find_dates(sentence, date(2025, 11, 12))]
    assert dates == [date(2026, 3, 17), date(2026, 4, 9)]


def test_a_range_across_new_year_moves_on_a_year() -> None:
    dates = [m.date for m in find_dates("2025年12月30日至1月2日", FRI)]
    assert dates == [date(2025, 12, 30), date(2026, 1, 2)]


def test_reporting_mentions_are_marked() -> None:
    zh = find_dates("据芯东西12月17日报道，沐曦股份今日挂牌", FRI)
    assert [(m.text, m.reporting) for m in zh] == [("12月17日", True), ("今日", False)]
    en = find_dates("SHANGHAI, Dec 17 (Reuters) - Chinese chipmaker", FRI)
    assert en[0].reporting and en[0].date == date(2025, 12, 17)


def test_language_hint_limits_the_rules() -> None:
    assert find_dates("on Tuesday", FRI, "zh") == []
    assert find_dates("昨日", FRI, "en") == []
    assert find_dates("2025-12-17", FRI, "en")[0].date == date(2025, 12, 17)


def test_mention_is_frozen() -> None:
    m = find_dates("12月17日", FRI)[0]
    assert isinstance(m, DateMention)
    with pytest.raises(AttributeError):
        m.start = 3  # type: ignore[misc]


# ---------------------------------------------------------------- datelines

BJ = timezone(timedelta(hours=8))
NY = timezone(timedelta(hours=-5))

# (text, published, dateline)
DATELINE_CASES: list[tuple[str, datetime | None, date | None]] = [
    ("据芯东西12月17日报道，上海GPU领军企业沐曦股份今日挂牌。", datetime(2026, 2, 10, tzinfo=BJ),
     D(2025, 12, 17)),
    ("芯东西12月17日消息，沐曦股份今日挂牌。", datetime(2025, 12, 17, 9, tzinfo=BJ),
     D(2025, 12, 17)),
    ("新华社北京12月17日电（记者 张三）国产GPU企业今日挂牌。", datetime(2025, 12, 17, tzinfo=BJ),
     D(2025, 12, 17)),
    ("财联社12月17日讯，公司发布公告。", datetime(2025, 12, 18, tzinfo=BJ), D(2025, 12, 17)),
    ("（2025年12月17日）公司今日发布公告。", None, D(2025, 12, 17)),
    ("12月17日，沐曦股份在科创板挂牌。", datetime(2025, 12, 17, 20, tzinfo=BJ), D(2025, 12, 17)),
    ("12月30日，公司宣布完成融资。", datetime(2026, 1, 3, tzinfo=BJ), D(2025, 12, 30)),
    ("当地时间3月3日，美国总统宣布。", datetime(2025, 3, 4, 8, tzinfo=BJ), D(2025, 3, 3)),
    ("当地时间8月20日，欧盟委员会宣布。", datetime(2024, 8, 21, tzinfo=BJ), D(2024, 8, 20)),
    ("SHANGHAI, Dec 17 (Reuters) - Chinese GPU maker", datetime(2025, 12, 17, tzinfo=NY),
     D(2025, 12, 17)),
    ("TAIPEI, Dec. 17, 2025 /PRNewswire/ -- A chip company", None, D(2025, 12, 17)),
    ("SAN JOSE, Calif., Dec. 17, 2025 /PRNewswire/ -- A chip company", None, D(2025, 12, 17)),
    ("December 17, 2025 -- A chip company said", None, D(2025, 12, 17)),
    ("BEIJING, Dec 30 (Reuters) - A chipmaker", datetime(2026, 1, 3, tzinfo=BJ), D(2025, 12, 30)),
    # a dateline an Asian time zone puts one day after the New York timestamp
    ("新华社北京12月17日电 公司今日挂牌。", datetime(2025, 12, 16, 23, tzinfo=NY),
     D(2025, 12, 17)),
    # a dated opener after the outlet tag, in brackets or after a reporter's byline
    ("【2025年12月3日】证券时报讯 公司晚间公告。", None, D(2025, 12, 3)),
    ("本报讯（记者 李明）2024年11月28日晚间，公司公告称。", None, D(2024, 11, 28)),
    ("证券时报e公司讯，2026年1月20日晚间，公司发布业绩预告。", None, D(2026, 1, 20)),
    ("第一财经2025年11月20日讯 公司当晚公告。", None, D(2025, 11, 20)),
    ("上证报中国证券网讯 12月8日晚间，公司发布公告。", datetime(2025, 12, 9, tzinfo=BJ),
     D(2025, 12, 8)),
    ("e公司讯，12月9日晚间，公司公告。", datetime(2026, 1, 2, tzinfo=BJ), D(2025, 12, 9)),
    # no year and no published: unknown
    ("据芯东西12月17日报道，沐曦股份今日挂牌。", None, None),
    ("上证报中国证券网讯 11月28日晚间，公司公告称。", None, None),
    ("e公司讯，12月9日晚间，公司公告。", None, None),
    ("SHANGHAI, Dec 17 (Reuters) - Chinese GPU maker", None, None),
    # not datelines
    ("沐曦股份今日挂牌。\n本文于2025年12月17日发表于芯东西。", datetime(2025, 12, 18, tzinfo=BJ),
     None),
    ("本文发表于2025年12月17日", datetime(2025, 12, 18, tzinfo=BJ), None),
    ("Nvidia said on Tuesday it would buy the startup.", datetime(2025, 12, 17, tzinfo=NY), None),
    ("公司表示，" + "业务持续增长。" * 40 + "12月17日，公司挂牌。",
     datetime(2025, 12, 18, tzinfo=BJ), None),
    ("", datetime(2025, 12, 18, tzinfo=BJ), None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "published", "expected"), DATELINE_CASES)
def test_find_dateline(text: str, published: datetime | None, expected: date | None) -> None:
    assert find_dateline(text, published) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("据芯东西12月17日报道，沐曦股份今日挂牌。", datetime(2026, 2, 10, tzinfo=BJ),
         D(2025, 12, 17)),
        ("沐曦股份今日挂牌。", datetime(2025, 12, 17, 23, 30, tzinfo=BJ), D(2025, 12, 17)),
        # the publication day in its own time zone, not in UTC
        ("Nvidia said on Tuesday.", datetime(2025, 12, 17, 22, tzinfo=NY), D(2025, 12, 17)),
        ("Nvidia said on Tuesday.", None, None),
    ],
)  # fmt: skip
def test_reference_date(text: str, published: datetime | None, expected: date | None) -> None:
    assert reference_date(text, published) == expected


EDGE_FORMS = ["昨日", "下周一", "12月17日", "17日", "yesterday", "next Friday"]


@pytest.mark.parametrize("ref", [date.min, date.max])
@pytest.mark.parametrize("sentence", EDGE_FORMS)
def test_a_reference_at_the_edge_of_the_calendar_is_no_crash(sentence: str, ref: date) -> None:
    for m in find_dates(sentence, ref):
        assert m.date is None or date.min <= m.date <= date.max
    assert find_dateline("12月17日，公司挂牌。", datetime.max) is None


# ---------------------------------------------------------------- properties

refs = st.dates(min_value=date(1995, 1, 1), max_value=date(2060, 12, 31))
PAST_FORMS = [
    "昨日", "昨天", "昨晚", "前天", "周一", "周三", "周五", "星期日", "上周二", "上周五",
    "yesterday", "on Monday", "on Thursday", "Sunday", "last Friday", "last Tuesday",
    "the day before yesterday", "昨(3)日",
]  # fmt: skip
NEUTRAL = ["", "公司", "据报道，公司", "The company said ", "Shares fell ", "美国商务部已于"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.one_of(st.none(), st.dates()), st.sampled_from([None, "zh", "en"]))
def test_never_raises_and_is_deterministic(text: str, ref: date | None, lang: str | None) -> None:
    first = find_dates(text, ref, lang)
    assert find_dates(text, ref, lang) == first
    assert event_date(text, ref, lang) == event_date(text, ref, lang)
    for m in first:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert (m.date is None) or m.precision == "day"


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="年月日号周上下本今昨前明去第季度0123456789 Q-/.,，。", max_size=60),
    st.one_of(st.none(), refs),
)
def test_date_like_noise_never_raises(text: str, ref: date | None) -> None:
    for m in find_dates(text, ref):
        assert text[m.start : m.end] == m.text


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=300),
    st.one_of(st.none(), st.datetimes()),
)
def test_dateline_never_raises(text: str, published: datetime | None) -> None:
    assert find_dateline(text, published) == find_dateline(text, published)
    ref = reference_date(text, published)
    if published is not None:
        assert ref is not None


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(NEUTRAL), st.sampled_from(PAST_FORMS), refs)
def test_past_forms_never_after_the_reference(prefix: str, form: str, ref: date) -> None:
    days = [m.date for m in find_dates(prefix + form, ref) if m.date is not None]
    assert days, prefix + form
    assert all(d <= ref for d in days)
    assert all(d >= ref - timedelta(days=40) for d in days)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 31), refs)
def test_a_bare_day_of_month_is_within_a_month_before(day: int, ref: date) -> None:
    days = [m.date for m in find_dates(f"一名官员当地时间{day}日证实", ref) if m.date]
    assert len(days) == 1
    assert days[0].day == day
    # one day of slack: a dateline can run a calendar day ahead of ``published``
    assert ref - timedelta(days=93) <= days[0] <= ref + timedelta(days=1)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 12), st.integers(1, 31), refs, st.sampled_from(["zh", "en"]))
def test_yearless_dates_fall_within_the_year_before(
    month: int, day: int, ref: date, lang: str
) -> None:
    names = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct."]
    names += ["Nov.", "Dec."]
    text = f"公司{month}月{day}日宣布" if lang == "zh" else f"It said on {names[month - 1]} {day}"
    for m in find_dates(text, ref, lang):
        if m.date is not None:
            assert (m.date.month, m.date.day) == (month, day)
            assert ref - timedelta(days=366 * 5) <= m.date <= ref + timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(refs, st.integers(0, 6))
def test_weekday_lands_in_the_week_before(ref: date, wd: int) -> None:
    names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    (m,) = find_dates(f"Nvidia said on {names[wd]} it bought the startup", ref)
    assert m.date is not None
    assert m.date.weekday() == wd
    assert 0 <= (ref - m.date).days <= 6


# (the day of the sentence before, sentence, the day it inherits)
CARRY_CASES: list[tuple[date | None, str, date | None]] = [
    # the same package: 同日 / 同一晚 / 与此同时 / 还宣布 / "also" / "the same day"
    (D(2025, 12, 2), "同日，商务部将两家美国军工企业列入不可靠实体清单。", D(2025, 12, 2)),
    (D(2025, 6, 9), "同一晚，另一家化工企业宣布终止收购。", D(2025, 6, 9)),
    (D(2025, 3, 14), "与此同时，监管部门对公司处以罚款。", D(2025, 3, 14)),
    (D(2025, 3, 14), "工信部还宣布对三家企业暂停补贴。", D(2025, 3, 14)),
    (D(2024, 10, 1), "The department also removed two Dutch firms from the list.", D(2024, 10, 1)),
    (D(2024, 10, 1), "On the same day, Beijing announced export curbs on gallium.", D(2024, 10, 1)),
    (D(2024, 10, 1), "The agency also fined a Texas distributor $2 million.", D(2024, 10, 1)),
    (D(2024, 10, 1), "At the same time, Tokyo tightened its own rules.", D(2024, 10, 1)),
    (D(2024, 10, 1), "The same day, the ministry approved a subsidy for Rapidus.", D(2024, 10, 1)),
    (D(2024, 10, 1), "That same day, Seoul widened its chip tax credit.", D(2024, 10, 1)),
    # a date of its own, even a month or a year, marks another time
    (D(2025, 12, 2), "同日，公司还披露，2021年曾收购一家材料企业。", None),
    (D(2025, 12, 2), "与此同时，公司去年9月完成的融资已到账。", None),
    (D(2024, 10, 1), "It also bought a fab in Dresden in 2021.", None),
    (D(2024, 10, 1), "The company also said it closed the deal on Sept. 3.", None),
    # no continuation word, or nothing to inherit
    (D(2025, 12, 2), "此后，公司完成了B轮融资。", None),
    (D(2024, 10, 1), "Separately, Kestrel raised $40 million.", None),
    (D(2024, 10, 1), "The company said revenue rose.", None),
    (None, "同日，商务部将两家企业列入清单。", None),
    (D(2024, 10, 1), "", None),
]  # fmt: skip


@pytest.mark.parametrize(("prev", "sentence", "expected"), CARRY_CASES)
def test_carry_date(prev: date | None, sentence: str, expected: date | None) -> None:
    assert carry_date(prev, sentence) == expected


# ---------------------------------------------------------------- the fast paths

DAY = timedelta(days=1)

DATE_BITS = [
    "2025年", "12月", "17日", "十二月十七日", "今(11)日", "昨日", "上周五", "本月", "Q3",
    "第三季度",
    "2025-12-17", "12/17/2025", "Dec. 17", "17 December 2025", "in March", "on Tuesday",
    "last week", "next month", "this year", "third quarter", "mid-2024", "1Q25", "Christmas Eve",
    "元旦", "去年", "同年", "至", " ", "，", "公司", "will ", "将", "DEC 17", "İ", "ſ", "K", "２０",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(DATE_BITS), max_size=8).map("".join))
def test_a_rule_skipped_by_its_literals_could_not_have_matched(text: str) -> None:
    """Every match of a rule's pattern holds one of the literals ``find_dates`` probes for."""
    low = text.translate(_FOLD).lower()
    for _, rule, need in _GATED:
        if need is not None and rule.pattern.search(text.translate(_FOLD)):
            assert any(word in low for word in need), (rule.pattern.pattern, text)


@pytest.mark.parametrize(
    ("calls", "expected"),
    [
        # the remembered answer is keyed by the reference and the language as well
        (
            [("昨日完成交割", FRI, "zh"), ("昨日完成交割", TUE, "zh")],
            [D(2025, 12, 18), D(2025, 8, 11)],
        ),
        ([("昨日完成交割", FRI, "zh"), ("昨日完成交割", FRI, "en")], [D(2025, 12, 18), None]),
        ([("on Monday", FRI, "en"), ("on Monday", None, "en")], [D(2025, 12, 15), None]),
    ],
)
def test_event_date_repeated_calls(
    calls: list[tuple[str, date | None, str]], expected: list[date | None]
) -> None:
    assert [event_date(*call) for call in calls] == expected
    assert [event_date(*call) for call in calls] == expected

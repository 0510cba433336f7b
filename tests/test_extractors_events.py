"""The event engine, sentence by sentence: one row per family of wording.

Each row is an article of one or two sentences and the one event expected
from it: type, principal company, amount (value, currency, qualifier) and
status. Every bug found becomes one more row.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import extract
from extractors.companies import CompanyRegistry
from extractors.types import PRINCIPAL_ROLE, ArticleInput, EventDraft
from tests.eventcases import Expected, assert_exactly
from tests.eventcases import article as _article

_COMPANIES = [
    ("nvidia", "Nvidia", ["英伟达"], ["NVIDIA", "Nvidia Corp."], "ai_chip"),
    ("amd", "Advanced Micro Devices", ["超威"], ["AMD"], "designer"),
    ("intel", "Intel", ["英特尔"], [], "idm"),
    ("tsmc", "TSMC", ["台积电"], ["Taiwan Semiconductor Manufacturing Co."], "foundry"),
    ("samsung", "Samsung Electronics", ["三星电子", "三星"], ["Samsung"], "memory"),
    ("broadcom", "Broadcom", ["博通"], [], "designer"),
    ("google", "Google", ["谷歌"], ["Alphabet", "Google Cloud"], "hyperscaler"),
    ("meta", "Meta Platforms", [], ["Meta"], "hyperscaler"),
    ("anthropic", "Anthropic", [], [], "ai_lab"),
    ("openai", "OpenAI", [], [], "ai_lab"),
    ("tesla", "Tesla", ["特斯拉"], [], "automotive"),
    ("arm", "Arm Holdings", [], ["Arm"], "ip"),
    ("softbank", "SoftBank Group", ["软银"], ["SoftBank"], "investor"),
    ("synopsys", "Synopsys", [], [], "eda"),
    ("ansys", "Ansys", [], [], "eda"),
    ("groq", "Groq", [], [], "ai_chip"),
    ("blackrock", "BlackRock", [], [], "investor"),
    ("temasek", "Temasek", [], [], "investor"),
    ("moore", "Moore Threads", ["摩尔线程"], [], "ai_chip"),
    ("metax", "MetaX", ["沐曦", "沐曦股份"], [], "ai_chip"),
    ("horizon", "Horizon Robotics", ["地平线", "地平线机器人"], [], "ai_chip"),
    ("hygon", "Hygon", ["海光信息"], [], "designer"),
    ("sugon", "Sugon", ["中科曙光"], [], "electronics"),
    ("rapidus", "Rapidus", [], [], "foundry"),
    ("sambanova", "SambaNova", [], [], "ai_chip"),
    ("tsingmicro", "TsingMicro", ["清微智能"], [], "ai_chip"),
    ("xiaomi", "Xiaomi", ["小米"], [], "electronics"),
    ("hillhouse", "Hillhouse", ["高瓴创投"], [], "investor"),
    ("walden", "Walden International", ["华登国际"], [], "investor"),
    ("ti", "Texas Instruments", [], [], "idm"),
    ("umc", "UMC", ["联电"], ["United Microelectronics"], "foundry"),
    ("gf", "GlobalFoundries", ["格芯"], [], "foundry"),
    ("vis", "Vanguard International Semiconductor", ["世界先进"], [], "foundry"),
]
_AUTHORITIES = [
    ("us-commerce", "US Department of Commerce", ["美国商务部"], ["Commerce Department"]),
    ("eu-commission", "European Commission", ["欧盟委员会"], []),
    ("meti", "Japan Ministry of Economy, Trade and Industry", ["经济产业省"], []),
    ("csrc", "China Securities Regulatory Commission", ["中国证监会", "证监会"], ["CSRC"]),
]


@pytest.fixture(scope="module")
def registry() -> CompanyRegistry:
    companies = [
        {"key": k, "name": n, "zh": zh, "aliases": al, "segment": seg}
        for k, n, zh, al, seg in _COMPANIES
    ]
    authorities = [{"key": k, "name": n, "zh": zh, "aliases": al} for k, n, zh, al in _AUTHORITIES]
    return CompanyRegistry.from_records(companies, authorities)


def _principal(ev: EventDraft) -> str | None:
    ms = ev.companies.get(PRINCIPAL_ROLE[ev.type]) or []
    return ms[0].company.name if ms else None


# (text, lang, type, principal, (value, currency, qualifier) | None, status)
CASES = [
    # --- funding
    (
        "Groq said on Monday it has raised $650 million in new funding led by BlackRock.",
        "en",
        "funding",
        "Groq",
        ("650e6", "USD", "exact"),
        "announced",
    ),
    (
        "In November, Groq closed a $275 million Series C at a $2 billion valuation.",
        "en",
        "funding",
        "Groq",
        ("275e6", "USD", "exact"),
        "completed",
    ),
    (
        "Groq is raising between $150 million and $200 million in a new round, its CFO said.",
        "en",
        "funding",
        "Groq",
        ("150e6", "USD", "range"),
        "planned",
    ),
    (
        "Groq has raised about half a billion dollars in a round led by Temasek, "
        "according to people familiar with the matter.",
        "en",
        "funding",
        "Groq",
        ("500e6", "USD", "approx"),
        "rumored",
    ),
    (
        "Groq raised more than $100 million in a Series B led by Temasek.",
        "en",
        "funding",
        "Groq",
        ("100e6", "USD", "at_least"),
        "announced",
    ),
    (
        "北京AI芯片明星企业清微智能获得超20亿元大额融资。",
        "zh",
        "funding",
        "TsingMicro",
        ("2e9", "CNY", "at_least"),
        "announced",
    ),
    (
        "清微智能昨日宣布完成近五千万元Pre-A轮融资，由华登国际领投，高瓴创投跟投。",
        "zh",
        "funding",
        "TsingMicro",
        ("5e7", "CNY", "approx"),
        "completed",
    ),
    (
        "2022年6月，清微智能就拿下近8亿元A轮融资，由华登国际、高瓴创投联合领投。",
        "zh",
        "funding",
        "TsingMicro",
        ("8e8", "CNY", "approx"),
        "announced",
    ),
    (
        "地平线机器人昨晚公告，公司拟以每股9.99港元配售新股，预计所得款项净额约63.39亿港元。",
        "zh",
        "funding",
        "Horizon Robotics",
        ("6.339e9", "HKD", "approx"),
        "planned",
    ),
    # --- acquisition
    (
        "Synopsys completed its $35 billion acquisition of Ansys on Thursday.",
        "en",
        "acquisition",
        "Ansys",
        ("35e9", "USD", "exact"),
        "completed",
    ),
    (
        "Meta Platforms has agreed to acquire Groq, "
        "according to a person familiar with the matter.",
        "en",
        "acquisition",
        "Groq",
        None,
        "rumored",
    ),
    (
        "Groq was acquired by Nvidia for $20 billion in cash.",
        "en",
        "acquisition",
        "Groq",
        ("20e9", "USD", "exact"),
        "announced",
    ),
    (
        "Groq turned down an $800 million takeover offer from Meta Platforms in March.",
        "en",
        "acquisition",
        "Groq",
        ("800e6", "USD", "exact"),
        "terminated",
    ),
    (
        "Only last month, SoftBank bought the 25% stake in Arm held by its own fund.",
        "en",
        "acquisition",
        "Arm Holdings",
        None,
        "announced",
    ),
    (
        "AMD agreed to buy Groq for $4.9 billion in cash and stock. "
        "The purchase closed on March 31.",
        "en",
        "acquisition",
        "Groq",
        ("4.9e9", "USD", "exact"),
        "completed",
    ),
    (
        "英特尔据传计划以16亿美元收购AI芯片独角兽SambaNova。",
        "zh",
        "acquisition",
        "SambaNova",
        ("1.6e9", "USD", "exact"),
        "rumored",
    ),
    (
        "海光信息与中科曙光昨晚同时发布公告，决定终止海光信息换股吸收合并中科曙光的重大资产重组。",
        "zh",
        "acquisition",
        "Sugon",
        None,
        "terminated",
    ),
    (
        "Nvidia spent over $900 million in cash and stock to hire Groq's chief executive and "
        "to license the startup's technology.",
        "en",
        "acquisition",
        "Groq",
        ("900e6", "USD", "at_least"),
        "announced",
    ),
    # --- listing
    (
        "摩尔线程今日在上交所科创板挂牌交易，证券代码688795。",
        "zh",
        "listing",
        "Moore Threads",
        None,
        "announced",
    ),
    (
        "按照日程，同为国产GPU企业的沐曦股份将于本月中旬登陆科创板。",
        "zh",
        "listing",
        "MetaX",
        None,
        "planned",
    ),
    (
        "Shares of Arm Holdings surged on their first day of trading on the Nasdaq. "
        "The offering raised $4.87 billion.",
        "en",
        "listing",
        "Arm Holdings",
        ("4.87e9", "USD", "exact"),
        "announced",
    ),
    (
        "本次IPO，摩尔线程公开发行7000万股新股，募资总额79.996亿元，扣除发行费用后净额约75.76亿元。",
        "zh",
        "listing",
        "Moore Threads",
        ("7.9996e9", "CNY", "exact"),
        "announced",
    ),
    # --- order
    (
        "Tan said the unnamed customer that placed a $10 billion order in Broadcom's fiscal "
        "third quarter was Anthropic.",
        "en",
        "order",
        "Broadcom",
        ("10e9", "USD", "exact"),
        "announced",
    ),
    (
        "Meta Platforms is in talks to spend billions of dollars on TPUs from Google Cloud.",
        "en",
        "order",
        "Google",
        ("1e9", "USD", "at_least"),
        "rumored",
    ),
    (
        "上周博通CEO透露Anthropic向博通下达总值210亿美元(约合人民币1486亿元)的订单。",
        "zh",
        "order",
        "Broadcom",
        ("21e9", "USD", "exact"),
        "announced",
    ),
    (
        "三星电子昨日披露，公司签订了总额22.8万亿韩元的晶圆代工合同。",
        "zh",
        "order",
        "Samsung Electronics",
        ("22.8e12", "KRW", "exact"),
        "announced",
    ),
    (
        "台积电董事会也通过将部分机器设备出售予关系企业世界先进，交易总额介于2,000万至2,300万美元之间。",
        "zh",
        "order",
        "TSMC",
        ("2e7", "USD", "range"),
        "announced",
    ),
    (
        "The unnamed customer that placed a $10 billion order was Anthropic.",
        "en",
        "order",
        None,
        ("10e9", "USD", "exact"),
        "announced",
    ),
    (
        "10月23日，Anthropic宣布扩大与谷歌的合作，将获得最多100万颗TPU，交易价值达数百亿美元。",
        "zh",
        "order",
        "Google",
        ("1e10", "USD", "at_least"),
        "announced",
    ),
    # --- investment
    (
        "Texas Instruments has pledged to invest more than $18 billion through 2029 in two new "
        "300-millimeter fabs in Sherman, Texas.",
        "en",
        "investment",
        "Texas Instruments",
        ("18e9", "USD", "at_least"),
        "planned",
    ),
    (
        "台积电将在美国追加投资1000亿美元，在亚利桑那州新建三座晶圆厂。",
        "zh",
        "investment",
        "TSMC",
        ("100e9", "USD", "exact"),
        "planned",
    ),
    (
        "台积电董事会核准约149.8亿美元的资本预算，将投向新厂建设及先进封装扩产。",
        "zh",
        "investment",
        "TSMC",
        ("14.98e9", "USD", "approx"),
        "announced",
    ),
    (
        "2020年5月，台积电宣布投资120亿美元在亚利桑那州建厂；"
        "2024年4月，公司把投资规模扩大至650亿美元。",
        "zh",
        "investment",
        "TSMC",
        ("12e9", "USD", "exact"),
        "announced",
    ),
    # --- regulation
    (
        "The U.S. Commerce Department on Friday finalized a grant of up to $4.745 billion to "
        "Samsung Electronics under the CHIPS Act.",
        "en",
        "regulation",
        "Samsung Electronics",
        ("4.745e9", "USD", "at_most"),
        "announced",
    ),
    (
        "The European Commission on Tuesday approved €5 billion of German state aid for TSMC.",
        "en",
        "regulation",
        "TSMC",
        ("5e9", "EUR", "exact"),
        "announced",
    ),
    (
        "日本经济产业省昨日宣布，将向Rapidus追加提供最高8025亿日元的补助。",
        "zh",
        "regulation",
        "Rapidus",
        ("802.5e9", "JPY", "at_most"),
        "announced",
    ),
    (
        "美国已批准英伟达H200 AI芯片对华销售。",
        "zh",
        "regulation",
        "Nvidia",
        None,
        "announced",
    ),
    (
        "4月，美国政府通知英伟达，H20对华出口须申领许可证。",
        "zh",
        "regulation",
        "Nvidia",
        None,
        "announced",
    ),
    # --- denial, follow-ups
    (
        "Groq said it rejected a buyout proposal from Meta Platforms.",
        "en",
        "acquisition",
        "Groq",
        None,
        "terminated",
    ),
    (
        "United Microelectronics said on Tuesday it is not pursuing a merger with GlobalFoundries.",
        "en",
        "acquisition",
        "GlobalFoundries",
        None,
        "denied",
    ),
    (
        "In August 2024, Groq raised $640 million in a Series D led by BlackRock, "
        "a deal that valued the company at $2.8 billion.",
        "en",
        "funding",
        "Groq",
        ("640e6", "USD", "exact"),
        "announced",
    ),
    (
        "Nvidia bought Groq in April, "
        "in a deal reported to be worth hundreds of millions of dollars.",
        "en",
        "acquisition",
        "Groq",
        ("100e6", "USD", "at_least"),
        "announced",
    ),
    # --- general financial news: companies in no registry, a dateline and no year
    (
        "财联社12月3日电，华丰股份公告称，公司拟以自有资金3.2亿元收购苏州恒润科技有限公司51%股权。",
        "zh",
        "acquisition",
        "苏州恒润科技有限公司",
        ("3.2e8", "CNY", "exact"),
        "planned",
    ),
    (
        "财联社11月20日电，东方电缆公告，公司中标约12亿元海上风电项目。",
        "zh",
        "order",
        "东方电缆",
        ("1.2e9", "CNY", "approx"),
        "announced",
    ),
    (
        "12月5日晚间，天润乳业公告称，公司决定终止筹划重大资产重组事项。",
        "zh",
        "acquisition",
        None,
        None,
        "terminated",
    ),
    (
        "财联社12月6日电，*ST左江公告，公司因涉嫌信息披露违法违规被证监会立案调查。",
        "zh",
        "regulation",
        "*ST左江",
        None,
        "announced",
    ),
    (
        "美团被国家市场监督管理总局处以34.42亿元罚款。",
        "zh",
        "regulation",
        "美团",
        ("3.442e9", "CNY", "exact"),
        "announced",
    ),
    (
        "光线传媒公告，公司以2.5亿元的价格受让北京星河文化传媒有限公司30%股权。",
        "zh",
        "acquisition",
        "北京星河文化传媒有限公司",
        ("2.5e8", "CNY", "exact"),
        "announced",
    ),
    (
        "华峰股份公告，公司已完成对科陆电子的收购。",
        "zh",
        "acquisition",
        "科陆电子",
        None,
        "completed",
    ),
    (
        "赛力斯公告，公司拟以81.64亿元收购华为持有的深圳引望智能技术有限公司10%股权。",
        "zh",
        "acquisition",
        "深圳引望智能技术有限公司",
        ("8.164e9", "CNY", "exact"),
        "planned",
    ),
    (
        "兆易创新宣布，公司与长鑫存储签订了DRAM采购协议，预计交易金额不超过50亿元。",
        "zh",
        "order",
        "长鑫存储",
        ("5e9", "CNY", "at_most"),
        "announced",
    ),
    (
        "闻泰科技公告称，公司拟将旗下产品集成业务出售给立讯精密，交易对价约48亿元。",
        "zh",
        "acquisition",
        "闻泰科技",
        ("4.8e9", "CNY", "approx"),
        "planned",
    ),
    (
        "财联社12月5日电，华润医药宣布以约50亿港元收购江苏康达药业有限公司60%股权，交易已于今日完成交割。",
        "zh",
        "acquisition",
        "江苏康达药业有限公司",
        ("5e9", "HKD", "approx"),
        "completed",
    ),
    (
        "2024年11月5日晚间，杭州长川科技股份有限公司（证券简称：长川科技）发布公告，公司拟以发行股份及支付现金方式购买杭州长奕科技有限公司97.67%股权，交易作价为4.17亿元。",
        "zh",
        "acquisition",
        "杭州长奕科技有限公司",
        ("4.17e8", "CNY", "exact"),
        "planned",
    ),
    (
        "麦田里食品股份有限公司今日在港交所主板挂牌，集资总额约19.75亿元。业绩方面，公司2024年收入48.6亿元人民币。",
        "zh",
        "listing",
        "麦田里食品股份有限公司",
        ("1.975e9", "HKD", "approx"),
        "announced",
    ),
    (
        "Globex agreed to buy Initech for $450 million in cash.",
        "en",
        "acquisition",
        "Initech",
        ("450e6", "USD", "exact"),
        "announced",
    ),
    (
        "Acme Robotics was acquired by Globex Corp. for $1.2 billion.",
        "en",
        "acquisition",
        "Acme Robotics",
        ("1.2e9", "USD", "exact"),
        "announced",
    ),
    (
        "Ampere Computing agreed to be acquired by SoftBank Group for $6.5 billion.",
        "en",
        "acquisition",
        "Ampere Computing",
        ("6.5e9", "USD", "exact"),
        "announced",
    ),
    (
        "Private equity firm Blackstone snapped up Umbrella Corp. for $3 billion.",
        "en",
        "acquisition",
        "Umbrella Corp.",
        ("3e9", "USD", "exact"),
        "announced",
    ),
    (
        "Wolfspeed inked a supply pact worth $800 million with Renesas Electronics.",
        "en",
        "order",
        "Wolfspeed",
        ("800e6", "USD", "exact"),
        "announced",
    ),
    (
        "Microchip Technology was awarded $162 million under the CHIPS Act.",
        "en",
        "regulation",
        "Microchip Technology",
        ("162e6", "USD", "exact"),
        "announced",
    ),
    (
        "Oracle agreed to buy $40 billion of Nvidia chips for its data centers.",
        "en",
        "order",
        "Nvidia",
        ("40e9", "USD", "exact"),
        "announced",
    ),
    (
        "Tenstorrent closed a $693 million Series D round led by Samsung Electronics.",
        "en",
        "funding",
        "Tenstorrent",
        ("693e6", "USD", "exact"),
        "completed",
    ),
    (
        "Intel is said to be exploring the sale of its networking unit.",
        "en",
        "acquisition",
        "Intel",
        None,
        "rumored",
    ),
]

# Text that reports no event: statistics, forecasts, results, product specs.
NOT_EVENTS = [
    ("TSMC reported a 39.1% rise in third-quarter net profit to NT$452.3 billion.", "en"),
    ("Research firm TrendForce estimated TSMC's share of global foundry revenue at 70.2%.", "en"),
    ("IT桔子最新统计显示，2025年第三季度国内集成电路创业企业共披露融资交易262笔。", "zh"),
    ("市场研究机构预计，三季度DDR4价格仍将上涨逾20%。", "zh"),
    ("Nvidia raised its quarterly dividend to 1 cent a share.", "en"),
    ("寒武纪思元370的最大算力高达256TOPS。", "zh"),
    ("Any merger would need approval from Taiwanese authorities.", "en"),
    ("黑芝麻智能上市前曾完成多轮融资，股东包括小米。", "zh"),
    ("Grants are paid out in tranches as companies hit construction milestones.", "en"),
    ("双方承诺自公告披露之日起至少1个月内不再筹划重大资产重组。", "zh"),
    ("On Thursday's call, chief executive Hock Tan said demand was still rising.", "en"),
    (
        "Samsung Electronics has long courted Apple. In 2021 it agreed to give Apple a discount "
        "of 5% on memory chips.",
        "en",
    ),
]


@pytest.mark.parametrize(("text", "lang", "etype", "principal", "amount", "status"), CASES)
def test_sentence_event(
    registry: CompanyRegistry,
    text: str,
    lang: str,
    etype: str,
    principal: str | None,
    amount: tuple[str, str, str] | None,
    status: str,
) -> None:
    events = [e for e in extract(_article(text, lang), registry) if e.type.value == etype]
    assert events, f"no {etype} event in {text!r}"
    if principal is not None:
        events = [e for e in events if _principal(e) == principal] or events
        assert _principal(events[0]) == principal
    ev = events[0]
    if amount is None:
        assert ev.amount is None
    else:
        value, currency, qualifier = amount
        assert ev.amount is not None
        assert ev.amount.value == Decimal(value)
        assert ev.amount.currency == currency
        assert ev.amount.qualifier.value == qualifier
    assert ev.status.value == status


@pytest.mark.parametrize(("text", "lang"), NOT_EVENTS)
def test_not_an_event(registry: CompanyRegistry, text: str, lang: str) -> None:
    assert extract(_article(text, lang), registry) == []


def test_roles_and_details(registry: CompanyRegistry) -> None:
    text = (
        "Arm Holdings opened at $56.10 on the Nasdaq under the ticker ARM, against an offering "
        "price of $51, on its first day of trading on Thursday. "
        "They closed at $63.59, up 24.7%. At the close, Arm was worth roughly $65 billion."
    )
    (ev,) = extract(_article(text, "en", "2023-09-14T17:20:00-04:00"), registry)
    assert ev.details["exchange"] == "NASDAQ"
    assert ev.details["ticker"] == "ARM"
    assert ev.details["offer_price"].value == Decimal("51")
    assert ev.details["open_price"].value == Decimal("56.10")
    assert ev.details["day_change_pct"] == Decimal("24.7")
    assert ev.details["market_cap"].value == Decimal("65e9")
    assert ev.date is not None and ev.date.isoformat() == "2023-09-14"


def test_investors_listed(registry: CompanyRegistry) -> None:
    text = "天使轮由小米领投，华登国际、高瓴创投跟投。清微智能表示将继续研发。"
    art = _article("清微智能宣布完成新一轮融资。" + text, "zh")
    evs = [e for e in extract(art, registry) if e.type.value == "funding"]
    investors = {m.company.name for e in evs for m in e.companies["investors"]}
    assert {"Xiaomi", "Walden International", "Hillhouse"} <= investors
    assert all(_principal(e) == "TsingMicro" for e in evs)


def test_sale_of_unit_names_parent_as_target(registry: CompanyRegistry) -> None:
    text = "Advanced Micro Devices has agreed to sell the manufacturing arm of Groq to Nvidia."
    (ev,) = [e for e in extract(_article(text, "en"), registry) if e.type.value == "acquisition"]
    assert ev.companies["acquirer"][0].company.name == "Nvidia"
    assert {m.company.name for m in ev.companies["target"]} >= {"Advanced Micro Devices", "Groq"}


def test_restated_deal_is_one_event(registry: CompanyRegistry) -> None:
    text = (
        "Synopsys agreed to acquire Ansys for $35 billion. "
        "The acquisition of Ansys, worth $35 billion, closed on Thursday."
    )
    evs = [e for e in extract(_article(text, "en"), registry) if e.type.value == "acquisition"]
    assert len(evs) == 1
    assert evs[0].status.value == "completed"


def test_two_orders_between_one_pair_stay_apart(registry: CompanyRegistry) -> None:
    text = (
        "The customer that placed a $10 billion order with Broadcom was Anthropic. "
        "Anthropic came back with a further $11 billion order."
    )
    evs = [e for e in extract(_article(text, "en"), registry) if e.type.value == "order"]
    assert sorted(e.amount.value for e in evs if e.amount) == [Decimal("10e9"), Decimal("11e9")]


def test_evidence_offsets_point_into_text(registry: CompanyRegistry) -> None:
    text = "Intro line.\n北京AI芯片明星企业清微智能获得超20亿元大额融资。"
    (ev,) = extract(_article(text, "zh"), registry)
    assert text[ev.evidence.start : ev.evidence.end] == ev.evidence.text
    assert "清微智能" in ev.evidence.text


def test_traditional_chinese(registry: CompanyRegistry) -> None:
    text = "台積電董事會核准約149.8億美元的資本預算，將投向新廠建設。"
    (ev,) = extract(_article(text, "zh"), registry)
    assert ev.type.value == "investment"
    assert ev.amount is not None and ev.amount.value == Decimal("14.98e9")


def test_no_published_date(registry: CompanyRegistry) -> None:
    art = ArticleInput(text="清微智能昨日宣布完成超20亿元融资。", language=None, published=None)
    (ev,) = extract(art, registry)
    assert ev.date is None
    assert ev.type.value == "funding"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_and_is_deterministic(text: str) -> None:
    registry = CompanyRegistry.from_records(
        [{"key": "groq", "name": "Groq"}, {"key": "tsmc", "name": "TSMC", "zh": ["台积电"]}]
    )
    art = ArticleInput(text=text)
    first = [e.to_json() for e in extract(art, registry)]
    assert first == [e.to_json() for e in extract(art, registry)]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Groq raised $1 billion.",
                "台积电将投资100亿美元建厂。",
                "The round was led by Temasek;",
                "收购",
                "被",
                "，",
                " it ",
                "$5",
                "亿元",
                "IPO",
                "Commerce Department",
            ]
        ),
        max_size=12,
    )
)
def test_trigger_soup_never_raises(parts: list[str]) -> None:
    registry = CompanyRegistry.from_records(
        [{"key": "groq", "name": "Groq"}, {"key": "tsmc", "name": "TSMC", "zh": ["台积电"]}]
    )
    extract(ArticleInput(text="".join(parts)), registry)


# Articles reporting several events, or one event among misleading names: every expected
# event (type, {role: name substrings}, amount value | None, status, action | None) must be
# found, and nothing else. One family of wording per block.
MULTI_CASES: list[tuple[str, str, list[Expected]]] = [
    # banks that run an IPO are no issuers
    (
        "Lumenfield Semiconductor Inc. began trading on the Nasdaq on Friday after its initial "
        "public offering raised $410 million. Citigroup, Barclays and BofA Securities acted as "
        "lead bookrunners for the offering.",
        "en",
        [("listing", {"issuer": ["Lumenfield"]}, "410e6", "announced", None)],
    ),
    (
        "Orbitek Systems filed for an initial public offering in New York on Monday. Morgan "
        "Stanley and Goldman Sachs are leading the offering.",
        "en",
        [("listing", {"issuer": ["Orbitek"]}, None, "announced", None)],
    ),
    (
        "Shares of Tervana Robotics soared 45% in their New York Stock Exchange debut on "
        "Thursday. Goldman Sachs, Morgan Stanley and BofA Securities underwrote the IPO.",
        "en",
        [("listing", {"issuer": ["Tervana"]}, None, "announced", None)],
    ),
    (
        "杭州晶合光电股份有限公司今日登陆创业板，华泰联合证券担任保荐人，中金公司为联席主承销商。",
        "zh",
        [("listing", {"issuer": ["晶合光电"]}, None, "announced", None)],
    ),
    # counterparty of a rumored purchase
    (
        "Texas Instruments has held talks to purchase Corvex Microsystems, Bloomberg reported.",
        "en",
        [("acquisition", {"acquirer": ["Texas"], "target": ["Corvex"]}, None, "rumored", None)],
    ),
    (
        "Broadcom is in discussions to acquire Celestra Networks for roughly $900 million, "
        "according to people familiar with the matter.",
        "en",
        [
            (
                "acquisition",
                {"acquirer": ["Broadcom"], "target": ["Celestra"]},
                "900e6",
                "rumored",
                None,
            )
        ],
    ),
    # an export-control package: the listed companies, the rule, a removal
    (
        "The Commerce Department on Monday added 23 Chinese entities to the Entity List, including "
        "Hangzhou Novasil Technology and Beijing Corelink Microelectronics, and issued new rules "
        "restricting exports of advanced chipmaking equipment to China.",
        "en",
        [
            ("regulation", {"affected": ["Novasil", "Corelink"]}, None, "announced", "sanction"),
            ("regulation", {"affected": []}, None, "announced", "restrict"),
        ],
    ),
    (
        "Washington placed Zhixin Semiconductor and Tianyu Photonics on the Entity List on "
        "Thursday. The Bureau of Industry and Security also published a rule tightening export "
        "controls on high-bandwidth memory.",
        "en",
        [
            ("regulation", {"affected": ["Zhixin", "Tianyu"]}, None, "announced", "sanction"),
            ("regulation", {"affected": []}, None, "announced", "restrict"),
        ],
    ),
    (
        "美国商务部周二宣布将12家中国企业列入实体清单。被列入的企业包括杭州晶算科技有限公司、"
        "南京光启微电子有限公司等。",
        "zh",
        [("regulation", {"affected": ["晶算", "光启微电子"]}, None, "announced", "sanction")],
    ),
    (
        "The Commerce Department added 31 entities to the Entity List on Wednesday. Among the "
        "Chinese companies named were Xinlian Computing and Shenzhou Photonics.",
        "en",
        [("regulation", {"affected": ["Xinlian", "Shenzhou"]}, None, "announced", "sanction")],
    ),
    (
        "The Commerce Department also removed Solvane Optics, a lens maker based in Singapore, "
        "from the Entity List after a review.",
        "en",
        [("regulation", {"affected": ["Solvane"]}, None, "announced", "lift")],
    ),
    (
        "美国商务部工业与安全局发布新规，收紧对先进计算芯片的出口管制。",
        "zh",
        [("regulation", {"affected": []}, None, "announced", "restrict")],
    ),
    # who supplies whom
    (
        "Kestrel Networks has been tapped to supply optical switches to Google, in a contract "
        "worth $640 million.",
        "en",
        [("order", {"buyer": ["Google"], "supplier": ["Kestrel"]}, "640e6", "announced", None)],
    ),
    (
        "Meta signed a deal with Ampliview Semiconductor for $300 million of custom networking "
        "chips.",
        "en",
        [("order", {"buyer": ["Meta"], "supplier": ["Ampliview"]}, "300e6", "announced", None)],
    ),
    (
        "Nuvion Power was selected to supply power modules to Tesla under a $210 million contract.",
        "en",
        [("order", {"buyer": ["Tesla"], "supplier": ["Nuvion"]}, "210e6", "announced", None)],
    ),
    (
        "Oracle signed a contract with Nexaline Photonics for $450 million of optical modules.",
        "en",
        [("order", {"buyer": ["Oracle"], "supplier": ["Nexaline"]}, "450e6", "announced", None)],
    ),
    # status from the deal's own clause
    (
        "Brightline Bancorp and Harborview Financial called off their planned $2.4 billion "
        "merger on Friday, citing regulatory delays.",
        "en",
        [("acquisition", {}, "2.4e9", "terminated", None)],
    ),
    # several issuers in one sentence
    (
        "12月5日，证监会同意深圳瑞芯达科技股份有限公司、杭州联拓精密股份有限公司、成都华光微电子股份有限公司"
        "首次公开发行股票的注册申请。",
        "zh",
        [
            ("listing", {"issuer": ["瑞芯达"]}, None, "announced", None),
            ("listing", {"issuer": ["联拓精密"]}, None, "announced", None),
            ("listing", {"issuer": ["华光微电子"]}, None, "announced", None),
        ],
    ),
    (
        "北交所上市委员会今日审议了三家企业的首发申请，其中无锡华拓精工股份有限公司、"
        "山东鲁信新材料股份有限公司获通过。",
        "zh",
        [
            ("listing", {"issuer": ["华拓精工"]}, None, "announced", None),
            ("listing", {"issuer": ["鲁信新材料"]}, None, "announced", None),
        ],
    ),
    (
        "深交所终止了广州恒达光电股份有限公司和宁波联信电子股份有限公司的创业板上市审核。",
        "zh",
        [
            ("listing", {"issuer": ["恒达光电"]}, None, "terminated", None),
            ("listing", {"issuer": ["联信电子"]}, None, "terminated", None),
        ],
    ),
    (
        "因撤回发行上市申请，上交所终止了对苏州迈拓半导体股份有限公司科创板IPO的审核。",
        "zh",
        [("listing", {"issuer": ["迈拓半导体"]}, None, "terminated", None)],
    ),
    # one seller, two buyers
    (
        "群峰光电公告，公司将位于南京的一座面板厂以32亿元出售给华芯封测，并将另一座厂房以15亿元"
        "出售给摩尔线程。",
        "zh",
        [
            (
                "acquisition",
                {"acquirer": ["华芯封测"], "target": ["群峰光电"]},
                "3.2e9",
                "announced",
                None,
            ),
            (
                "acquisition",
                {"acquirer": ["摩尔线程"], "target": ["群峰光电"]},
                "1.5e9",
                "announced",
                None,
            ),
        ],
    ),
    (
        "Pellucid Displays sold its Ohio plant to Intel for $400 million and its Arizona site to "
        "Samsung for $250 million.",
        "en",
        [
            (
                "acquisition",
                {"acquirer": ["Intel"], "target": ["Pellucid"]},
                "400e6",
                "announced",
                None,
            ),
            (
                "acquisition",
                {"acquirer": ["Samsung"], "target": ["Pellucid"]},
                "250e6",
                "announced",
                None,
            ),
        ],
    ),
    # regulation: resuming sales is a lift; a licence requirement is a restriction
    (
        "Nvidia said the Commerce Department had told it licences would be granted, allowing it "
        "to resume sales of its H20 chips to China.",
        "en",
        [("regulation", {"affected": ["Nvidia"]}, None, "announced", "lift")],
    ),
    (
        "英伟达表示，美国商务部已同意发放许可，公司将恢复向中国客户供货。",
        "zh",
        [("regulation", {"affected": ["英伟达"]}, None, "announced", "lift")],
    ),
    (
        "美国政府通知英伟达，其H20芯片对华出口须获得许可证。",
        "zh",
        [("regulation", {"affected": ["英伟达"]}, None, "announced", "restrict")],
    ),
    (
        "美国商务部对超威的MI308芯片实施许可证管理，相关产品实际上被禁止出口至中国。",
        "zh",
        [("regulation", {"affected": ["超威"]}, None, "announced", "restrict")],
    ),
    # a company's own board approving its capital spending is no regulation
    (
        "Samsung Electronics said its board approved a plan to invest 4 trillion won to expand "
        "a chip packaging line in Cheonan.",
        "en",
        [("investment", {"investor": ["Samsung"]}, "4e12", "announced", None)],
    ),
    (
        "Samsung will pour about 2 trillion won into a new HBM packaging plant in Pyeongtaek.",
        "en",
        [("investment", {"investor": ["Samsung"]}, "2e12", "planned", None)],
    ),
    (
        "Intel said it will invest an estimated $2 billion to build a packaging plant in Ohio.",
        "en",
        [("investment", {"investor": ["Intel"]}, "2e9", "planned", None)],
    ),
    # a forecast of market spending is nobody's investment
    (
        "One research firm projected that spending on AI data centers by Meta and its peers "
        "would reach $900 billion a year by 2030.",
        "en",
        [],
    ),
    # a round named as a noun, and money poured into a company
    (
        "Groq's latest fundraising of $500 million, led by BlackRock, values the chip startup "
        "at $5 billion.",
        "en",
        [
            (
                "funding",
                {"investee": ["Groq"], "investors": ["BlackRock"]},
                "500e6",
                "announced",
                None,
            )
        ],
    ),
    (
        "Investors poured another $400 million into Anthropic this week in a round led by "
        "BlackRock.",
        "en",
        [
            (
                "funding",
                {"investee": ["Anthropic"], "investors": ["BlackRock"]},
                "400e6",
                "announced",
                None,
            )
        ],
    ),
    # IPO proceeds are the listing's, not a funding round
    (
        "Moore Threads raised 8 billion yuan when it listed on Shanghai's STAR Market on Friday.",
        "en",
        [("listing", {"issuer": ["Moore"]}, "8e9", "announced", None)],
    ),
    # buying products is an order; spending the proceeds on servers is neither
    (
        "Xiaomi has agreed to buy AI accelerator cards worth 300 million yuan from Horizon "
        "Robotics.",
        "en",
        [("order", {"buyer": ["Xiaomi"], "supplier": ["Horizon"]}, "300e6", "announced", None)],
    ),
    (
        "Broadcom said Anthropic is the customer behind $10 billion of orders for custom "
        "accelerator racks.",
        "en",
        [("order", {"buyer": ["Anthropic"], "supplier": ["Broadcom"]}, "10e9", "announced", None)],
    ),
    (
        "Groq raised $120 million in a Series B round and will use the money to buy servers "
        "for its cloud.",
        "en",
        [("funding", {"investee": ["Groq"], "investors": []}, "120e6", "announced", None)],
    ),
    # X向Y采购: Y supplies; X将向其采购: the announcer supplies
    (
        "中科曙光近日向芯片公司海光信息采购一批AI加速卡，合同金额约3亿元。",
        "zh",
        [("order", {"buyer": ["曙光"], "supplier": ["海光"]}, "3e8", "announced", None)],
    ),
    (
        "海光信息宣布与中科曙光签订新一批合同，中科曙光将向其采购训练模组，合同金额5亿元。",
        "zh",
        [("order", {"buyer": ["曙光"], "supplier": ["海光"]}, "5e8", "announced", None)],
    ),
    # "这家…公司" is the company just named; a 周刊 is no company
    (
        "本周最受关注的芯片融资来自清微智能。这家可重构计算芯片公司宣布完成C轮融资，金额为20亿元。",
        "zh",
        [("funding", {"investee": ["清微智能"], "investors": []}, "2e9", "completed", None)],
    ),
    # the city a plant is built with is no investor; a unit snapped up by a fund
    (
        "HEFEI - Hengchuan Semiconductor has signed an agreement with the city of Hefei to build "
        "a 12-inch fab with total investment of 12 billion yuan.",
        "en",
        [("investment", {"investor": ["Hengchuan"]}, "12e9", "announced", None)],
    ),
    (
        "Under a five-year, $900 million contract, Vantix Compute will provide computing "
        "capacity to Meta.",
        "en",
        [("order", {"buyer": ["Meta"], "supplier": ["Vantix"]}, "900e6", "announced", None)],
    ),
    # share buybacks are no acquisitions
    ("Broadcom said it would buy back up to $15 billion of its shares over two years.", "en", []),
    ("Intel bought back $4.2 billion of its stock in the quarter.", "en", []),
    # 拟募资 in a sentence about a prospectus or an IPO is the listing's proceeds
    (
        "据招股说明书，苏州恒芯微电子股份有限公司拟在科创板上市，计划募集资金8.5亿元。",
        "zh",
        [("listing", {"issuer": ["恒芯微"]}, "850e6", "planned", None)],
    ),
    (
        "上交所上市委审议通过了北京星河光电股份有限公司的IPO申请，该公司拟募资12亿元。",
        "zh",
        [("listing", {"issuer": ["星河光电"]}, "1.2e9", "announced", None)],
    ),
    (
        "深圳锐思半导体股份有限公司创业板IPO申请获受理，公司计划募资7亿元，投向芯片研发。",
        "zh",
        [("listing", {"issuer": ["锐思半导体"]}, "700e6", "announced", None)],
    ),
    (
        "另据了解，成都拓微电子日前已向北交所递交招股说明书，拟募资3.6亿元。",
        "zh",
        [("listing", {"issuer": ["拓微电子"]}, "360e6", "announced", None)],
    ),
    (
        "据招股书，宁波瑞科新材拟在深交所主板上市，计划募资9亿元；该公司主营高分子材料。",
        "zh",
        [("listing", {"issuer": ["瑞科新材"]}, "900e6", "planned", None)],
    ),
    # the short name of a listing company met earlier is the same listing
    (
        "证监会同意常州恒达精密股份有限公司首次公开发行股票并在创业板上市的注册申请。"
        "据招股书，恒达精密计划募资5.5亿元。",
        "zh",
        [("listing", {"issuer": ["恒达精密"]}, "550e6", "announced", None)],
    ),
    # a round's or a placement's 募集资金 stays funding
    (
        "芯驰科技完成5亿元B轮融资，募集资金将用于车规芯片研发。",
        "zh",
        [("funding", {"investee": ["芯驰"], "investors": []}, "500e6", "completed", None)],
    ),
    (
        "湖南锂科股份有限公司向特定对象发行股票已完成，募集资金总额约10亿元。",
        "zh",
        [("funding", {"investee": ["锂科"], "investors": []}, "1e9", "completed", None)],
    ),
    # 自筹资金 is where a project's money comes from, no funding round
    (
        "宏图精工表示，新基地计划总投资6亿元，资金来源为公司自筹资金。",
        "zh",
        [("investment", {"investor": ["宏图精工"]}, "600e6", "planned", None)],
    ),
    (
        "同日，恒川电子还披露，公司新建功率器件项目计划投资约8亿元，资金来源为自有及自筹资金。",
        "zh",
        [("investment", {"investor": ["恒川电子"]}, "800e6", "planned", None)],
    ),
    # a contract weighed against the announcer's revenue is a sale, 采购合同 or not
    (
        "北京华卓精科科技股份有限公司(简称“华卓精科”)晚间公告，公司近日与合肥晶合集成电路股份有限公司"
        "签订了多份光刻机工件台采购合同，合同金额合计约3.15亿元，约占公司2024年度经审计营业收入的31.2%。",
        "zh",
        [("order", {"buyer": ["晶合"], "supplier": ["华卓精科"]}, "315e6", "announced", None)],
    ),
    # without that, the one who signs a 采购合同 buys
    (
        "中国东方航空股份有限公司公告，公司与中国商用飞机有限责任公司签订飞机采购合同，采购100架C919飞机。",
        "zh",
        [("order", {"buyer": ["东方航空"], "supplier": ["中国商用飞机"]}, None, "announced", None)],
    ),
    (
        "浙江晶盛机电股份有限公司公告，公司与天合光能股份有限公司签订单晶炉销售合同，合同总金额约5.6亿元。",
        "zh",
        [("order", {"buyer": ["天合光能"], "supplier": ["晶盛机电"]}, "560e6", "announced", None)],
    ),
    # 中标: who issued the notice or ran the tender buys; 中标金额合计 is the order's size
    (
        "深圳科陆电子科技股份有限公司公告，公司近日收到南方电网有限责任公司发出的中标通知书，"
        "中标金额合计约2.36亿元。",
        "zh",
        [("order", {"buyer": ["南方电网"], "supplier": ["科陆电子"]}, "236e6", "announced", None)],
    ),
    (
        "上海新阳半导体材料股份有限公司公告，公司在华润微电子有限公司12英寸产线扩产项目招标中中标，"
        "中标金额约8600万元。",
        "zh",
        [("order", {"buyer": ["华润微"], "supplier": ["新阳"]}, "86e6", "announced", None)],
    ),
    # 定点通知: a carmaker's nomination of a supplier, sized by lifetime sales
    (
        "宁波旭升汽车技术股份有限公司公告，公司近期收到国内某新能源车企的定点通知，"
        "将为其供应一体化压铸件，预计生命周期总销售金额约24亿元。",
        "zh",
        [("order", {"buyer": [], "supplier": ["旭升"]}, "2.4e9", "announced", None)],
    ),
    # X承诺向公司采购: X buys from the announcer
    (
        "杭州长川科技股份有限公司公告，公司与华天科技签署战略合作协议，"
        "华天科技承诺未来两年向公司采购不少于300台测试分选机。",
        "zh",
        [("order", {"buyer": ["华天"], "supplier": ["长川"]}, None, "announced", None)],
    ),
    # 获配: a subscriber of the placement just reported, not a round of its own
    (
        "江苏恒立液压股份有限公司公告，公司向特定对象发行股票已完成，募集资金总额约18亿元。"
        "本次发行共有9名投资者获配，其中，小米旗下北京小米智造股权投资基金合伙企业获配约3亿元，为第一大认购方。",
        "zh",
        [
            (
                "funding",
                {"investee": ["恒立液压"], "investors": ["小米"]},
                "1.8e9",
                "completed",
                None,
            )
        ],
    ),
    (
        "湖北万润新能源科技股份有限公司宣布，公司定增已完成，募集资金总额约12亿元。"
        "本次定增中，高瓴创投旗下珠海高瓴股权投资有限公司获配约2亿元。",
        "zh",
        [("funding", {"investee": ["万润"], "investors": ["高瓴"]}, "1.2e9", "completed", None)],
    ),
    # "the startup" is the company last described as one, not the buyer named last
    (
        "Qualcomm agreed to acquire Lumenwave, a startup that builds optical interconnects for "
        "data centers, for about $800 million. The startup raised $95 million in a Series B "
        "round last year led by Sequoia Capital.",
        "en",
        [
            (
                "acquisition",
                {"acquirer": ["Qualcomm"], "target": ["Lumenwave"]},
                "8e8",
                "announced",
                None,
            ),
            (
                "funding",
                {"investee": ["Lumenwave"], "investors": ["Sequoia"]},
                "9.5e7",
                "announced",
                None,
            ),
        ],
    ),
    (
        "英伟达宣布收购初创公司芯途微电子。这家初创公司去年完成了由红杉中国领投的2亿元B轮融资。",
        "zh",
        [
            (
                "acquisition",
                {"acquirer": ["英伟达"], "target": ["芯途微"]},
                None,
                "announced",
                None,
            ),
            ("funding", {"investee": ["芯途微"], "investors": ["红杉"]}, "2e8", "completed", None),
        ],
    ),
    # "it agreed to give X … won" after a sentence about a government: a subsidy
    (
        "South Korea's government has been backing domestic chip projects. Last year it agreed "
        "to give Samsung Electronics up to 80 billion won for a new packaging line.",
        "en",
        [("regulation", {"affected": ["Samsung"]}, "8e10", "announced", "subsidize")],
    ),
    (
        "The German government has also supported other fabs. In 2022 it agreed to give "
        "Intel about 1 billion euros for its Magdeburg plant.",
        "en",
        [("regulation", {"affected": ["Intel"]}, "1e9", "announced", "subsidize")],
    ),
    # Entity List additions named after "including"/包括, city-prefixed names too
    (
        "The U.S. Commerce Department on Monday added 12 Chinese entities to its Entity List, "
        "including Beijing Corelink Microelectronics and Shenzhen Lianyun Semiconductor.",
        "en",
        [("regulation", {"affected": ["Corelink", "Lianyun"]}, None, "announced", "sanction")],
    ),
    (
        "美国商务部周二将27家中国实体列入实体清单，包括北京芯联微电子有限公司和上海锐思半导体有限公司。",
        "zh",
        [("regulation", {"affected": ["芯联微", "锐思"]}, None, "announced", "sanction")],
    ),
    # what an IPO's proceeds pay for (扩产) is no investment of its own
    (
        "苏州晶拓半导体股份有限公司科创板IPO获受理，公司拟募资3.2亿元，用于扩产项目及研发中心建设。",
        "zh",
        [("listing", {"issuer": ["晶拓"]}, "3.2e8", "announced", None)],
    ),
    (
        "深圳华芯微电子股份有限公司创业板首发申请获受理，拟募集资金8亿元，"
        "其中5亿元用于12英寸晶圆扩产项目。",
        "zh",
        [("listing", {"issuer": ["华芯微"]}, "8e8", "planned", None)],
    ),
    # a deal noun pointing back ("The deal builds on …") yields to the verb with the parties
    (
        "The deal builds on a push that started when AMD completed its purchase of Vectra "
        "Photonics, a maker of laser drivers, for $310 million in 2022.",
        "en",
        [
            (
                "acquisition",
                {"acquirer": ["AMD"], "target": ["Vectra"]},
                "3.1e8",
                "completed",
                None,
            )
        ],
    ),
    (
        "This acquisition follows a pattern: Broadcom closed its $5.9 billion takeover of Altium.",
        "en",
        [
            (
                "acquisition",
                {"acquirer": ["Broadcom"], "target": ["Altium"]},
                "5.9e9",
                "completed",
                None,
            )
        ],
    ),
    # X被Y收入囊中; 购买X(简称…)100%股权
    (
        "另外，荷兰光刻软件公司Brightline Metrology被英伟达收入囊中，交易金额约3.5亿元。",
        "zh",
        [
            (
                "acquisition",
                {"acquirer": ["英伟达"], "target": ["Brightline"]},
                "3.5e8",
                "announced",
                None,
            )
        ],
    ),
    (
        "晚间，华天电子股份有限公司(简称“华天电子”)公告，公司决定终止筹划以发行股份及支付现金方式"
        "购买无锡恒芯半导体有限公司(简称“恒芯半导体”)100%股权事项。",
        "zh",
        [("acquisition", {"acquirer": ["华天电子"], "target": ["恒芯"]}, None, "terminated", None)],
    ),
    # 控股股东将其持有的公司股份转让给Y: Y buys the announcing company
    (
        "12月3日晚间，停牌的金盘科技发布公告，公司控股股东张明与苏州工业园区国有资本投资有限公司"
        "(下称“苏州国投”)签署《股份转让协议》，将其持有的公司8000万股股份以协议转让方式转让给"
        "苏州国投，转让价格为每股9.5元，转让总价款约7.6亿元。",
        "zh",
        [
            (
                "acquisition",
                {"acquirer": ["苏州国投"], "target": ["金盘"]},
                "7.6e8",
                "announced",
                None,
            )
        ],
    ),
    # a control deal called off, then told with its majority stake and price: one deal
    (
        "同日，浙江晨光材料股份有限公司(简称“晨光材料”)宣布终止筹划收购芯锐微控制权。"
        "按照此前的意向，晨光材料原计划以现金约4亿元收购芯锐微60%股权。",
        "zh",
        [("acquisition", {"acquirer": ["晨光"], "target": ["芯锐微"]}, "4e8", "terminated", None)],
    ),
    # a fund named first leads; the company that completed the round raises
    (
        "深创投基金领投，芯驰半导体完成3亿元B轮融资。",
        "zh",
        [("funding", {"investee": ["芯驰"], "investors": ["深创投"]}, "3e8", "completed", None)],
    ),
    (
        "此外，海光信息参股的上海芯联智能科技有限公司于本月初完成A轮融资，"
        "海光信息与两家市场化基金共同出资，融资金额未披露。",
        "zh",
        [("funding", {"investee": ["芯联智能"], "investors": ["海光"]}, None, "completed", None)],
    ),
    (
        "Walden Catalyst Ventures led a $40 million Series A round in Lumicore, a photonic chip "
        "startup.",
        "en",
        [
            (
                "funding",
                {"investee": ["Lumicore"], "investors": ["Walden"]},
                "4e7",
                "announced",
                None,
            )
        ],
    ),
]


@pytest.mark.parametrize(("text", "lang", "expected"), MULTI_CASES)
def test_events_of_an_article(
    registry: CompanyRegistry, text: str, lang: str, expected: list[Expected]
) -> None:
    assert_exactly(extract(_article(text, lang), registry), expected)


CARRY_CASES = [
    (
        "On March 4, Intel agreed to buy Kestrel Micro for $300 million. "
        "Intel also agreed to acquire Pellion Devices for $80 million.",
        "en",
        date(2025, 3, 4),
    ),
    (
        "On March 4, Intel agreed to buy Kestrel Micro for $300 million. "
        "In 2021, Intel agreed to acquire Pellion Devices for $80 million.",
        "en",
        None,
    ),
]


@pytest.mark.parametrize(("text", "lang", "second"), CARRY_CASES)
def test_also_sentence_inherits_date(
    registry: CompanyRegistry, text: str, lang: str, second: date | None
) -> None:
    events = extract(_article(text, lang), registry)
    assert [e.date for e in events][:1] == [date(2025, 3, 4)]
    assert len(events) == 2
    assert events[1].date == second or (second is None and events[1].date != date(2025, 3, 4))


@pytest.mark.parametrize(
    ("found", "name"),
    [
        ("of Corvane Semiconductor Inc.", "Corvane Semiconductor Inc."),
        ("by the Acme Photonics", "Acme Photonics"),
        ("Quantis Power's GaN", "Quantis Power"),
        ("Halvern Devices’s unit", "Halvern Devices"),
        ("The Trade Desk", "The Trade Desk"),  # a capital The may be the name
        ("Lumicore", "Lumicore"),
    ],
)
def test_discovered_english_names_lose_function_words_and_possessives(
    found: str, name: str
) -> None:
    from extractors.clauses import _clean_name

    start, end = _clean_name(found)
    assert found[start:end] == name

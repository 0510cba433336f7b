"""Tests for extractors.companies (matching, lookup, discovery) and pipeline.registry."""

from __future__ import annotations

import itertools
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import companies
from extractors.companies import CompanyRegistry, discover_companies, name_key
from extractors.text import ascii_lower, is_han, normalize
from pipeline.errors import ConfigError
from pipeline.registry import load_registry

FIXTURE = """
[[company]]
key = "arm"
name = "Arm"
zh = ["安谋"]
aliases = ["Arm Holdings", "Arm Holdings plc", "Arm Ltd."]
tickers = ["NASDAQ:ARM"]
strict = ["Arm"]
kind = "company"

[[company]]
key = "intel"
name = "Intel"
zh = ["英特尔", "英特爾"]
aliases = ["Intel Corp.", "Intel Corporation"]
tickers = ["NASDAQ:INTC"]

[[company]]
key = "intel-capital"
name = "Intel Capital"
zh = ["英特尔资本"]
kind = "investor"
parent = "intel"

[[company]]
key = "amd"
name = "Advanced Micro Devices"
zh = ["超威", "超威半导体"]
aliases = ["AMD"]
tickers = ["NASDAQ:AMD"]

[[company]]
key = "verisilicon"
name = "VeriSilicon"
zh = ["芯原股份", "芯原"]
tickers = ["SSE:688521"]

[[company]]
key = "smic"
name = "SMIC"
zh = ["中芯国际", "中芯國際"]
aliases = ["Semiconductor Manufacturing International Corp."]
tickers = ["HKEX:0981", "SSE:688981"]

[[company]]
key = "united-nova"
name = "United Nova Technology"
zh = ["中芯集成"]

[[company]]
key = "tsmc"
name = "TSMC"
zh = ["台积电", "台積電", "台湾积体电路制造"]
aliases = ["Taiwan Semiconductor Manufacturing Co."]
tickers = ["TWSE:2330", "NYSE:TSM"]

[[company]]
key = "nvidia"
name = "NVIDIA"
zh = ["英伟达", "輝達", "辉达"]
aliases = ["Nvidia", "Nvidia Corp."]
tickers = ["NASDAQ:NVDA"]

[[company]]
key = "horizon"
name = "Horizon Robotics"
zh = ["地平线", "地平线机器人"]
tickers = ["HKEX:9660"]

[[company]]
key = "meta"
name = "Meta Platforms"
aliases = ["Meta"]
former = ["Facebook"]
strict = ["Meta"]

[[company]]
key = "ti"
name = "Texas Instruments"
aliases = ["TI"]
strict = ["TI"]

[[company]]
key = "applied"
name = "Applied Materials"
aliases = ["Applied"]
strict = ["Applied"]

[[company]]
key = "samsung"
name = "Samsung Electronics"
zh = ["三星电子", "三星"]
aliases = ["Samsung"]

[[company]]
key = "samsung-em"
name = "Samsung Electro-Mechanics"
zh = ["三星电机"]
parent = "samsung"

[[company]]
key = "moore-threads"
name = "Moore Threads"
zh = ["摩尔线程"]

[[company]]
key = "xiaomi"
name = "Xiaomi"
zh = ["小米"]
kind = "company"

[[authority]]
key = "csrc"
name = "China Securities Regulatory Commission"
zh = ["证监会", "中国证监会"]
aliases = ["CSRC"]

[[authority]]
key = "hk-sfc"
name = "Securities and Futures Commission"
zh = ["證監會"]
aliases = ["SFC"]
"""
_DATA = tomllib.loads(FIXTURE)
REGISTRY = CompanyRegistry.from_records(_DATA["company"], _DATA["authority"])


def _keys(text: str) -> list[tuple[str, str]]:
    return [(m.company.key, m.surface) for m in REGISTRY.find(text)]


MATCH_CASES: list[tuple[str, list[tuple[str, str]]]] = [
    # strict names: exact case only
    ("Arm jumped 25% in its debut", [("arm", "Arm")]),
    ("the robot arm moved", []),
    ("ARM shares", []),
    ("Shares of Arm Holdings rose", [("arm", "Arm Holdings")]),
    ("shares of arm holdings rose", [("arm", "arm holdings")]),
    ("Arm Holdings plc filed", [("arm", "Arm Holdings plc")]),
    ("Armor and Armstrong", []),
    ("Meta bought Rivos", [("meta", "Meta")]),
    ("a meta-analysis of chips", []),
    ("Metaverse spending", []),
    ("formerly Facebook", [("meta", "Facebook")]),
    ("TI raised prices", [("ti", "TI")]),
    ("the ti of it", []),
    ("Applied rose 3%", [("applied", "Applied")]),
    ("rules applied to exports", []),
    # word boundaries for Latin names
    ("AMD and Nvidia", [("amd", "AMD"), ("nvidia", "Nvidia")]),
    ("AMDX is not AMD", [("amd", "AMD")]),
    ("xAMD", []),
    ("amd in lower case", []),
    ("NVIDIA's H20", [("nvidia", "NVIDIA")]),
    ("nvidia-backed startups", [("nvidia", "nvidia")]),
    ("Nvidiaesque", []),
    ("Intelligence agencies", []),
    ("Intel Corp. said", [("intel", "Intel Corp.")]),
    ("Intel Corporation said", [("intel", "Intel Corporation")]),
    ("Advanced Micro Devices, Inc.", [("amd", "Advanced Micro Devices")]),
    # longest match wins
    ("Intel Capital led the round", [("intel-capital", "Intel Capital")]),
    ("Intel and Intel Capital", [("intel", "Intel"), ("intel-capital", "Intel Capital")]),
    ("英特尔资本领投", [("intel-capital", "英特尔资本")]),
    ("英特尔资本和英特尔", [("intel-capital", "英特尔资本"), ("intel", "英特尔")]),
    ("芯原股份发布公告", [("verisilicon", "芯原股份")]),
    ("芯原发布公告", [("verisilicon", "芯原")]),
    ("芯原股份与芯原", [("verisilicon", "芯原股份"), ("verisilicon", "芯原")]),
    ("中芯国际扩产", [("smic", "中芯国际")]),
    ("中芯集成上市", [("united-nova", "中芯集成")]),
    ("中芯国际与中芯集成", [("smic", "中芯国际"), ("united-nova", "中芯集成")]),
    ("三星电机获得订单", [("samsung-em", "三星电机")]),
    ("三星电子和三星", [("samsung", "三星电子"), ("samsung", "三星")]),
    ("地平线机器人配股", [("horizon", "地平线机器人")]),
    ("超威半导体", [("amd", "超威半导体")]),
    (
        "Taiwan Semiconductor Manufacturing Co. reported",
        [("tsmc", "Taiwan Semiconductor Manufacturing Co.")],
    ),
    # Chinese inside mixed text needs no boundary
    ("英伟达(NVIDIA)和AMD已同意", [("nvidia", "英伟达"), ("nvidia", "NVIDIA"), ("amd", "AMD")]),
    ("摩尔线程今日上市", [("moore-threads", "摩尔线程")]),
    ("小米集团领投", [("xiaomi", "小米")]),
    # traditional Chinese
    ("台積電董事會", [("tsmc", "台積電")]),
    ("輝達與英特爾", [("nvidia", "輝達"), ("intel", "英特爾")]),
    ("中芯國際", [("smic", "中芯國際")]),
    ("台灣積體電路製造股份有限公司", [("tsmc", "台灣積體電路製造")]),
    # full-width forms
    ("ＡＭＤ与英伟达", [("amd", "ＡＭＤ"), ("nvidia", "英伟达")]),
    ("Ａｒｍ发布", [("arm", "Ａｒｍ")]),
    ("ａｒｍ发布", []),
    # tickers
    ("NVIDIA (NASDAQ: NVDA) rose", [("nvidia", "NVIDIA"), ("nvidia", "NASDAQ: NVDA")]),
    ("listed as NASDAQ:INTC", [("intel", "NASDAQ:INTC")]),
    ("Nasdaq: NVDA", [("nvidia", "Nasdaq: NVDA")]),
    ("nasdaq: nvda", []),
    ("the chipmaker (NVDA) rose", [("nvidia", "NVDA")]),
    ("（ＮＡＳＤＡＱ：ＩＮＴＣ）", [("intel", "ＮＡＳＤＡＱ：ＩＮＴＣ")]),
    ("芯原(688521.SH)公告", [("verisilicon", "芯原"), ("verisilicon", "688521.SH")]),
    ("中芯国际(0981.HK)", [("smic", "中芯国际"), ("smic", "0981.HK")]),
    ("地平线机器人(09660.HK)", [("horizon", "地平线机器人"), ("horizon", "09660.HK")]),
    ("地平线(9660.HK)", [("horizon", "地平线"), ("horizon", "9660.HK")]),
    ("股票代码(688981)", [("smic", "688981")]),
    ("1688521.SH is no ticker", []),
    (
        "TSMC (NYSE: TSM) and 2330.TW",
        [
            ("tsmc", "TSMC"),
            ("tsmc", "NYSE: TSM"),
            ("tsmc", "2330.TW"),
        ],
    ),
    ("NVDA alone is not a mention", []),
    # authorities: same folded name, two scripts, two bodies
    ("中国证监会同意注册", [("csrc", "中国证监会")]),
    ("證監會批准", [("hk-sfc", "證監會")]),
    ("证监会批准", [("csrc", "证监会")]),
    ("the CSRC approved", [("csrc", "CSRC")]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), MATCH_CASES)
def test_find(text: str, expected: list[tuple[str, str]]) -> None:
    mentions = REGISTRY.find(text)
    assert [(m.company.key, m.surface) for m in mentions] == expected
    for m in mentions:
        assert text[m.start : m.end] == m.surface
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))


def test_find_on_normalized_text_gives_the_same_offsets() -> None:
    text = "台積電（ＮＹＳＥ：ＴＳＭ）與輝達"
    raw = [(m.company.key, m.start, m.end) for m in REGISTRY.find(text)]
    norm = [(m.company.key, m.start, m.end) for m in REGISTRY.find(normalize(text))]
    assert raw == norm == [("tsmc", 0, 3), ("tsmc", 4, 12), ("nvidia", 14, 16)]


def test_registry_accessors() -> None:
    assert REGISTRY.get("intel-capital") is not None
    assert REGISTRY.get("intel-capital").kind == "investor"  # type: ignore[union-attr]
    assert REGISTRY.get("nope") is None
    assert {c.key for c in REGISTRY.authorities()} == {"csrc", "hk-sfc"}
    assert all(c.kind == "government" for c in REGISTRY.authorities())
    assert len(REGISTRY.companies) == len(_DATA["company"]) + len(_DATA["authority"])
    assert REGISTRY.parent("intel-capital").key == "intel"  # type: ignore[union-attr]
    assert REGISTRY.parent("intel") is None
    arm = REGISTRY.get("arm")
    assert arm is not None
    assert arm.names_zh == ("安谋",) and "Arm Holdings" in arm.aliases
    assert arm.tickers == ("NASDAQ:ARM",)


LOOKUP_CASES = [
    ("Intel", "intel"),
    ("intel corporation", "intel"),
    ("Intel Corp", "intel"),
    ("INTEL, INC.", "intel"),
    ("Arm Ltd", "arm"),
    ("arm holdings PLC", "arm"),
    ("Advanced Micro Devices Inc.", "amd"),
    ("芯原股份", "verisilicon"),
    ("芯原微电子(上海)股份有限公司", "verisilicon"),
    ("中芯國際", "smic"),
    ("中芯国际集成电路制造有限公司", "smic"),
    ("摩尔线程智能科技(北京)股份有限公司", "moore-threads"),
    ("小米集团", "xiaomi"),
    ("小米公司", "xiaomi"),
    ("台湾积体电路制造股份有限公司", "tsmc"),
    ("ＴＳＭＣ", "tsmc"),
    ("Samsung Electronics Co., Ltd.", "samsung"),
    ("NVDA", "nvidia"),
    ("Intel Capital", "intel-capital"),
    ("Groq", None),
    ("昉擎科技", None),
    ("", None),
]


@pytest.mark.parametrize(("name", "key"), LOOKUP_CASES)
def test_lookup(name: str, key: str | None) -> None:
    found = REGISTRY.lookup(name)
    assert (found.key if found else None) == key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nvidia Corp.", "NVIDIA"),
        ("Groq Inc.", "groq"),
        ("上海昉擎科技有限公司", "上海昉擎科技"),
        ("Samsung Electronics Co., Ltd.", "samsung electronics"),
        ("d-Matrix", "D Matrix"),
    ],
)
def test_name_key_ignores_case_space_and_legal_form(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


# Discovery: (text, names expected new or resolved, names that must not appear).
DISCOVERY_CASES: list[tuple[str, set[str], set[str]]] = [
    # Chinese: suffix names before a deal verb, descriptors and places stripped
    ("上海AI芯片初创企业昉擎科技完成天使轮融资", {"昉擎科技"}, {"上海AI芯片初创企业昉擎科技"}),
    ("深圳鲲云科技宣布完成新一轮融资", {"鲲云科技"}, set()),
    ("芯片设计公司芯动科技获得数亿元投资", {"芯动科技"}, set()),
    ("杭州鸿钧微电子就拿下近8亿元Pre-A轮融资", {"鸿钧微电子"}, {"杭州鸿钧微电子就"}),
    ("比亚迪半导体拟分拆上市", {"比亚迪半导体"}, set()),
    # legal names, with (place) and (下称) aliases
    ("合肥溯光微电子科技有限公司宣布完成融资", {"合肥溯光微电子科技有限公司"}, set()),
    (
        "被称为国产GPU第一股的象帝先计算技术(重庆)有限公司今日上市",
        {"象帝先计算技术(重庆)有限公司"},
        set(),
    ),
    (
        "上海昉擎科技有限公司(下称“昉擎科技”)昨日宣布",
        {"上海昉擎科技有限公司", "昉擎科技"},
        {"昨日"},
    ),
    # bare names in financing patterns and investor lists
    ("华业天成完成新一轮融资", {"华业天成"}, set()),
    (
        "本轮由临港科创投领投，华业天成、高捷资本等机构联合投资",
        {"临港科创投", "华业天成", "高捷资本"},
        set(),
    ),
    ("天使轮由蔚来资本领投，明势资本跟投", {"蔚来资本", "明势资本"}, set()),
    ("投资方包括红杉中国、经纬创投和老股东", {"红杉中国", "经纬创投"}, {"老股东"}),
    ("股东包括腾讯及吉利等", {"腾讯", "吉利"}, set()),
    (
        "由华登国际、鼎晖VGC联合领投，多家芯片产业方跟投",
        {"华登国际", "鼎晖VGC"},
        {"多家芯片产业方"},
    ),
    ("华大九天拟收购芯和半导体的全部股权", {"芯和半导体"}, {"芯和半导体的全部股权"}),
    ("“芯擎科技”获得投资", {"芯擎科技"}, set()),
    # resolved against the registry rather than invented (see the test below)
    ("Veri Silicon Inc. raised $5 million.", {"Veri Silicon Inc."}, set()),
    ("由小米集团领投", {"小米"}, {"小米集团"}),  # the registry name inside wins
    # Chinese negatives
    ("国产芯片已实现量产", set(), {"国产芯片"}),
    ("先进封装技术已成为行业热点", set(), {"先进封装技术"}),
    ("人工智能已广泛应用", set(), {"人工智能"}),
    ("今年以来，半导体行业完成融资超过300笔", set(), {"半导体行业"}),
    ("公司先后完成天使轮、A轮融资", set(), {"先后", "公司"}),
    ("该公司表示，本轮融资将用于研发", set(), {"该公司"}),
    ("“卡脖子技术”仍是焦点", set(), {"卡脖子技术"}),
    ("此次交易完成后，公司将持有标的公司100%股权", set(), set()),
    # English: legal suffix, apposition, "which", role noun, raised $, investor lists
    ("Cerebras Systems Inc. filed for an IPO.", {"Cerebras Systems Inc."}, set()),
    ("Lightmatter, a Boston-based photonics startup, raised money.", {"Lightmatter"}, set()),
    ("Groq, the inference-chip company that lost its founder, said", {"Groq"}, set()),
    ("Celestial AI, which develops optical interconnects, grew.", {"Celestial AI"}, set()),
    ("Silicon Valley startup Etched raised $120 million.", {"Etched"}, {"Silicon Valley"}),
    ("Chipmaker Ampere Computing said it agreed to be sold.", {"Ampere Computing"}, set()),
    ("Tenstorrent raised $693 million.", {"Tenstorrent"}, set()),
    (
        "The round was led by Sequoia Capital, with participation from Lightspeed and "
        "General Catalyst.",
        {"Sequoia Capital", "Lightspeed", "General Catalyst"},
        set(),
    ),
    (
        "The round was led by Disruptive, the Dallas growth investor.",
        {"Disruptive"},
        {"Dallas"},
    ),
    (
        "Investors including Fidelity and BlackRock joined the round.",
        {"Fidelity", "BlackRock"},
        set(),
    ),
    ("Japan's Rapidus Corp. received a subsidy.", {"Rapidus Corp."}, {"Japan's Rapidus Corp."}),
    (
        "It is owned by Abu Dhabi's Mubadala Investment Co., a fund.",
        {"Mubadala Investment Co."},
        set(),
    ),
    ("Intel Corp. said.", {"Intel Corp."}, set()),  # a registry name already matched: not new
    # a legal name after a verb keeps its place: the full legal name is one name
    (
        "公司拟以现金方式收购浙江明川精密机械有限公司60%股权",
        {"浙江明川精密机械有限公司"},
        {"明川精密机械有限公司", "现金方式收购浙江明川精密机械有限公司"},
    ),
    ("董事会同意受让安徽禾泰新材料股份有限公司的股份", {"安徽禾泰新材料股份有限公司"}, set()),
    ("公司拟购买成都云岫光电科技有限公司100%股权", {"成都云岫光电科技有限公司"}, set()),
    (
        "公司近日收到南方电网有限公司发出的中标通知书",
        {"南方电网有限公司"},
        {"收到南方电网有限公司"},
    ),
    (
        "另有苏州恒景精工股份有限公司因撤回申请终止审核",
        {"苏州恒景精工股份有限公司"},
        {"另有苏州恒景精工股份有限公司"},
    ),
    (
        "证监会同意宁波澜海生物科技股份有限公司首次公开发行股票的注册申请",
        {"宁波澜海生物科技股份有限公司"},
        {"同意宁波澜海生物科技股份有限公司"},
    ),
    # a role word or descriptor before the name is not part of it
    (
        "功率器件研发商无锡启澜半导体有限公司宣布完成融资",
        {"无锡启澜半导体有限公司"},
        {"功率器件研发商无锡启澜半导体有限公司"},
    ),
    (
        "连锁餐饮品牌的运营方青禾餐饮管理股份有限公司今日上市",
        {"青禾餐饮管理股份有限公司"},
        {"运营方青禾餐饮管理股份有限公司"},
    ),
    (
        "公司控股股东山东鲁川控股集团有限公司承诺认购",
        {"山东鲁川控股集团有限公司"},
        {"控股股东山东鲁川控股集团有限公司"},
    ),
    (
        "头部GPU企业正洽谈收购杭州存储控制器公司澜芯科技",
        {"澜芯科技"},
        {"杭州存储控制器公司澜芯科技"},
    ),
    (
        "公司拟收购母公司持有的深圳澜望智能技术有限公司10%股权",
        {"深圳澜望智能技术有限公司"},
        {"的深圳澜望智能技术有限公司"},
    ),
    ("豪威拟收购激光雷达企业禾曜光电的控股权", {"禾曜光电"}, {"激光雷达企业禾曜光电"}),
    # a name does not start inside a word (其|中, 以|及, 新|创)
    (
        "其中无锡华拓微电子有限公司出资5000万元",
        {"无锡华拓微电子有限公司"},
        {"中无锡华拓微电子有限公司"},
    ),
    ("以及苏州芯岳科技有限公司宣布跟投", {"苏州芯岳科技有限公司"}, {"及苏州芯岳科技有限公司"}),
    (
        "AI芯片新创晶澈智算股份有限公司宣布完成A轮融资",
        {"晶澈智算股份有限公司"},
        {"创晶澈智算股份有限公司"},
    ),
    # an adverb or a span of time after the name is not part of it
    ("这是曜川光电18个月内完成的第三轮融资", {"曜川光电"}, {"曜川光电18个月内"}),
    ("去年9月，锐芯微刚完成1.5亿元A+轮融资", {"锐芯微"}, {"锐芯微刚"}),
    ("星瀚微先前完成数千万元天使轮融资", {"星瀚微"}, {"星瀚微先前"}),
    ("灵犀半导体曾经获得国投创业的投资", {"灵犀半导体"}, {"灵犀半导体曾经"}),
    # shares, time words and products are no company
    ("控股股东所持股份已全部被司法冻结", set(), {"所持股份"}),
    ("新增股份已于11月18日办理完毕登记托管手续", set(), {"新增股份"}),
    ("限售股份已于12月1日上市流通", set(), {"限售股份"}),
    (
        "上海睿川医疗科技有限公司于本月初完成B轮融资",
        {"上海睿川医疗科技有限公司"},
        {"本月初"},
    ),
    ("据悉，公司的电源管理芯片已进入多家车企供应链", set(), {"电源管理芯片"}),
    ("公司第二代推理芯片已完成流片", set(), {"第二代推理芯片"}),
    ("这家可重构计算芯片公司宣布完成C轮融资", set(), {"这家可重构计算芯片公司"}),
    # general-finance names: 精工, 电气, 生物 end a name as 科技 does
    ("同为激光设备企业的武汉光谷精工日前已向北交所递交招股说明书", {"光谷精工"}, set()),
    ("华澜电气近日中标一批输变电设备采购项目", {"华澜电气"}, set()),
    ("康睿生物宣布完成新一轮融资", {"康睿生物"}, set()),
    # the short form of a legal name is the same company later in the text
    (
        "杭州云岫数据技术股份有限公司的科创板IPO申请获通过。云岫数据拟募资9.8亿元",
        {"杭州云岫数据技术股份有限公司", "云岫数据"},
        set(),
    ),
    (
        "广州瀚川微测科技股份有限公司获同意注册。瀚川微测是一家检测设备制造商",
        {"广州瀚川微测科技股份有限公司", "瀚川微测"},
        set(),
    ),
    # a name before its founder, a co-signer, a means of subscribing, a definition
    ("存算一体芯片公司澄算科技创始人向记者透露，公司正在融资", {"澄算科技"}, {"公司"}),
    ("岚峰半导体董事长在发布会上表示", {"岚峰半导体"}, set()),
    ("岚峰科技联合创始人表示", {"岚峰科技"}, {"岚峰科技联合"}),
    ("衡岳半导体与长江存储签署长期供货协议", {"衡岳半导体"}, set()),
    ("宁磨材料以现金方式参与认购", {"宁磨材料"}, set()),
    ("澈微测是一家检测设备制造商。", {"澈微测"}, set()),
    ("据悉，澜钛科技是一家功率半导体供应商，成立于2019年", {"澜钛科技"}, set()),
    ("公司创始人向记者透露，正在筹备新一轮融资", set(), {"公司"}),
    ("公司与客户签署了长期供货协议", set(), {"公司", "客户"}),
    ("上海与深圳签署战略合作备忘录", set(), {"上海"}),
    ("公司以自有资金参与认购", set(), {"公司"}),
    ("张伟是一家芯片公司的创始人", set(), {"张伟"}),
    ("深圳是一家制造业重镇，", set(), {"深圳"}),
    ("张伟曾是一家芯片公司。", set(), {"张伟"}),
    ("国内AI企业中有三家获得大基金投资", set(), {"中有三家"}),
    # a role phrase right before a name vouches for a name with no company ending
    ("Chiplet互连IP提供商峦联芯获得产业基金青睐", {"峦联芯"}, set()),
    ("苏州抛光液初创企业澈磨材料本月也拿下首批订单", {"澈磨材料"}, {"澈磨材料本月"}),
    ("芯片公司营收获得大幅增长", set(), {"营收"}),
    ("子公司峦联芯获得订单", set(), {"峦联芯"}),
    ("该公司今年获得多项专利", set(), {"今年"}),
    # financial houses co-subscribing a placement
    (
        "国元证券、澄德基金、财汇基金、江西省国有资本运营控股集团等亦参与认购",
        {"国元证券", "澄德基金", "财汇基金", "江西省国有资本运营控股集团"},
        set(),
    ),
    ("岚夏基金和澄信证券及澜商银行参与了本次认购", {"岚夏基金", "澄信证券", "澜商银行"}, set()),
    ("公司董事、高级管理人员参与认购", set(), {"公司董事", "高级管理人员"}),
    ("控股股东及实际控制人亦参与认购", set(), {"控股股东", "实际控制人"}),
    # English lists with no deal word before them
    (
        "China placed two American defense contractors, Halvor Aerospace and Sentrix "
        "Dynamics, on its list.",
        {"Halvor Aerospace", "Sentrix Dynamics"},
        set(),
    ),
    (
        "Accelion, Index Partners and Lightwave Ventures co-led the round.",
        {"Accelion", "Index Partners", "Lightwave Ventures"},
        set(),
    ),
    ("Northwind Capital led the $40 million Series B round.", {"Northwind Capital"}, set()),
    ("In March, Harbor Ventures led the round.", {"Harbor Ventures"}, {"March"}),
    ("Chief executive Jane Doe led the round.", set(), {"Jane Doe"}),
    (
        "Northwind Capital and Harbor Ventures also co-led the round.",
        {"Northwind Capital", "Harbor Ventures"},
        set(),
    ),
    ("Angel investors Jane Doe and Mark Lee led the round.", set(), {"Jane Doe", "Mark Lee"}),
    ("Its founders John Smith and Mary Jones led the round.", set(), {"John Smith"}),
    ("Banks in Europe and Asia joined the financing.", set(), {"Europe", "Asia"}),
    ("The firms said Monday they would merge.", set(), {"Monday"}),
    ("Chipmakers like Micron face a glut.", set(), set()),
    # English negatives
    ("Anthropic's Series F, which raised $13 billion, closed.", set(), {"Series F"}),
    ("The Federal Reserve held rates steady on Wednesday.", set(), {"The Federal Reserve"}),
    ("Chief executive Jensen Huang said demand was strong.", set(), {"Jensen Huang"}),
    ("Chief executive Jensen Huang raised $5 million for charity.", set(), {"Jensen Huang"}),
    ("In March, the company said it would cut jobs.", set(), {"March"}),
    ("On Monday, Washington imposed new export controls.", set(), {"Washington"}),
    ("A team led by Professor John Smith built the chip.", set(), {"John Smith"}),
    ("According to Bloomberg, the talks are at an early stage.", set(), set()),
    ("China, a key market for the company, bought more.", set(), {"China"}),
    ("Tan, the company's chief executive, spoke.", set(), {"Tan"}),
    ("The U.S. Commerce Department, the agency that issues licences, acted.", set(), set()),
]


@pytest.mark.parametrize(("text", "expected", "forbidden"), DISCOVERY_CASES)
def test_discover_companies(text: str, expected: set[str], forbidden: set[str]) -> None:
    norm = normalize(text)
    known = REGISTRY.find(norm)
    found = discover_companies(norm, known, REGISTRY)
    surfaces = {m.surface for m in found}
    known_surfaces = {m.surface for m in known}
    assert expected <= surfaces | known_surfaces, surfaces
    assert not (forbidden & surfaces), surfaces
    if not expected:
        assert not surfaces
    for m in found:
        assert norm[m.start : m.end] == m.surface
        assert all(m.end <= k.start or m.start >= k.end for k in known)


def test_discovered_company_identity() -> None:
    text = (
        "上海昉擎科技有限公司(下称“昉擎科技”)宣布完成融资。昉擎科技成立于2022年。"
        "Groq raised $1 million. Groq Inc. grew."
    )
    found = discover_companies(text, REGISTRY.find(text), REGISTRY)
    by_surface = {m.surface: m.company for m in found}
    legal = by_surface["上海昉擎科技有限公司"]
    assert legal.key == "new:昉擎科技" and legal.discovered
    assert by_surface["昉擎科技"] is legal
    assert [m.surface for m in found].count("昉擎科技") == 2  # later mentions follow
    assert by_surface["Groq"].key == by_surface["Groq Inc."].key == "new:groq"


def test_discovered_name_known_to_the_registry_resolves() -> None:
    text = "Veri Silicon Inc. raised $5 million."
    assert REGISTRY.find(text) == []
    found = discover_companies(text, [], REGISTRY)
    assert [(m.surface, m.company.key, m.company.discovered) for m in found] == [
        ("Veri Silicon Inc.", "verisilicon", False)
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("Arm 英特尔资本芯原股份領投、由,.()ＡＭＤ Inc. raised $1 a startup")
        )
        | st.characters()
    )
)
def test_find_and_discover_never_raise(text: str) -> None:
    known = REGISTRY.find(text)
    found = discover_companies(normalize(text), known, REGISTRY)
    for m in known + found:
        assert 0 <= m.start < m.end <= len(text)


ARTICLE = (
    "英伟达(NASDAQ: NVDA)周一表示，将与台積電扩大合作；Intel Capital领投了一家初创企业，"
    "Arm Holdings股价上涨。分析人士认为，三星电子和中芯国际(0981.HK)的产能扩张仍在继续，"
    "芯原股份与摩尔线程也在加快推出新产品。"
    "Nvidia and AMD said on Monday that Samsung would supply more memory chips next year, "
    "while Meta Platforms and Texas Instruments declined to comment on the report. "
) * 6


# --- pipeline.registry -------------------------------------------------------


def test_load_registry_reads_a_config_dir(tmp_path: Path) -> None:
    (tmp_path / "companies.toml").write_text(FIXTURE.split("[[authority]]")[0], encoding="utf-8")
    (tmp_path / "authorities.toml").write_text(
        '[[authority]]\nkey = "bis"\nname = "Bureau of Industry and Security"\naliases = ["BIS"]\n',
        encoding="utf-8",
    )
    registry = load_registry(tmp_path)
    assert registry is load_registry(tmp_path)  # cached per directory
    assert [m.company.key for m in registry.find("BIS and Intel Capital")] == [
        "bis",
        "intel-capital",
    ]
    assert [c.key for c in registry.authorities()] == ["bis"]


def test_load_registry_without_companies_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_registry(tmp_path)


def test_load_registry_rejects_a_record_without_key(tmp_path: Path) -> None:
    (tmp_path / "companies.toml").write_text('[[company]]\nname = "X"\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        load_registry(tmp_path)


REAL_CONFIG = Path(__file__).resolve().parents[1] / "config"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("英伟达与AMD", "nvidia"),
        ("Intel Capital led", "intel-capital"),
        ("台積電董事會", "tsmc"),
        ("中芯国际(0981.HK)", "smic"),
    ],
)
def test_real_config_matches(text: str, key: str) -> None:
    registry = load_registry()
    assert registry.find(text)[0].company.key == key


PLACES = CompanyRegistry.from_records(
    [{"key": "acme", "name": "Acme"}],
    [{"key": "china-gov", "name": "China", "zh": ["北京"], "aliases": ["Beijing"]}],
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Beijing imposed sanctions on two US firms.", ["Beijing"]),
        ("Beijing's response was swift.", ["Beijing"]),
        ("The list named Beijing Corelink Microelectronics.", []),
        ("Beijing Zhenyu Semiconductor Co. and Acme were added.", ["Acme"]),
        ("It added Beijing Novalight Photonics to the list.", []),
        ("Beijing Municipal Science and Technology Commission said", ["Beijing"]),
    ],
)
def test_a_government_place_does_not_open_a_company_name(text: str, expected: list[str]) -> None:
    assert [m.surface for m in PLACES.find(text)] == expected


def test_the_place_opening_a_company_name_is_left_to_discovery() -> None:
    text = "The list named Beijing Corelink Microelectronics, a chip designer."
    found = discover_companies(text, PLACES.find(text), PLACES)
    assert [m.surface for m in found] == ["Beijing Corelink Microelectronics"]


# --- the fast paths ------------------------------------------------------------

NAME_BITS = [
    "Acme", "Sequoia Capital", "eMemory", "Inc.", " Inc", ", Inc.", " Corp", " Co", " Company",
    " Ltd", ", a ", ", the ", "Shanghai-based", " chip ", "startup", "maker", " fund", ", which ",
    "makes", "builds", " raised ", " has raised ", "secured ", "$", "US$", "¥", "10", " million",
    " led by ", " co-led by ", " with participation from ", " backed by ", "investors including ",
    " and ", ", ", "Backers Including ", "the", " ", "'s", "K", "İ", "ſ", "\n", "上海", "昉擎科技",
]  # fmt: skip
_name_texts = st.lists(st.sampled_from(NAME_BITS), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(_name_texts)
def test_a_pattern_skipped_by_its_probe_could_not_have_matched(text: str) -> None:
    """The cheap probes before the English patterns never rule out a text they match."""
    for pattern, probe in (
        (companies._EN_LEGAL, companies._EN_LEGAL_PROBE),
        (companies._EN_WHICH, companies._EN_WHICH_PROBE),
        (companies._EN_RAISED, companies._EN_RAISED_PROBE),
        (companies._EN_APPOSITION, companies._EN_APPOSITION_PROBE),
    ):
        if pattern.search(text):
            assert probe.search(text), (pattern.pattern, text)
    starts = companies._starts(ascii_lower(text), companies._EN_LIST_STARTS)
    at = companies._finditer_at(companies._EN_LIST, text, starts)
    assert [m.span() for m in at] == [m.span() for m in companies._EN_LIST.finditer(text)]


PROBE_BITS = [
    "衡川半导体", "与", "和", "同", "签署", "签订", "达成", "共同成立", "合资成立",
    "成立", "以", "现金", "参与", "认购", "了", "本次", "发行", "定增", "获配",
    "出资", "收购", "创始人", "董事长", "CEO", "，", "。",
    "Acme", " led ", " co-led ", " joined ", " participated in ", "the ", "a ",
    "round", "funding", "Series B ", " ",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PROBE_BITS), max_size=12).map("".join))
def test_the_new_probes_never_skip_a_text_their_pattern_matches(text: str) -> None:
    """The word probes before the Chinese title/sign/means/subscribe and "led" patterns."""
    probed = [*companies._ZH_PROBED, (companies._ZH_SUBSCRIBE, companies._ZH_SUBSCRIBE_PROBE)]
    for pattern, words in probed:
        if pattern.search(text):
            assert any(w in text for w in words), (pattern.pattern, text)
    starts = companies._starts(ascii_lower(text), companies._EN_LED_STARTS)
    at = companies._finditer_at(companies._EN_LED_TAIL, text, starts)
    assert [m.span() for m in at] == [m.span() for m in companies._EN_LED_TAIL.finditer(text)]


def _cuts_by_scan(norm: str, start: int, end: int, cuts: tuple[str, ...]) -> int:
    """``_after_cuts`` as first written: every breaker word tried in turn."""
    best = start
    for cut in cuts:
        at = norm.rfind(cut, start, end)
        while at > start and len(cut) == 1 and norm[at - 1 : at + 1] in companies._ZH_CUT_KEEP:
            at = norm.rfind(cut, start, at - 1)
        if at >= 0 and at + len(cut) < end:
            best = max(best, at + len(cut))
    return best


ZH_BITS = [
    "上海", "昉擎", "科技", "有限公司", "的", "和", "协和", "数据", "收购", "子公司", "旗下",
    "其中", "公司", "AI", "芯片", "·", "&", "，", " ", "近日", "宣布", "完成", "18个月内",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ZH_BITS), max_size=10).map("".join), st.integers(0, 40))
def test_name_runs_and_breakers(norm: str, end: int) -> None:
    end = min(end, len(norm))
    start = end  # the run of name characters before ``end``, walked one at a time
    while (
        start > 0
        and end - start < 24
        and (
            is_han(norm[start - 1])
            or (norm[start - 1].isascii() and norm[start - 1].isalnum())
            or norm[start - 1] in "·&"
        )
    ):
        start -= 1
    assert companies._run_before(norm, end) == _cuts_by_scan(norm, start, end, companies._ZH_CUTS)
    for cuts in (companies._ZH_CUTS, companies._ZH_WORD_CUTS):
        assert companies._after_cuts(norm, 0, end, cuts) == _cuts_by_scan(norm, 0, end, cuts)

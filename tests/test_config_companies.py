"""The company and authority registries in config/: shape, uniqueness and lookups.

Every lookup row is a name as news writes it and the registry key it must resolve to,
computed from the files themselves; a new collision or a lost alias fails here.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from extractors.text import fold

CONFIG = Path(__file__).parents[1] / "config"

SEGMENTS = {
    "designer",
    "foundry",
    "idm",
    "memory",
    "eda",
    "ip",
    "equipment",
    "materials",
    "packaging",
    "ai_chip",
    "hyperscaler",
    "ai_lab",
    "investor",
    "electronics",
    "automotive",
    "telecom",
    "distributor",
    "other",
}
KINDS = {"company", "investor", "lab"}
# ISO 3166-1 alpha-2, all officially assigned codes.
_ISO_CODES = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW
"""
ISO_COUNTRIES = set(_ISO_CODES.split())
# "EU" is exceptionally reserved in ISO 3166 for the European Union.
AUTHORITY_COUNTRIES = ISO_COUNTRIES | {"EU"}
EXCHANGES = {"NASDAQ", "NYSE", "SSE", "SZSE", "BSE", "HKEX", "TWSE", "TPEX", "KRX", "KOSDAQ"}
EXCHANGES |= {"TSE", "LSE", "EURONEXT", "XETRA", "SGX", "SIX"}
TICKER = re.compile(r"^([A-Z]+):([A-Z0-9]+)$")
HAN = re.compile(r"[\u3400-\u9fff]")
KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@cache
def _load(name: str) -> dict[str, Any]:
    with (CONFIG / name).open("rb") as fh:
        return tomllib.load(fh)


def _companies() -> list[dict[str, Any]]:
    return _load("companies.toml")["company"]


def _authorities() -> list[dict[str, Any]]:
    return _load("authorities.toml")["authority"]


def _norm(name: str) -> str:
    """How names are compared: case-insensitive, spaces removed."""
    return "".join(name.split()).casefold()


def _names(record: dict[str, Any]) -> list[str]:
    return [record["name"], *record["zh"], *record["aliases"], *record.get("former", [])]


def _index(records: list[dict[str, Any]]) -> dict[str, str]:
    """Normalized name -> key; the first owner wins (collisions are tested separately)."""
    out: dict[str, str] = {}
    for record in records:
        for name in _names(record):
            out.setdefault(_norm(name), record["key"])
    return out


def _owners(records: list[dict[str, Any]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for record in records:
        for name in _names(record):
            out.setdefault(_norm(name), set()).add(record["key"])
    return out


# ---------------------------------------------------------------- companies: shape


def test_registry_is_large_enough() -> None:
    assert len(_companies()) >= 400


def test_company_keys_are_unique_slugs() -> None:
    keys = [c["key"] for c in _companies()]
    assert len(keys) == len(set(keys))
    assert [k for k in keys if not KEY.match(k)] == []


def test_company_fields_have_the_right_types() -> None:
    bad = []
    for c in _companies():
        for field in ("key", "name", "country", "segment", "kind"):
            if not isinstance(c.get(field), str) or not c[field].strip():
                bad.append((c.get("key"), field))
        for field in ("zh", "aliases", "former", "tickers", "strict"):
            value = c.get(field)
            if not isinstance(value, list) or not all(isinstance(s, str) and s for s in value):
                bad.append((c.get("key"), field))
    assert bad == []


def test_segments_kinds_and_countries_are_valid() -> None:
    bad = [
        (c["key"], c["segment"], c["kind"], c["country"])
        for c in _companies()
        if c["segment"] not in SEGMENTS
        or c["kind"] not in KINDS
        or c["country"] not in ISO_COUNTRIES
    ]
    assert bad == []


def test_kind_agrees_with_segment() -> None:
    expected = {"investor": "investor", "ai_lab": "lab"}
    bad = [c["key"] for c in _companies() if c["kind"] != expected.get(c["segment"], "company")]
    assert bad == []


def test_tickers_name_a_known_exchange() -> None:
    bad = []
    for c in _companies():
        for ticker in c["tickers"]:
            match = TICKER.match(ticker)
            if not match or match.group(1) not in EXCHANGES:
                bad.append((c["key"], ticker))
    assert bad == []


def test_no_ticker_belongs_to_two_companies() -> None:
    seen: dict[str, str] = {}
    shared = []
    for c in _companies():
        for ticker in c["tickers"]:
            if ticker in seen:
                shared.append((ticker, seen[ticker], c["key"]))
            seen[ticker] = c["key"]
    assert shared == []


def test_chinese_names_are_chinese() -> None:
    bad = [(c["key"], z) for c in _companies() for z in c["zh"] if not HAN.search(z)]
    assert bad == []


def test_strict_names_are_names_of_the_company() -> None:
    bad = [(c["key"], s) for c in _companies() for s in c["strict"] if s not in _names(c)]
    assert bad == []


def test_one_and_two_letter_latin_names_are_strict() -> None:
    # "TI", "LG", "GF", "KT": as loose names they would match inside any word
    bad = [
        (c["key"], n)
        for c in _companies()
        for n in _names(c)
        if len(n) <= 2 and n.isascii() and n not in c["strict"]
    ]
    assert bad == []


def test_no_name_is_shared_by_two_companies() -> None:
    shared = {n: keys for n, keys in _owners(_companies()).items() if len(keys) > 1}
    assert shared == {}


def test_every_parent_resolves_and_there_are_no_cycles() -> None:
    parents = {c["key"]: c["parent"] for c in _companies() if c.get("parent")}
    keys = {c["key"] for c in _companies()}
    assert {k: p for k, p in parents.items() if p not in keys or p == k} == {}
    for key in parents:
        seen, node = {key}, parents[key]
        while node in parents:
            assert node not in seen, f"parent cycle through {key}"
            seen.add(node)
            node = parents[node]


def test_no_name_is_shared_once_folded_as_the_matcher_folds() -> None:
    # the matcher compares Simplified, NFKC, lower-case forms: 證監會 and 证监会 are one name
    owners: dict[str, set[str]] = {}
    for record in _companies() + _authorities():
        for name in _names(record):
            owners.setdefault("".join(fold(name).split()), set()).add(record["key"])
    assert {n: keys for n, keys in owners.items() if len(keys) > 1} == {}


# Everyday phrases that once held a short Chinese name inside them (力成 in 努力成为,
# 应材 in 供应材料, 算能 in 计算能力): no name may match inside any of them.
PHRASES = [
    "努力成为行业龙头",
    "供应材料短缺",
    "财富达到新高",
    "提供新思路",
    "其中方案一",
    "通用计算能力",
    "最佳能效比",
    "发电装机容量",
    "提升特色产业",
    "智慧与创新",
    "北京东路",
    "交通快速发展",
    "精力旺盛",
    "自然奇景",
    "忍耐能力",
    "科技部门",
    "财政部门",
    "国际电气工程",
    "资深科技记者",
]


@pytest.mark.parametrize("phrase", PHRASES)
def test_no_name_hides_inside_an_everyday_phrase(phrase: str) -> None:
    folded = fold(phrase)
    inside = [
        (record["key"], name)
        for record in _companies() + _authorities()
        for name in [record["name"], *record["zh"]]
        if fold(name) in folded
    ]
    assert inside == []


# ---------------------------------------------------------------- companies: lookups

LOOKUPS = [
    # US designers, labs and buyers
    ("Nvidia Corp.", "nvidia"),
    ("NVIDIA Corporation", "nvidia"),
    ("英伟达", "nvidia"),
    ("輝達", "nvidia"),
    ("英偉達", "nvidia"),
    ("Advanced Micro Devices", "amd"),
    ("超威半导体", "amd"),
    ("AMD Ventures", "amd-ventures"),
    ("Intel Corporation", "intel"),
    ("英特爾", "intel"),
    ("Intel Capital", "intel-capital"),
    ("Broadcom Inc.", "broadcom"),
    ("博通", "broadcom"),
    ("高通", "qualcomm"),
    ("美光", "micron"),
    ("Texas Instruments", "ti"),
    ("Alphabet Inc.", "google"),
    ("谷歌云", "google"),
    ("Facebook", "meta"),
    ("Meta Platforms", "meta"),
    ("Microsoft M12", "m12"),
    ("亚马逊", "amazon"),
    ("苹果", "apple"),
    ("Anthropic PBC", "anthropic"),
    ("OpenAI", "openai"),
    ("xAI", "xai"),
    ("特斯拉", "tesla"),
    ("美超微", "supermicro"),
    ("Cree", "wolfspeed"),
    # AI-chip startups outside China
    ("Groq Inc.", "groq"),
    ("Cerebras", "cerebras"),
    ("SambaNova", "sambanova"),
    ("Etched.ai", "etched"),
    ("d-Matrix Corp.", "d-matrix"),
    ("Tenstorrent", "tenstorrent"),
    ("Rivos Inc.", "rivos"),
    ("리벨리온", "rebellions"),
    ("Furiosa", "furiosa"),
    ("Sapeon Korea", "sapeon"),
    ("Rapidus株式会社", "rapidus"),
    ("Hailo Technologies", "hailo"),
    # Taiwan, Simplified and Traditional
    ("Taiwan Semiconductor Manufacturing Co.", "tsmc"),
    ("台积电", "tsmc"),
    ("台積電", "tsmc"),
    ("台灣積體電路製造", "tsmc"),
    ("TSMC Arizona", "tsmc-arizona"),
    ("European Semiconductor Manufacturing Company", "esmc"),
    ("联发科", "mediatek"),
    ("聯發科", "mediatek"),
    ("联电", "umc"),
    ("聯電", "umc"),
    ("United Microelectronics Corp.", "umc"),
    ("Mie Fujitsu Semiconductor", "usj"),
    ("世界先進", "vis"),
    ("日月光", "ase"),
    ("鸿海", "foxconn"),
    ("鴻海", "foxconn"),
    ("Foxconn", "foxconn"),
    ("工业富联", "fii"),
    ("南亞科", "nanya"),
    ("華邦電", "winbond"),
    ("廣達", "quanta"),
    ("環球晶", "globalwafers"),
    # Korea and Japan, with their Chinese names
    ("三星电子", "samsung-electronics"),
    ("三星電子", "samsung-electronics"),
    ("Samsung Electronics Co.", "samsung-electronics"),
    ("Samsung Catalyst Fund", "samsung-catalyst"),
    ("三星电机", "samsung-em"),
    ("SK海力士", "sk-hynix"),
    ("SK hynix Inc.", "sk-hynix"),
    ("Korea Telecom", "kt"),
    ("铠侠", "kioxia"),
    ("鎧俠", "kioxia"),
    ("Toshiba Memory", "kioxia"),
    ("东京电子", "tel"),
    ("東京威力科創", "tel"),
    ("瑞萨电子", "renesas"),
    ("索尼集团", "sony"),
    ("丰田汽车", "toyota"),
    ("软银", "softbank"),
    ("軟銀", "softbank"),
    ("SoftBank Vision Fund", "softbank-vision-fund"),
    ("Vision Fund 1", "softbank-vision-fund"),
    # Europe and Israel
    ("ASML Holding", "asml"),
    ("阿斯麦", "asml"),
    ("Infineon Technologies AG", "infineon"),
    ("英飞凌", "infineon"),
    ("恩智浦", "nxp"),
    ("博世", "bosch"),
    ("Siemens Digital Industries Software", "siemens-eda"),
    ("Mentor Graphics", "siemens-eda"),
    ("意法半导体", "st"),
    ("Arm Holdings plc", "arm"),
    ("安谋科技", "arm-china"),
    ("Tower Semiconductor", "tower"),
    # China: chips
    ("摩尔线程", "moore-threads"),
    ("摩尔线程智能科技(北京)股份有限公司", "moore-threads"),
    ("沐曦股份", "metax"),
    ("壁仞科技", "biren"),
    ("燧原科技", "enflame"),
    ("天数智芯", "iluvatar"),
    ("清微智能", "tsingmicro"),
    ("昆仑芯", "kunlunxin"),
    ("寒武纪", "cambricon"),
    ("海光信息", "hygon"),
    ("地平线机器人-W", "horizon-robotics"),
    ("黑芝麻智能國際控股", "black-sesame"),
    ("南方黑芝麻", "nanfang-black-sesame"),
    ("芯原股份", "verisilicon"),
    ("中芯国际", "smic"),
    ("中芯國際", "smic"),
    ("中芯集成", "united-nova"),
    ("华虹半导体", "hua-hong"),
    ("长江存储", "ymtc"),
    ("長江存儲", "ymtc"),
    ("长鑫存储", "cxmt"),
    ("北方华创", "naura"),
    ("中微公司", "amec"),
    ("上海微电子", "smee"),
    ("平头哥", "t-head"),
    ("海思", "hisilicon"),
    ("华为哈勃", "hubble"),
    ("昉擎科技", "fangqing"),
    # China: state funds, investors, tech groups
    ("国家集成电路产业投资基金", "big-fund"),
    ("大基金", "big-fund"),
    ("大基金二期", "big-fund-ii"),
    ("Big Fund III", "big-fund-iii"),
    ("國家集成電路產業投資基金三期", "big-fund-iii"),
    ("红杉中国", "hongshan"),
    ("红杉资本", "sequoia"),
    ("高瓴创投", "hillhouse"),
    ("鼎晖VGC", "cdh"),
    ("华登国际", "walden"),
    ("深创投", "shenzhen-capital"),
    ("临港科创投", "lingang-sci-tech"),
    ("中科曙光", "sugon"),
    ("浪潮信息", "inspur"),
    ("华为", "huawei"),
    ("華為", "huawei"),
    ("阿里巴巴", "alibaba"),
    ("腾讯", "tencent"),
    ("騰訊", "tencent"),
    ("百度", "baidu"),
    ("字节跳动", "bytedance"),
    ("小米战略投资部", "xiaomi"),
    ("比亚迪", "byd"),
    ("宁德时代", "catl"),
    ("蔚来资本", "nio-capital"),
    # Global investors
    ("Temasek Holdings", "temasek"),
    ("淡马锡", "temasek"),
    ("Mubadala Investment Co.", "mubadala"),
    ("MGX", "mgx"),
    ("GIC", "gic"),
    ("Qatar Investment Authority", "qia"),
    ("BlackRock Private Equity Partners", "blackrock"),
    ("Deutsche Telekom Capital Partners", "dtcp"),
    ("Disruptive", "disruptive"),
    ("Wa'ed Ventures", "waed"),
    ("Aramco", "saudi-aramco"),
    ("Peter Thiel", "peter-thiel"),
    ("Bank of America", "bofa"),
]


@pytest.mark.parametrize(("surface", "key"), LOOKUPS)
def test_a_name_from_the_news_resolves_to_its_company(surface: str, key: str) -> None:
    assert _index(_companies()).get(_norm(surface)) == key


def test_lookup_table_covers_both_languages() -> None:
    chinese = [s for s, _ in LOOKUPS if HAN.search(s)]
    latin = [s for s, _ in LOOKUPS if s.isascii()]
    assert len(LOOKUPS) >= 40
    assert len(chinese) >= 20
    assert len(latin) >= 20


STRICT = [
    ("Arm", "arm"),
    ("ARM", "arm"),
    ("Apple", "apple"),
    ("Intel", "intel"),
    ("AMD", "amd"),
    ("Meta", "meta"),
    ("Applied", "applied-materials"),
    ("Lam", "lam-research"),
    ("Cadence", "cadence"),
    ("TI", "ti"),
    ("LG", "lg-electronics"),
    ("Etched", "etched"),
    ("Horizon", "horizon-robotics"),
]


@pytest.mark.parametrize(("name", "key"), STRICT)
def test_common_word_names_are_strict(name: str, key: str) -> None:
    company = next(c for c in _companies() if c["key"] == key)
    assert name in company["strict"]


# Ordinary words, or prefixes shared by unrelated companies: never a name on their own.
BANNED_ZH = ["长江", "長江", "浪潮", "联想", "曙光", "字节", "理想", "美的", "中微", "中金"]
BANNED_ZH += ["现代", "長城", "长城", "荣耀", "日产", "华润", "中国电子", "创意", "天数", "长存"]


@pytest.mark.parametrize("name", BANNED_ZH)
def test_common_chinese_words_are_not_names(name: str) -> None:
    assert _norm(name) not in _index(_companies())


# ---------------------------------------------------------------- authorities


def test_authority_keys_and_fields() -> None:
    records = _authorities()
    keys = [a["key"] for a in records]
    assert len(records) >= 40
    assert len(keys) == len(set(keys))
    bad = []
    for a in records:
        if not KEY.match(a["key"]) or not a["name"].strip():
            bad.append(a["key"])
        if a["country"] not in AUTHORITY_COUNTRIES:
            bad.append((a["key"], a["country"]))
        if any(not HAN.search(z) for z in a["zh"]):
            bad.append((a["key"], "zh"))
        if any(s not in _names(a) for s in a["strict"]):
            bad.append((a["key"], "strict"))
        if a.get("parent") and a["parent"] not in keys:
            bad.append((a["key"], "parent"))
    assert bad == []


def test_no_name_is_shared_by_two_authorities() -> None:
    shared = {n: keys for n, keys in _owners(_authorities()).items() if len(keys) > 1}
    assert shared == {}


def test_no_name_is_both_a_company_and_an_authority() -> None:
    both = set(_index(_companies())) & set(_index(_authorities()))
    assert both == set()


# The canonical names the gold writes in details.authority.
GOLD_AUTHORITIES = [
    ("US government", "us-gov"),
    ("US Department of Commerce", "us-commerce"),
    ("US Federal Trade Commission", "ftc"),
    ("US Congress", "us-congress"),
    ("European Commission", "european-commission"),
    ("China State Administration for Market Regulation", "samr"),
    ("Cyberspace Administration of China", "cac"),
    ("Japan Ministry of Economy, Trade and Industry", "japan-meti"),
]


@pytest.mark.parametrize(("name", "key"), GOLD_AUTHORITIES)
def test_canonical_authority_names_match_the_gold(name: str, key: str) -> None:
    assert next(a["name"] for a in _authorities() if a["key"] == key) == name


AUTHORITY_LOOKUPS = [
    ("美国商务部", "us-commerce"),
    ("美國商務部", "us-commerce"),
    ("the Commerce Department", "us-commerce"),
    ("Bureau of Industry and Security", "us-bis"),
    ("工业与安全局", "us-bis"),
    ("美国政府", "us-gov"),
    ("White House", "white-house"),
    ("白宫", "white-house"),
    ("USTR", "ustr"),
    ("OFAC", "ofac"),
    ("Treasury Department", "us-treasury"),
    ("FCC", "fcc"),
    ("欧盟委员会", "european-commission"),
    ("欧盟", "eu"),
    ("德国政府", "germany"),
    ("荷兰政府", "netherlands"),
    ("商务部", "mofcom"),
    ("MOFCOM", "mofcom"),
    ("市场监管总局", "samr"),
    ("网信办", "cac"),
    ("国家互联网信息办公室", "cac"),
    ("工信部", "miit"),
    ("国务院", "state-council"),
    ("证监会", "csrc"),
    ("上交所", "sse"),
    ("港交所", "hkex"),
    ("經濟部", "taiwan-moea"),
    ("经济部", "taiwan-moea"),
    ("日本经济产业省", "japan-meti"),
    ("经济产业省", "japan-meti"),
    ("产业通商资源部", "korea-motie"),
    ("Kingdom of Saudi Arabia", "saudi-arabia"),
]


@pytest.mark.parametrize(("surface", "key"), AUTHORITY_LOOKUPS)
def test_a_name_from_the_news_resolves_to_its_authority(surface: str, key: str) -> None:
    assert _index(_authorities()).get(_norm(surface)) == key

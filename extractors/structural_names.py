"""Companies neither the registry nor ``companies.discover_companies`` knows, found
from where they stand: the announcer of 公告 / 宣布, the subject of an English deal
verb, the object of acquire / 收购 / 与…签订, a 证券简称. General financial news names
mostly such companies.

``structural_names(norm, lang)`` gives their spans; ``clauses`` turns them into
mentions.
"""

from __future__ import annotations

import re

from extractors.companies import ZH_PLACES
from extractors.gate import Leads
from extractors.text import ascii_lower, finditer_at

_I = re.IGNORECASE

_ZH_NAME = r"\*?(?:ST)?[A-Za-z0-9]*[\u4e00-\u9fffA-Za-z·&]{2,14}?"
_ZH_LEGAL_TAIL = r"(?:股份有限公司|有限责任公司|有限公司|集团股份|集团|公司)?"
_ZH_TIME = (
    r"(?:\s*\(\d{6}(?:\.[A-Za-z]{2})?\))?(?:今日|昨日|昨晚|今晚|近日|日前|晚间|早间|当日|当晚"
    r"|[昨今]\s*\(\d{1,2}\)\s*日|(?:今年|去年)?\d{1,2}月(?:初|中旬|下旬|底|份)?"
    r"|\d{1,2}月\d{1,2}日(?:晚间|晚|早间)?)?"
)
# The announcer: any verb at the start of a sentence or after a dateline (财联社12月3日电,
# 12月3日晚间,), only 公告 / 宣布 after a mid-sentence comma.
_ZH_OPENING = (
    r"(?:^|(?<=[.。;!?\n]))\s*(?:(?:其中|此外|另外|同时|同日|此前|随后|据悉|另据)\s*,?\s*)?"
    r"(?:[^,。;\n]{0,14}?(?:日电|讯|消息)\s*,?\s*"
    r"|(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:晚间|晚|早间|午间|上午|下午)?\s*,?\s*)?"
)
_ZH_ANNOUNCER = re.compile(
    rf"{_ZH_OPENING}(?:停牌[^,:。;的]{{0,8}}的)?(?P<name>{_ZH_NAME}{_ZH_LEGAL_TAIL}){_ZH_TIME}"
    r"(?=[发披公宣表透称拟计决正已在于将被开启完获与同和以向首递挂上登中签终因收并出转入增])"
    r"(?=(?:发布|披露|发)?公告|宣布|披露|表示|透露|称|拟|计划|决定|正式|已|在|于|将|被|开启|启动"
    r"|完成|获得|获(?!悉)|与|同|和|以|向|首次公开发行|递表|挂牌|上市|登陆|中标|签订|签署|终止|正|因"
    r"|收购|并购|出售|转让|入股|增持)"
    rf"|(?<=[,:])\s*(?:停牌[^,:。;的]{{0,8}}的)?(?P<mid>{_ZH_NAME}{_ZH_LEGAL_TAIL}){_ZH_TIME}(?=[发披公宣])"
    r"(?=(?:发布|披露|发)?公告|宣布)"
)
_ZH_COUNTERPARTY = re.compile(
    rf"(?:与|同|和|向|对)(?:竞争对手|对手|同行|控股股东|大股东)?(?P<name>{_ZH_NAME}{_ZH_LEGAL_TAIL})"
    r"(?=签订|签署|订立|达成|增资|转让|出售|提供|的收购|的增资|采购|订购|合并)"
    r"|(?:收购|受让|购买)[^,，。;；]{0,24}?的(?:开发商|研发商|母公司|运营商|制造商|生产商|所有者)"
    rf"(?P<maker>{_ZH_NAME}{_ZH_LEGAL_TAIL})(?=[,，。;；]|$)"
    rf"|(?:收购|受让|购买|出售给|转让给|战略投资)(?P<obj>{_ZH_NAME}{_ZH_LEGAL_TAIL})"
    r"(?=的|持有|所持|全部|部分|\d|股权|股份|全资|控股|控制权|,|。|$)"
    # 图像算法公司Lumora Vision被豪威集团收购: a Latin name, described, then 被 + buyer
    r"|(?:公司|企业|厂商|初创|开发商|制造商)"
    r"(?P<pas>[A-Z][A-Za-z0-9&.-]+(?: [A-Z][A-Za-z0-9&.-]+){0,3})"
    r"(?=被)"
)
# A Latin name in Chinese text right after a company word or a deal preposition
_ZH_LATIN_NAME = re.compile(
    r"(?<=[商司业厂廠团巨头初创与和向购])"
    r"(?P<name>(?=[A-Z][A-Za-z0-9&.-]*[a-z])[A-Z][A-Za-z0-9&.-]+(?: [A-Z][A-Za-z0-9&.-]+){0,3})"
    r"(?![ A-Za-z0-9&.-])"
)
_HAS_CAPITAL = re.compile(r"[A-Z]")
_ZH_SHORT_NAME = re.compile(
    r"[(]\s*(?:(?:证券|股票|公司)?简称|以下简称|以下称|下称)[:]?\s*[“\"]?(?P<name>[^()“”\",,。;]{2,10}?)[”\"]?\s*"
    r"(?:[,;]\s*(?:证券|股票)代码[:]?\s*\d{6})?\s*[)]"
    r"|(?:证券|股票)简称[:]\s*(?P<name2>[^()“”\",,。;\s]{2,10})"
)
_ZH_REJECT = re.compile(
    r"^(?:公司|本公司|该公司|上市公司|董事会|股东|控股股东|实际控制人|双方|各方|对方|交易对方|标的"
    r"|市场|行业|机构|投资者|监管|政府|有关|相关|其|该|本|此|今|昨|近|去年|今年|明年|目前|此前|随后"
    r"|同时|此外|另外|其中|据|记者|分析|业内|截至|由于|因为|如果|但|而|并|且|也|还|都|将|已|拟)"
    r"|拟|将|已|的|了|在|对|与|向|被|为|是|以|从|按|于|及|和|等|其|股份有限公司.|亿|万|元|%|年|月|日"
    r"|公告|宣布|表示|称$|资金|股票|股权|项目|合同|协议|业务|资产|事项|方式|价格|金额"
    r"|认为|显示|获悉|指出|介绍|根据|按照|通过|进行|实现|开展|推进|影响|消息|报道|数据|记者"
    r"|计划|目标|官员|总额|分批|筹措|销售|许可|纷纷|^一|主要|方面|情况|问题|今天|昨天|目前"
    r"|本月|上月|下月|月初|月底|年初|年底|年内|期间|新增|增发|发行"
    r"|^(?:这|那|多位|多家|一位|有(?:投资|业内|行业|分析|市场|媒体))|人士$|投资人$|分析师$"
    r"|^(?:补强|加强|增强|强化|提升|完善|拓展|巩固|布局)|生态$|能力$|实力$"
)
_EN_TOKEN = r"(?:[A-Z][A-Za-z0-9]*(?:[-.&'’][A-Za-z0-9]+)*|[a-z]{1,2}[A-Z][A-Za-z0-9]*)"
_EN_NAME = rf"{_EN_TOKEN}(?: (?:&|of|de) {_EN_TOKEN}| {_EN_TOKEN}){{0,4}}"
_EN_LEGAL_TAIL = r"(?:,? (?:Inc|Corp|Co|Ltd|LLC|plc|PLC|AG|SA|NV|SE)\b\.?)?"
# Descriptor nouns a name follows ("component maker Nordhavn Wind Systems has raised")
_EN_HEADS = (
    "maker", "startup", "start-up", "company", "firm", "giant", "designer", "developer",
    "supplier", "provider", "chipmaker", "carmaker", "automaker", "drugmaker", "biotech",
    "lender", "insurer", "retailer", "operator",
)  # fmt: skip
_EN_SUBJECT = re.compile(
    r"(?=[A-Z]|[a-z]{1,2}[A-Z])(?:^|(?<=[.;!?]\s)|(?<=\n)|(?<=\bthat )|(?<=\bShares of )"
    r"|(?<=^[A-Z]{3} - )|(?<=^[A-Z]{4} - )|(?<=^[A-Z]{5} - )|(?<=^[A-Z]{6} - )|(?<=^[A-Z]{7} - )"
    r"|(?<=^[A-Z]{8} - )|(?<=^[A-Z]{9} - )|(?<=\) - )|(?<=\) — )|(?<= -- )|(?<=-based )"
    r"|(?<=, and )|(?<='s )" + "".join(f"|(?<={head} )" for head in _EN_HEADS) + r")"
    rf"(?P<name>{_EN_NAME}){_EN_LEGAL_TAIL}"
    r"(?:'s? (?=(?:\$|US\$)?[\d.]+|proposed|planned|acquisition|purchase|takeover|shares|stock"
    r"|IPO|initial|listing|offering|debut|deal|bid|offer|unit|sale|merger)"
    r"| (?:(?:has|have|had|is|are|was|were|will|would|also|recently|has also|on \w+day"
    r"|last (?:year|month|week)|this (?:year|month|week)|earlier this (?:year|month)"
    r"|separately|previously|already) )*"
    r"(?=(?:agreed|announced|plans|planned|filed|files|priced|prices|raised|raises|raise"
    r"|raising|secured|secures|landed|lands|closed|completed|acquired|acquires|acquire|bought"
    r"|buys|buy|sold|sells|sell|snapped|took|takes|won|wins|inked|signed|signs|struck|called off"
    r"|made an? (?:\w+ )?(?:offer|bid)|broke ground|opened at|debuted|received|receives|receive"
    r"|got|obtained|invested|invests|invest|been|being|in talks|exploring|explores|considering"
    r"|weighing|nabbed|scooped|picked up|completes|debuts|seeks|sought|set to|spend|build"
    r"|building|spending|spent|investing|expanding"
    r"|supply|supplies|provide|provides|selected|chosen|tapped|picked|listed|went public"
    r"|soared|jumped|surged|rose|climbed|gained|slumped|tumbled|fell"
    r"|awarded|granted|fined|added|sued|hit with|go public|began trading|begins trading"
    r"|started trading|starts trading|withdrew|pulled|postponed|shelved|took in|hauled in"
    r"|said (?:on \w+ )?(?:that )?it)\b))"
)
# "Under a five-year contract, X will provide …": the subject after an opening phrase
_EN_OPENED = re.compile(
    r"(?:^|(?<=[.;!?]\s)|(?<=\n))(?:Under|As part of|Following|Through|Separately|Besides)\b"
    rf"[^.;]{{0,80}}?,\s+(?P<name>{_EN_NAME}){_EN_LEGAL_TAIL}"
    r" (?=(?:will|would|has|had|also|agreed|plans|is to|is set to|signed|won|secured)\b)"
)
_EN_OBJECT_VERBS = (
    "acquire|acquired|acquiring|acquires|buy|buys|bought|buying|purchase of|acquisition of"
    "|takeover of|stake in|merger with|merge with|snapped up|snap up|picked up|scooped up"
    "|offer for|bid for|deal for|investment in|invest in|invested in|by|to|from|with|into|for"
    "|led by|of|purchase|to buy|including|include|included|added|placed|removed|as well as"
    "|such as|named were"
)


_EN_OBJECT = re.compile(
    rf"\b(?:{_EN_OBJECT_VERBS})"
    r" (?:the )?(?:(?:[\w.-]+ ){0,3}?(?:firm|group|fund|investor|giant|rival|peer|chipmaker"
    r"|startup|start-up|maker|designer|developer|provider|biotech|drugmaker|specialist|lender"
    r"|bank|insurer|retailer|carmaker|automaker|operator|producer|manufacturer|supplier) )?"
    rf"(?P<name>{_EN_NAME}){_EN_LEGAL_TAIL}"
)
# Tried only where a verb and its space begin ("by ", "stake in "): ~25 offsets in an
# English article, where a scan tried every character.
_EN_OBJECT_LEADS = Leads(_EN_OBJECT)
_EN_OBJECT_NEEDS_DEAL = frozenset({"by", "to", "from", "with", "into", "for", "led by", "of"})
# "added X to the Entity List", "including X": names only beside a blacklist
_EN_OBJECT_NEEDS_LIST = frozenset(
    {
        "including",
        "include",
        "included",
        "added",
        "placed",
        "removed",
        "as well as",
        "such as",
        "named were",
    }
)
_EN_LIST_NEAR = re.compile(
    r"\b(?:entity list|unverified list|unreliable entity list|blacklist\w*|sanction\w*)\b", _I
)
# "A, B and C": the names coordinated with a name found by its position
_EN_MORE = re.compile(rf"^(?:,? and |, | & )(?P<name>{_EN_NAME}){_EN_LEGAL_TAIL}")
# "A and B called off their merger": a pair of subjects
_EN_PAIR = re.compile(
    rf"(?:^|(?<=[.;!?]\s)|(?<=\n))(?P<name>{_EN_NAME}){_EN_LEGAL_TAIL} and "
    rf"(?P<name2>{_EN_NAME}){_EN_LEGAL_TAIL} (?:(?:have|had|are|were|will|would|also|jointly) )*"
    r"(?:agreed|announced|called off|terminated|signed|completed|plan|said|struck|inked"
    r"|scrapped|abandoned|ended|merged|to merge|set up|formed)\b"
)
_ZH_LIST_LEAD = re.compile(r"(?:其中|包括|以及|分别为|分别是|同意|及|和|与|对|向|其)")
# A full Chinese legal name (…股份有限公司, …有限公司) is a company wherever it stands.
_ZH_LEGAL_TAIL_RX = re.compile(r"(?:股份)?有限(?:责任)?公司")


def _zh_legal_names(norm: str) -> list[tuple[int, int]]:
    """Spans of the Han run (2-16 characters) before each 有限公司 tail, tail included."""
    out = []
    for m in _ZH_LEGAL_TAIL_RX.finditer(norm):
        s = m.start()
        while s > 0 and m.start() - s < 16 and "\u4e00" <= norm[s - 1] <= "\u9fff":
            s -= 1
        if m.start() - s >= 2:
            out.append((s, m.end()))
    return out


_EN_DEAL_NEAR = re.compile(
    r"\b(?:acquir\w*|bought|buy\w*|sold|sell\w*|contract|order|deal|agreement|pact|led|supply"
    r"|supplier|offer|bid|merger|takeover|stake|invest\w*|backed|funding|round|awarded|tapped"
    r"|purchase\w*|fined|sued|probe|investigation|snapped|scooped|rais(?:ed|es|ing)|secured"
    r"|notes|loans?|debt|facility|financing|grants?)\b",
    _I,
)
# tried where its words begin: its (?i) scan of the 80 characters before an object
# was ~10 µs, four times an English article
_EN_DEAL_NEAR_LEADS = Leads(_EN_DEAL_NEAR)
_EN_REJECT = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "after",
        "before",
        "while",
        "under",
        "as",
        "last",
        "earlier",
        "also",
        "then",
        "since",
        "when",
        "if",
        "some",
        "many",
        "most",
        "other",
        "such",
        "all",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "we",
        "they",
        "he",
        "she",
        "it",
        "i",
        "you",
        "shares",
        "analysts",
        "investors",
        "officials",
        "both",
        "meanwhile",
        "however",
        "and",
        "but",
        "according",
        "separately",
        "still",
        "now",
        "today",
        "yesterday",
        "china",
        "chinese",
        "u.s",
        "us",
        "usa",
        "america",
        "american",
        "united",
        "states",
        "japan",
        "japanese",
        "korea",
        "korean",
        "south",
        "north",
        "taiwan",
        "europe",
        "european",
        "germany",
        "german",
        "britain",
        "british",
        "uk",
        "france",
        "india",
        "singapore",
        "beijing",
        "shanghai",
        "shenzhen",
        "hong",
        "kong",
        "washington",
        "new",
        "york",
        "wall",
        "street",
        "asia",
        "saudi",
        "arabia",
        "canada",
        "mexico",
        "israel",
        "netherlands",
        "ceo",
        "cfo",
        "cto",
        "ai",
        "ipo",
        "series",
        "round",
        "chips",
        "act",
        "science",
        "commerce",
        "department",
        "ministry",
        "government",
        "administration",
        "congress",
        "senate",
        "parliament",
        "court",
        "white",
        "house",
        "nasdaq",
        "nyse",
        "reuters",
        "bloomberg",
        "cnbc",
        "company",
        "group",
        "fund",
        "startup",
        "inc",
        "corp",
        "co",
        "ltd",
        "plc",
        "llc",
        "ag",
        "sa",
        "mr",
        "ms",
        "dr",
        "president",
        "chairman",
        "officer",
        "chief",
        "executive",
        "nasdaq-listed",
        "entity",
        "list",
        "federal",
        "reserve",
        "treasury",
        "sec",
        "ftc",
        "doj",
        "eu",
        "texas",
        "california",
        "arizona",
        "ohio",
        "indiana",
        "london",
        "tokyo",
        "taiwanese",
        "japanese",
        "korean",
        "dutch",
        "german",
        "french",
        "british",
        "indian",
        "european",
        "american",
        "canadian",
        "israeli",
        "russian",
        "saudi",
        "emirati",
        "australian",
        "swiss",
        "italian",
        "spanish",
        "vietnamese",
        "malaysian",
        "grants",
        "production",
        "revenue",
        "sales",
        "demand",
        "prices",
        "profit",
        "earnings",
        "funding",
        "shareholders",
        "investors",
        "customers",
        "regulators",
        "lawmakers",
        "officials",
        "executives",
        "analysts",
        "both",
        "each",
        "neither",
        "either",
    ]
)
_EN_OFFICIAL = re.compile(
    r"\b(?:Department|Ministry|Government|Administration|Congress|Senate|Parliament|Court|"
    r"Commission|University|Act|Exchange|Bureau|Agency|Authority|Council|Office)\b"
)


_ZH_LEGAL_END = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团股份|集团|公司)$")
_PLACES = frozenset(ZH_PLACES) | frozenset(
    [
        "美国",
        "中国",
        "日本",
        "韩国",
        "德国",
        "英国",
        "法国",
        "欧盟",
        "印度",
        "台湾",
        "香港",
        "澳门",
        "新加坡",
        "荷兰",
        "俄罗斯",
        "加拿大",
        "澳大利亚",
        "美方",
        "中方",
    ]
)


# The basic CJK block only (``text.HAN`` also takes extension A and compatibility forms).
_BASIC_HAN = re.compile("[\u4e00-\u9fff]")
_LATIN_CORE = re.compile(r"[A-Z][A-Za-z0-9&.-]{1,15}")


def _zh_ok(name: str) -> bool:
    core = _ZH_LEGAL_END.sub("", name)
    if core in _PLACES or core.rstrip("省市国州") in _PLACES:
        return False
    if len(core) < 2 or (len(_BASIC_HAN.findall(core)) < 2 and not _LATIN_CORE.fullmatch(core)):
        return False
    return not _ZH_REJECT.search(core)


# The titles _EN_TITLE_END opens with, in its order.
_TITLES = (
    "officer", "executive", "ceo", "cfo", "cto", "founder", "president", "chairman", "chairwoman",
    "analyst", "minister", "secretary", "spokesperson", "spokesman", "spokeswoman", "director",
    "head", "partner", "senator", "governor", "mr.", "ms.", "dr.",
)  # fmt: skip
_EN_TITLE_END = re.compile(
    rf"(?:{'|'.join(map(re.escape, _TITLES))})\s+(?:[A-Z][a-z]+ ){{0,2}}$",
    _I,
)


# Any of _TITLES, in the lower-cased text, and the length of the longest.
_TITLE_ANY = re.compile("|".join(map(re.escape, _TITLES)))
_TITLE_SPAN = max(map(len, _TITLES))


def _is_person(norm: str, low: str, words: list[str]) -> bool:
    """A word of the name follows a person's title somewhere ("chief executive Hock Tan").

    ``low`` is ``ascii_lower(norm)``: an occurrence with no title starting in the 50
    characters before it cannot match, and most have none (one search of the window in
    ``low`` rules it out before ``_EN_TITLE_END``'s (?i) one).
    """
    for w in words:
        at = norm.find(w)
        while at >= 0:
            title = _TITLE_ANY.search(low, max(0, at - 50), at - 1 + _TITLE_SPAN)
            if (
                title is not None
                and title.start() < at
                and _EN_TITLE_END.search(norm, max(0, at - 50), at)
            ):
                return True
            at = norm.find(w, at + len(w))
    return False


def _en_ok(name: str, norm: str, low: str) -> bool:
    words = name.replace("&", " ").split()
    if not words or all(w.lower().strip(".") in _EN_REJECT for w in words):
        return False
    if words[0].lower() in _EN_REJECT or _EN_OFFICIAL.search(name):
        return False
    if name.isupper() and len(name) < 3:
        return False
    return len(words) > 2 or not _is_person(norm, low, words)


_PLACE_OF = re.compile(
    r"\b(?:city|province|state|town|county|municipality|government|prefecture) of (?:the )?$", _I
)
_OF_ENDS = ("of ", "of the ")  # how a text _PLACE_OF matches ends (its letters have no odd case)


# Where the patterns can match. Each is tried only at these offsets (``finditer_at``),
# not at every character: most of their cost was failing at offsets like these.
_ZH_STOP = re.compile(r"[.。;!?\n]")
# the first characters of the words a _ZH_COUNTERPARTY match opens with
_ZH_COUNTERPARTY_LEAD = re.compile("[与同和向对收受购出转战公企厂初开制]")
_EN_STOP = re.compile(r"[.;!?\n]\s?")
_EN_TICKER_LEAD = re.compile(r"[A-Z]{3,9} - ")
_EN_OPENERS = ("Under", "As part of", "Following", "Through", "Separately", "Besides")


def _found_at(norm: str, word: str) -> list[int]:
    """The offset of each occurrence of ``word``."""
    out = []
    at = norm.find(word)
    while at >= 0:
        out.append(at)
        at = norm.find(word, at + 1)
    return out


def _zh_announcer_starts(norm: str) -> list[int]:
    """The start, after a stop, and after the last comma or colon before each 公告 or 宣布
    (a match after a comma runs to one with no comma between)."""
    starts = [0, *(m.end() for m in _ZH_STOP.finditer(norm))]
    for at in _found_at(norm, "公告") + _found_at(norm, "宣布"):
        comma = max(norm.rfind(",", 0, at), norm.rfind(":", 0, at))
        if comma >= 0:
            starts.append(comma + 1)
    return sorted(starts)


# How a dateline ends ("(Reuters) - ", "TOKYO -- "): the matches of r"\) [-—] | -- ".
_EN_DESCRIBED_NAME = re.compile(
    r"\b[A-Z][a-z]+'s (?=[A-Z])|\b(?:" + "|".join(_EN_HEADS) + r") (?=[A-Z])"
)
_EN_DATELINE_ENDS = (") - ", ") — ", " -- ")


def _dateline_ends(norm: str) -> list[int]:
    """Where each of the leftmost non-overlapping ``_EN_DATELINE_ENDS`` ends, as ``finditer``
    finds them: found with ``str.find``, since a pattern opening with a space is tried at
    every space."""
    hits = sorted(at for end in _EN_DATELINE_ENDS for at in _found_at(norm, end))
    out: list[int] = []
    for at in hits:  # all four characters long, no two starting at one offset
        if not out or at >= out[-1]:
            out.append(at + 4)
    return out


def _en_sentence_starts(norm: str) -> list[int]:
    """Where _EN_SUBJECT, _EN_OPENED and _EN_PAIR may begin: the start, after a stop and a
    space or a line break (a second space opens no name), after "that " or "Shares of ",
    after a ticker lead ("NVDA - "), a dateline ("MILAN, Feb 24 (Reuters) - ", "TOKYO -- ")
    a place ("Seattle-based X") or ", and" ("…, and Rain AI pulled in $25 million")."""
    starts = [0, *(m.end() for m in _EN_STOP.finditer(norm))]
    starts += _dateline_ends(norm)
    starts += [at + 7 for at in _found_at(norm, "-based ")]  # "Seattle-based X began …"
    starts += [at + 6 for at in _found_at(norm, ", and ")]  # "…, and Rain AI pulled in …"
    # "Israel's Hailo raised", "component maker Nordhavn Wind Systems has raised"
    starts += [m.end() for m in _EN_DESCRIBED_NAME.finditer(norm)]
    starts += [at + 5 for at in _found_at(norm, "that ")]
    starts += [at + 10 for at in _found_at(norm, "Shares of ")]
    lead = _EN_TICKER_LEAD.match(norm)
    if lead:
        starts.append(lead.end())
    return sorted(starts)


def structural_names(norm: str, lang: str) -> list[tuple[int, int, int | None]]:
    """(start, end, alias_of_start) spans of company names found by their position."""
    out: list[tuple[int, int, int | None]] = []
    if lang == "zh":
        counterparty_at = [m.start() for m in _ZH_COUNTERPARTY_LEAD.finditer(norm)]
        for matches in (
            finditer_at(_ZH_ANNOUNCER, norm, _zh_announcer_starts(norm)),
            finditer_at(_ZH_COUNTERPARTY, norm, counterparty_at),
        ):
            for m in matches:
                s, e = m.span(m.lastgroup or "name")
                if m.lastgroup == "pas" or _zh_ok(norm[s:e]):
                    out.append((s, e, None))
        for s, e in _zh_legal_names(norm) if "有限" in norm else ():
            lead = _ZH_LIST_LEAD.match(norm, s, e)
            if lead:
                s = lead.end()
            if _zh_ok(norm[s:e]):
                out.append((s, e, None))
        for m in _ZH_LATIN_NAME.finditer(norm) if _HAS_CAPITAL.search(norm) else ():
            out.append((*m.span("name"), None))  # 锂矿商Pilbara Minerals, 与Nexora签署
        for m in _ZH_SHORT_NAME.finditer(norm) if "称" in norm else ():
            g = "name" if m.group("name") else "name2"
            s, e = m.span(g)
            out.append((s, e, m.start()))
        return out
    starts = _en_sentence_starts(norm)
    low = ascii_lower(norm)
    for m in finditer_at(_EN_SUBJECT, norm, starts):
        s, e = m.span("name")
        if norm.startswith("Shares of ", s):
            s += len("Shares of ")  # "Shares of X soared": X
        if _en_ok(norm[s:e], norm, low):
            out.append((s, e, None))
    for m in finditer_at(_EN_OPENED, norm, starts) if any(w in norm for w in _EN_OPENERS) else ():
        s, e = m.span("name")
        if _en_ok(norm[s:e], norm, low):
            out.append((s, e, None))
    for m in finditer_at(_EN_PAIR, norm, starts):
        s, e = m.span("name")
        if _en_ok(norm[s:e], norm, low) and _en_ok(m.group("name2"), norm, low):
            out.append((s, e, None))
            out.append((*m.span("name2"), None))
    for m in _EN_OBJECT_LEADS.finditer(norm, low):
        at = m.start("name")
        if norm[max(0, at - 7) : at].lower().endswith(_OF_ENDS) and _PLACE_OF.search(
            norm, max(0, m.start() - 16), at
        ):
            continue  # "with the city of Hefei": a government, not a company
        verb = m.group(0)[: m.start("name") - m.start()].strip().lower()
        verb = verb.removesuffix(" the").strip()
        near = max(0, m.start() - 80)
        if verb in _EN_OBJECT_NEEDS_DEAL and not _EN_DEAL_NEAR_LEADS.search(
            norm[near : m.start()], low[near : m.start()]
        ):
            continue
        if verb in _EN_OBJECT_NEEDS_LIST and not _EN_LIST_NEAR.search(
            norm, max(0, m.start() - 120), m.end() + 120
        ):
            continue
        s, e = m.span("name")
        listed = verb in _EN_OBJECT_NEEDS_LIST and _placed_name(norm[s:e])
        # listed: "including Beijing Corelink Microelectronics"
        if listed or _en_ok(norm[s:e], norm, low):
            out.append((s, e, None))
            out.extend(_en_more(norm, e, low))
    return out


def _placed_name(name: str) -> bool:
    """A name opening with its city or country ("Beijing Corelink Microelectronics")."""
    words = name.split()
    return (
        len(words) >= 2
        and words[0].lower() in _EN_REJECT
        and not any(w.lower() in _EN_REJECT for w in words[1:])
        and not _EN_OFFICIAL.search(name)
    )


def _en_more(norm: str, end: int, low: str) -> list[tuple[int, int, int | None]]:
    """The names coordinated after an object ("including A, B and C")."""
    out: list[tuple[int, int, int | None]] = []
    while len(out) < 8:
        m = _EN_MORE.match(norm[end : end + 120])
        if not m or not (_en_ok(m.group("name"), norm, low) or _placed_name(m.group("name"))):
            break
        out.append((end + m.start("name"), end + m.end("name"), None))
        end += m.end()
    return out

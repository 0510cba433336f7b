"""The cue patterns the event engine reads on whole clauses, behind one literal gate.

``Clause.may`` (``extractors.clauses``) answers from one literal scan of a clause, made
together with the trigger patterns' own literals, whether one of these cues could match it
at all: most clauses hold none. Every stage reads clauses, so the patterns the gate covers
sit here, below them all; the stages import the ones they read.
"""

from __future__ import annotations

import re

from extractors import details as dt
from extractors.gate import Gate, required_literals
from extractors.triggers import gate_needs

_I = re.IGNORECASE


JOINT = re.compile(r"\b(?:combined|jointly|together)\b|共同|联合|合计|合资", _I)
ROUND_WORDS = re.compile(
    r"\b(?:funds|capital|money|valuation|round|funding|financing|series [a-h]|seed|pre-ipo)\b"
    r"|\binvestors?\b|\b(?:loans?|credit (?:line|facility)|convertible notes|bonds)\b"
    r"|\bbacked\b|\bled by\b|\bplacement\b",
    _I,
)
FORECAST = re.compile(
    r"预估|预测|分析师|法人|研究机构|市研机构|\banalysts? (?:expect|estimate|forecast|say|said)"
    r"|\bforecasts?\b|(?<!\ban )\bestimated?\b|\bprojects?\b|\bguided\b|\bprojected\b"
    r"|\bpredict(?:s|ed)?\b|\b(?:would|will|to) (?:reach|exceed|top|surpass)\b"
    r"|预计[^,，。;；]{0,12}(?:达到|将达|突破|超过)|有望达到|规模将达",
    _I,
)
PRODUCT_WORDS = re.compile(
    r"\b(?:tpus?|gpus?|chips?|accelerators?|racks?|wafers?|memory|hbm|servers?|capacity|processors?)\b"
    r"|芯片|算力|TPU|GPU|晶圆|代工|服务器|加速器",
    _I,
)
STATS = re.compile(r"\d+\s*(?:笔|起)|同比|环比|占比|统计|市场份额|market share|\bshare of\b", _I)
DEAL_REF = re.compile(
    r"\b(?:the|this|that) (?:deal|transaction|arrangement|purchase|acquisition|takeover)\b"
    r"|\b(?:paying|paid|pay)\b|交易金额|交易总额|交易价值|该交易|本次交易|这笔交易|交易对价",
    _I,
)
INVESTOR_CUE = re.compile(
    r"\b(?:led|co-led) (?:it|the round)\b|\bamong the (?:participants|investors)\b|\btook part\b"
    r"|\bparticipated\b|领投|跟投|参投",
    _I,
)
CUSTOMER_IS = re.compile(
    r"客户(?:正|就)?(?:是|为)|\bcustomer (?:is|was)\b|\bthe buyer (?:is|was)\b", _I
)
DENIAL_VERB = re.compile(
    r"否认|辟谣|并未与|并无|\bden(?:y|ies|ied)\b|\bnot pursuing\b|\bhas not held\b", _I
)
REF_NOUN = re.compile(
    r"^\W*(?:the|this|that) (?:deal|transaction|purchase|acquisition|takeover|merger|sale)\b"
    r"|^\W*(?:该|此次|本次|这笔)(?:交易|收购|并购|合并|融资)",
    _I,
)
LISTING_CUES = re.compile(
    r"发行价|招股价|开盘|开市|收盘|收报|收市|市值|募资总额|募资|集资|所得款项|首日"
    r"|\boffer(?:ing)? price\b|\bopened at\b|\bclos(?:ed|ing) at\b|\bmarket capitali[sz]ation\b"
    r"|\bworth\b|\braising\b|\bfirst day\b|\bproceeds\b|\bstock code\b|\bticker\b",
    _I,
)
ANAPHORIC_DEAL = re.compile(
    r"(?:^|[.;:]\s*)\W*(?:the|this|that|such an?) "
    r"(?:acquisitions?|purchases?|takeovers?|mergers?|deals?)"
    r"(?! (?:of|by|for|with)\b)$",
    _I,
)
SUBSIDY_LAW = re.compile(r"\bchips (?:and science )?act\b|芯片法案", _I)
OFFERING_APPROVAL = re.compile(r"注册|发行|上市|过会|募集", _I)


# "its board approved a plan to invest", 董事会审议通过: the company's own approval
CORPORATE_APPROVAL = re.compile(
    r"(?:\b(?:board|directors|shareholders|stockholders)\b|董事会|股东大会|股东会)[^,，;；]{0,12}$",
    _I,
)


# An IPO's cornerstone, anchor or strategic-placement investors (an optional funding of the
# issuer), never a listing or a round of their own.
IPO_ANCHOR = re.compile(
    r"战略配售|基石投资|锚定投资|\b(?:cornerstone|anchor) investors?\b"
    r"|\bindicat(?:ed|es|ions?) (?:of |an )?interest in (?:buying|purchasing|subscribing)"
    r"|\bat the (?:IPO|offering) price\b",
    _I,
)


# 获配 / 参与认购 / subscribed: one investor's part of an offering, not a round of its own
ALLOTTED = re.compile(r"获配|参与认购|认购了?(?:约|其中)?\d|\bsubscribed (?:for|to)\b", _I)


UNDER_THE_DEAL = re.compile(
    r"^\W*(?:under|as part of|according to|per) (?:the|this|that|its) (?:[\w-]+ )?"
    r"(?:agreement|deal|contract|pact|arrangement|terms)\b"
    r"|^\W*(?:根据|按照|依据)(?:该|本|上述|此)?(?:协议|合同|协定)",
    _I,
)


# Capital a company puts into its own subsidiary: an investment in its own capacity
# (FORMAT.md: a parent and the subsidiary doing the deal are one company), not a round.
OWN_UNIT_CAPITAL = re.compile(
    r"(?:对|對|向)(?:其)?(?:全资|全資|百分之百持股|100%持股)?(?:子公司|孙公司|孫公司)"
    r"[^,，。;；]{0,30}?增[资資]"
    r"|增[资資](?:其)?(?:全资|全資|百分之百持股)?(?:子公司|孙公司|孫公司)"
    r"|\b(?:inject\w*|invest\w*)\b[^.;]{0,30}\b(?:its|a) (?:wholly[- ]owned )?"
    r"(?:subsidiary|unit)\b",
    _I,
)
PHASE = re.compile(
    r"(?:其中)?(?:[一二三四首]|第[一二三四])期(?!基金)|分[两二三四]期"
    r"|\b(?:first|second|third|initial|later) (?:phase|stage)\b|\bphase (?:one|two|I{1,3}|[1-3])\b",
    _I,
)


ROUND_REF = re.compile(r"\b(?:the|that|this) (?:\w+ )?round\b|本轮|该轮|此轮", _I)


# "Corvid, a startup that …", "chip startup Corvid", 初创公司芯途, 芯途是一家初创企业
STARTUP_AFTER = re.compile(
    r"^\s*(?:,\s*(?:an?|the) (?:[\w-]+ ){0,3}start-?up\b|[,，]?\s*(?:是)?一家[^,，。;；]{0,15}?"
    r"(?:初创|创业)(?:公司|企业))",
    _I,
)
STARTUP_BEFORE = re.compile(r"(?:\bstart-?up|初创公司|初创企业|创业公司)\s*$", _I)
# "The startup raised …", 这家初创公司/该初创企业: the company last described as one
STARTUP_REF = re.compile(
    r"\bthe (?:[\w-]+ )?start-?up\b|(?:这家|该)(?:[^,，。;；]{0,6}?)(?:初创|创业)(?:公司|企业)", _I
)


PROCEEDS = re.compile(
    r"募资|集资|募集|所得款项|\braise\b|\braising\b|\braised\b|\bproceeds\b|\bshare sale\b"
    r"|\boffering\b",
    _I,
)
RAISING_NOW = re.compile(r"\bis raising\b|\bare raising\b|正在募集|正在进行", _I)


# A government publishing a rule (or opening a trade probe) that names products, not companies:
# the rule is an event with an empty ``affected`` (FORMAT.md, export-control packages).
RULE_MAKING = re.compile(
    r"\b(?:published|publishes|issued|issues|unveiled|unveils|announced|imposed|imposes"
    r"|introduced|tightened|tightens|tightening|expanded|expands|adopted|rolled out|new)"
    r" (?:[\w-]+ ){0,3}?(?:rules?|controls?|restrictions?|curbs?|regulations?|requirements?)\b"
    r"|\b(?:rules?|regulations?) (?:tightening|restricting|expanding|limiting|that (?:restrict"
    r"|tighten|require|limit|bar))\b"
    r"|发布[^,，。;；]{0,8}(?:新规|规则|措施|规定|公告)|出台|收紧|加严|扩大[^,，。;；]{0,6}管制"
    r"|(?:发起|启动|开展|立案)[^,，。;；]{0,8}调查|反倾销|反补贴|\banti-(?:dumping|subsidy)\b",
    _I,
)


BOARD_PASSED = re.compile(
    r"\b(?:board|directors)\b[^.;]{0,20}\b(?:approved|signed off|cleared)\b"
    r"|董事会[^,，。;；]{0,8}审议通过",
    _I,
)
SIGNED = re.compile(
    r"\b(?:signed|inked|won|wins|secured|awarded|struck|clinched)\b|\bunder which\b"
    r"|\bunder (?:a|an|the|its)\b[^.;]{0,40}?\b(?:contract|agreement|deal)\b"
    r"|已签订|已签署|签订了|签署了|中标",
    _I,
)


COMPLETION_PHRASE = re.compile(r"[^,，;；]*(?:完成|completed|closed)[^,，;；。.]*", _I)


LISTED_CUE = re.compile(
    r"\bamong (?:the|them|those)\b|\binclud(?:e|es|ed|ing)\b|\bnamed\b|\bsuch as\b"
    r"|包括|其中|分别为|分别是|名单|被列入|列入的",
    _I,
)


PARTICIPLE_OPENER = re.compile(
    r"^\W*(?:founded|established|formed|launched|spun (?:out|off)|based|headquartered"
    r"|incorporated|backed|started)\b[^,;]{0,80},\s*",
    _I,
)


# The cues read on whole clauses or their parts, behind one gate (``Clause.may``)
_CLAUSE_CUES = (
    ROUND_WORDS,
    ANAPHORIC_DEAL,
    CORPORATE_APPROVAL,
    dt.AUTHORITY_WORDS,
    SUBSIDY_LAW,
    OFFERING_APPROVAL,
    PRODUCT_WORDS,
    FORECAST,
    JOINT,
    STARTUP_REF,
    ROUND_REF,
    LISTING_CUES,
    REF_NOUN,
    DEAL_REF,
    INVESTOR_CUE,
    CUSTOMER_IS,
    LISTED_CUE,
    DENIAL_VERB,
    ALLOTTED,
    STARTUP_AFTER,
    STARTUP_BEFORE,
    IPO_ANCHOR,
    STATS,
    RULE_MAKING,
    OWN_UNIT_CAPITAL,
    UNDER_THE_DEAL,
    PHASE,
    PROCEEDS,
    RAISING_NOW,
    BOARD_PASSED,
    SIGNED,
    COMPLETION_PHRASE,
    PARTICIPLE_OPENER,
)
# behind the trigger patterns' own literals, so one scan of a clause reads both
CLAUSE_GATES = {
    lang: Gate(gate_needs(lang) + [required_literals(rx) for rx in _CLAUSE_CUES])
    for lang in ("en", "zh")
}
# per language, each cue's bit in the clause mask (after the trigger patterns' bits)
CLAUSE_BIT = {
    lang: {id(rx): 1 << (len(gate_needs(lang)) + i) for i, rx in enumerate(_CLAUSE_CUES)}
    for lang in ("en", "zh")
}

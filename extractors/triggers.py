"""Trigger lexicons: which event types a clause may report, and where.

Each event type has a few families of wording per language ("X raised",
"led by", 完成…融资; "X acquired Y", "Y was acquired by X", 被…收购; …).
A family is a ``kind`` the role finder uses to read the clause's structure.
Patterns are compiled once at import; ``find_triggers`` runs them over one
clause of normalized text and drops the usual false friends (dividends
raised, consent orders, 上市公司, 合并报表 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.gate import Gate, Leads, required_literals
from extractors.text import ascii_lower
from extractors.types import EventType

F, A, LST, ORD, INV, R = (
    EventType.FUNDING,
    EventType.ACQUISITION,
    EventType.LISTING,
    EventType.ORDER,
    EventType.INVESTMENT,
    EventType.REGULATION,
)


@dataclass(frozen=True)
class Trigger:
    """A word that makes a clause report an event of ``type``."""

    type: EventType
    kind: str  # the wording family: "raise", "passive", "sell", "filed", "subsidize" …
    start: int
    end: int
    word: str


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# (type, kind, pattern); an English pattern is matched on word boundaries by itself.
_EN: list[tuple[EventType, str, re.Pattern[str]]] = [
    (
        F,
        "raise",
        _c(
            r"\b(?:raised|raises|raising|raise|lands|landed|secured|secures|closed|brought in"
            r"|pulled in|took in|hauled in|drew in)\b"
        ),
    ),
    (
        F,
        "round",
        _c(
            r"\b(?:funding round|financing round|funding|financing|seed round|seed funding"
            r"|fund-?raising|capital raise"
            r"|(?:that|the|this|its|a) (?:\w+ )?round"
            r"|series [a-h](?:[\d+-]*\d|\+)?(?![\w])|pre-ipo round|round led by|led the round"
            r"|co-led|put money into|backed by|private placement|convertible (?:bonds?|notes)"
            r"|bond (?:sale|offering)|notes offering|strategic investment"
            r"|credit (?:facility|facilities|line)|(?:term|bridge|syndicated) loans?|venture debt"
            r"|loan facilit(?:y|ies)|debt financing|pipe|private investment in public equity"
            r"|loan (?:agreement )?(?:with|to)"
            r"|(?:sold|sells|issued|issues|priced|placed) (?:[^.;]|\.(?=\d)){0,60}?"
            r"\b(?:bonds|notes|debentures)(?! (?:due|maturing) )\b)\b"
        ),
    ),
    (F, "invest_in", _c(r"\b(?:invest(?:ed|s|ing)?|injects?|injected|pour(?:s|ed|ing)?)\b")),
    (
        A,
        "passive",
        _c(
            r"\b(?:(?:was|were|been|being|be|is|are) (?:acquired|bought|purchased|taken over"
            r"|snapped up|scooped up|picked up|taken private)"
            r"|(?:acquired|bought|purchased|snapped up|scooped up) by)\b"
        ),
    ),
    (
        A,
        "sell",
        _c(r"\b(?:sell|sells|selling|sold|offload(?:s|ed|ing)?|divest(?:s|ed|ing)?|sale of)\b"),
    ),
    (
        A,
        "buy",
        _c(
            r"\b(?:acquire[sd]?|acquiring|acquisitions?|buy|buys|buying|bought|purchase[sd]?"
            r"|purchasing|takeover|take over|took over|mergers?|merge[sd]?|merging"
            r"|stake in|combination|buyouts?|takeover bids?|tender offer|bid for"
            r"|snap(?:s|ped)? up|scoop(?:s|ed)? up|pick(?:s|ed)? up|took control of"
            r"|take[sn]? control of"
            r"|offer(?:ed|s)?(?= (?:about |roughly |nearly )?(?:\$|€|£|US\$)?[\d.,]+"
            r"(?: (?:million|billion|euros?|dollars?|yen|pounds?))* for\b))\b"
        ),
    ),
    (
        A,
        "license",
        _c(
            r"\blicen[cs](?:e|es|ed|ing)\b[^.;]{0,160}\bhir(?:e|ed|ing)\b"
            r"|\bhir(?:e|ed|ing)\b[^.;]{0,160}\blicen[cs](?:e|es|ed|ing)\b"
            r"|\btook on the engineering team\b"
        ),
    ),
    (
        LST,
        "listed",
        _c(
            r"\b(?:debut(?:ed|s)?|first day of trading|began trading|started trading"
            r"|initial public offerings?|IPO|listing|went public|go public|share sale"
            r"|(?:the|its|their) offerings?|listed (?:its|their) shares"
            r"|(?<=\bwhen it )listed|(?<=\bafter it )listed|(?<=\bwhen they )listed"
            r"|(?<=\bwhich )listed(?= (?:its shares )?(?:on|in)\b))\b"
        ),
    ),
    (
        LST,
        "filed",
        _c(
            r"\b(?:filed (?:(?:publicly|confidentially|formally|officially) )?(?:on \w+ )?"
            r"(?:for|to)|files for|filing for|confidentially filed)\b"
        ),
    ),
    (LST, "priced", _c(r"\b(?:price[sd]? (?:its|their|the) (?:offerings?|IPO|shares))\b")),
    (
        ORD,
        "order",
        _c(
            r"\b(?:orders?|contracts?|supply (?:deal|agreement)s?|purchase agreements?"
            r"|to spend [^.;]{0,40}\bon\b|expand its use of|(?:supply |purchase )?pacts?"
            r"|(?:tapped|chosen|selected|picked) to (?:supply|provide|deliver)"
            r"|(?:buy|buys|bought|buying|purchase[sd]?)"
            r"(?= (?:up to |about |more than )?[^.;]{0,30}\bof (?:\w+ ){0,3}"
            r"(?:chips?|gpus?|tpus?|processors?|accelerators?|servers?|equipment|wafers?|memory|capacity)\b"
            r"| (?:(?!stakes?\b|shares?\b|compan|business|makers?\b|startups?\b|firms?\b|units?\b)"
            r"[\w$.,()'-]+ ){0,8}?(?:chips?|gpus?|tpus?|cards?|modules?|processors?|accelerators?"
            r"|servers?|racks?|tools?|equipment|wafers?|memory|capacity)\b"
            r"(?! (?:unit|business|division|maker|designer|company|startup|firm|arm)s?\b)))\b"
        ),
    ),
    (ORD, "deal", _c(r"\b(?:deal|agreement|arrangement)s?\b")),
    (
        INV,
        "invest",
        _c(
            r"\b(?:invest(?:ed|s|ing)?|spend(?:s|ing)?|spent|capex|capital (?:expenditure|spending"
            r"|budget)"
            r"|build(?:s|ing)?(?! on)(?=(?:[^.;]|\.(?=\d)){0,70}"
            r"\b(?:fabs?|plants?|factor(?:y|ies)|facilit(?:y|ies)|campus))"
            r"|construct(?:s|ed|ing|ion)?|breaks? ground|broke ground|pour(?:s|ed|ing)?"
            r"|commitment(?= of\b)"
            r"|groundbreaking)\b"
        ),
    ),
    (
        R,
        "sanction",
        _c(
            r"\b(?:entity list|sanction(?:s|ed)?|blacklist(?:ed)?|fined|fines? (?:of|totall?ing)"
            r"|(?:monetary )?penalt(?:y|ies) of|penali[sz]ed)\b"
        ),
    ),
    (
        R,
        "subsidize",
        _c(
            r"\b(?:grants?|award(?:s|ed|ing)?|subsid(?:y|ies|ize[sd]?|ise[sd]?)|state aid"
            r"|aid|incentives?|chips act|chips and science act|finali[sz]ed)\b"
            # "it agreed to give Micron up to 192.5 billion yen": kept only after a government
            r"|\b(?:agreed|agrees|pledged|pledges|promised|promises|offered)\s+to\s+give\b"
        ),
    ),
    (
        R,
        "lift",
        _c(
            r"\b(?:lift(?:s|ed)?|withdr(?:ew|awn|aws)|rescind(?:s|ed)?|revok(?:e|es|ed)|eased"
            r"|suspend(?:s|ed|ing)? (?:the |its |an? )?(?:[\w-]+ ){0,2}(?:order|rule|ban|measures?"
            r"|restrictions?|controls?|requirements?)"
            r"|remov(?:e|es|ed|ing)(?=[^.;]{0,80}\bfrom (?:the|its|their) (?:[\w-]+ ){0,2}list)"
            r"|resum(?:e|es|ed|ing|ption)(?= (?:of )?(?:[\w-]+ ){0,4}(?:sales|shipments|exports"
            r"|selling|shipping|deliveries))|allow(?:s|ed|ing)? [^.;]{0,40}\bto resume)\b"
        ),
    ),
    (
        R,
        "restrict",
        _c(
            r"\b(?:export controls?|controls? on (?:\w+ )?exports?|restrict(?:s|ed|ing|ions?)?"
            r"|curbs?|needed licen[cs]es"
            r"|need(?:ed|s)? (?:a |an )?(?:export )?licen[cs]es?|licen[cs]e requirements?"
            r"|require[sd]? (?:a |an )?(?:export )?licen[cs]es?"
            r"|no longer (?:be )?(?:allowed|permitted)|(?:not|never) be (?:allowed|permitted) to)\b"
        ),
    ),
    (R, "ban", _c(r"\b(?:ban(?:s|ned)?|prohibit(?:s|ed)?|barred)\b")),
    (
        R,
        "approve",
        _c(
            r"\b(?:approv(?:ed|es|al)|cleared|clears|authori[sz]ed|consent (?:order|decree)"
            r"|(?:issued|granted) "
            r"(?:export )?licen[cs]es)\b"
        ),
    ),
    (R, "investigate", _c(r"\b(?:investigat(?:e|es|ed|ion)|probe[sd]?|examined|summoned)\b")),
]

_ZH: list[tuple[EventType, str, re.Pattern[str]]] = [
    (
        F,
        "raise",
        _c(
            r"融资|募资|募集资金|(?<!自)筹资|注资|增资|领投|跟投|参投|联合投资|定增|定向增发|配售|配股"
            r"|公司债|可转债|发债|战略投资|向特定对象发行|非公开发行|借款(?!债权|利息|期限|利率)|授信|天使\+*轮|种子轮|pre-?a\+*轮|pre-?ipo轮|[a-h]\d?\+*轮"
            r"|获(?:得)?[^,，。;；]{0,16}投资|寻求[^,，。;；]{0,4}投资|引入[^,，。;；]{0,6}投资"
        ),
    ),
    (A, "passive", _c(r"被[^,，。;；]{1,30}?(?:收购|并购|吸收合并|收入囊中|收归旗下|纳入麾下)")),
    (A, "sell", _c(r"出售|转让|剥离")),
    (
        A,
        "buy",
        _c(
            r"收购|并购|吸收合并|吸并|换股合并|合并(?!报表|营收|收入|财报|利润|后)|资产重组|战略重组"
            r"|入股|买下|购入|控股权|要约收购|受让"
            r"|购买(?=[^,，。;；]{0,24}(?:股权|股份|资产|厂房|工厂|产线|园区)"
            r"|[^,，。;；]{0,16}?[(（][^)）]{0,24}[)）][^,，。;；]{0,12}?(?:股权|股份))"
        ),
    ),
    (
        LST,
        "listed",
        _c(
            r"挂牌|上市首日|首日(?:上市|挂牌|交易|收)|登陆|敲钟|上市交易|首次公开发行|(?<![-a-z])IPO(?!轮|申请)"
            r"|(?<!终止)(?<!退市)上市(?!公司|前|后|时|规则|不足|以来|满|企业|辅导|首日|申请|审核|委|平台|地位)"
        ),
    ),
    (
        LST,
        "filed",
        _c(
            r"递表|(?:递交|报送)[^,，。;；]{0,8}(?:上市申请|招股(?:说明)?书)|IPO申请|上市申请|提交[^,，。;；]{0,6}申请"
            r"|(?:上市|IPO|发行)审核(?!委)"
        ),
    ),
    (
        LST,
        "approved",
        _c(
            r"过会|注册生效|获准注册|同意[^,，。;；]{0,6}注册"
            r"|(?:首发|IPO|上市|发行)申请[^,，。;；]{0,4}(?:获|顺利|已)(?:审核|审议)?通过"
            r"|(?<![议案])(?:均|顺利)?获(?:审核|审议)?通过"
        ),
    ),
    (
        ORD,
        "order",
        _c(
            r"订单|大单|采购|订购|供货(?!商)|代工合同|合同|合约|供应协议|(?<![增成延生涨拉助])长约|下单|租用"
            r"|出售予|出售给|承购|包销协议"
            r"|购买(?![^,，。;；]{0,24}(?:股权|股份|资产|厂房|工厂|产线|园区)"
            r"|[^,，。;；]{0,16}?[(（][^)）]{0,24}[)）][^,，。;；]{0,12}?(?:股权|股份))"
            r"|芯片交易|算力交易|中标|预中标|成交通知书|定点通知|定点函|定点信"
        ),
    ),
    (ORD, "deal", _c(r"交易|合作协议|协议|合作|供应(?!链|商|量|端|紧|短|侧|体系|能力|保障)")),
    (
        INV,
        "invest",
        _c(
            r"(?<!战略)(?<!寻求)(?<!风险)投资(?!者|人|方|机构|阵容|基金|市场|逻辑|价值)|投入|资本预算|资本支出|资本开支"
            r"|建厂|新建|扩产|动工|开工|破土|兴建|设立[^,，。;；]{0,6}研发中心"
        ),
    ),
    (R, "sanction", _c(r"实体清单|制裁|黑名单|行政处罚|罚款|处以[^,，。;；]{0,12}罚")),
    (R, "subsidize", _c(r"补贴|补助|资助|援助|拨款|新拨|支援|芯片法案")),
    (
        R,
        "lift",
        _c(
            r"解除|撤销|撤回|放宽|取消[^,，。;；]{0,6}(?:限制|禁令|管制|要求)"
            r"|移出|移除(?=[^,，。;；]{0,30}清单)|解禁|允许[^,，。;；]{0,10}恢复"
            r"|恢复[^,，。;；]{0,10}(?:销售|交付|供货|出货|出口|发货|供应)"
        ),
    ),
    (
        R,
        "restrict",
        _c(
            r"出口管制|管制|限制|受限|许可要求|许可证?管理|不再允许|不允许|不得(?:向|对)"
            r"|(?:需|须|需要|必须)(?:获得|取得|申领|申请|持有)?[^,，。;；]{0,4}许可"
        ),
    ),
    (R, "ban", _c(r"禁令|禁止|禁售|驳回|不予许可|否决")),
    (
        R,
        "approve",
        _c(r"批准|核准|获批|放行|发放[^,，。;；]{0,4}许可|许可证|(?<=会议也)通过|(?<=会议)通过"),
    ),
    (R, "investigate", _c(r"约谈|调查|审查|立案")),
]

# False friends: a trigger whose surroundings match these is dropped.
_NEGATIVE_EN = _c(
    r"\b(?:several|multiple|many) (?:funding )?rounds\b"
    r"|\braised (?:its|their|the) (?:quarterly )?(?:dividend|forecast|guidance|outlook|prices?"
    r"|target)"
    r"|\bin order to\b|\b(?:consent|executive|court) orders?\b|\border of magnitude\b"
    r"|\bexisting contracts\b|\bdelist"
    r"|\b(?:buy(?:s|ing)?|bought) back\b|\bbuy-?backs?\b|\brepurchas\w*"
    r"|\bcontract (?:chip ?makers?|manufactur\w*|foundr\w*|research|electronics)"
    r"|\b(?:use|uses|using|used) (?:the |its |their |part of the |some of the )?(?:money|proceeds"
    r"|funds|funding|capital|cash) (?:to|for) (?:\w+ )?(?:buy|purchase|acquir)\w*"
)
_NEGATIVE_REG_EN = _c(
    r"\b(?:need|needs|needed|require[sd]?|subject to|pending|awaiting|seek(?:s"
    r"|ing)?) (?:\w+ ){0,2}approvals?\b"
    r"|\b(?:failed|refused|declined) to (?:grant |give )?(?:\w+ ){0,2}(?:approv\w*|clear\w*)"
)
_NEGATIVE_ZH = _c(
    r"(?:多|数|几)轮融资|融资融券|融资(?:交易|事件|总额|规模)|投资者|投资人|上市公司|上市规则|终止上市|退市"
    r"|合并报表|订单(?:能见度|量)|合并完成后|完成合并后|交易完成后|须经[^,，。;；]{0,8}批准|尚需[^,，。;；]{0,8}批准"
    r"|撤回[^,，。;；]{0,6}申请|(?:出口)?许可证?申请|用于[^,，。;；]{0,8}(?:采购|购买|购置|收购)"
)


class _Table:
    """One language's trigger patterns, with the false friends, behind one ``Gate``:
    bit i for pattern i, then a bit for each negative pattern."""

    def __init__(
        self, rows: list[tuple[EventType, str, re.Pattern[str]]], negatives: list[re.Pattern[str]]
    ) -> None:
        self.rows = [(etype, kind, Leads(rx)) for etype, kind, rx in rows]
        self.negatives = [Leads(rx) for rx in negatives]
        self.needs = [required_literals(rx) for rx in [rx for _, _, rx in rows] + negatives]
        self.gate = Gate(self.needs)
        self.rows_mask = (1 << len(rows)) - 1

    def spans(self, k: int, clause: str, low: str, mask: int) -> list[tuple[int, int]]:
        """Where negative pattern ``k`` matches ``clause`` (none where the gate says so)."""
        if not mask >> (len(self.rows) + k) & 1:
            return []
        return [(m.start(), m.end()) for m in self.negatives[k].finditer(clause, low)]


# Most clauses hold no trigger, and most patterns have no word of theirs in a clause:
# a pattern runs only where one of its required literals is in the lower-cased clause,
# all of them found in one scan (gating fell from ~25 to ~8 µs a clause), and so do the
# false friends (the English ones were ~40 µs a clause; four clauses in five have none).
# A pattern that runs is tried only where one of its leading words begins (``Leads``):
# an English (?i) pattern tried at every offset cost ~20 µs a clause.
_TABLES = {
    "zh": _Table(_ZH, [_NEGATIVE_ZH]),
    "en": _Table(_EN, [_NEGATIVE_EN, _NEGATIVE_REG_EN]),
}


def gate_needs(lang: str) -> list[tuple[str, ...] | None]:
    """The required literals ``find_triggers`` gates its patterns with, in bit order: a
    caller that scans a clause for more literals can read these in the same pass."""
    return _TABLES["zh" if lang == "zh" else "en"].needs


def find_triggers(
    clause: str, lang: str, low: str | None = None, mask: int | None = None
) -> list[Trigger]:
    """Every trigger word in ``clause`` (normalized text), in text order.

    ``low`` is ``ascii_lower(clause)`` where the caller has it already; ``mask``
    is a ``Gate(gate_needs(lang) + …)`` mask of ``low`` where it has that.
    """
    if low is None:
        low = ascii_lower(clause)
    zh = lang == "zh"
    table = _TABLES["zh" if zh else "en"]
    if mask is None:
        mask = table.gate.mask(low)
    out: list[Trigger] = []
    if not mask & table.rows_mask:
        return out
    bad_all: list[tuple[int, int]] | None = None
    bad_reg: list[tuple[int, int]] = []
    rows = mask & table.rows_mask
    while rows:  # the set bits only, lowest first: one or two of ~20 a clause
        bit = rows & -rows
        rows ^= bit
        etype, kind, leads = table.rows[bit.bit_length() - 1]
        matches = leads.finditer(clause, low)
        if not matches:
            continue
        if bad_all is None:  # the false friends, read once a pattern has matched
            bad_all = table.spans(0, clause, low, mask)
            if not zh:
                bad_reg = table.spans(1, clause, low, mask)
        bad = bad_reg if etype is R and not zh else bad_all
        for m in matches:
            if any(s <= m.start() < e or s < m.end() <= e for s, e in bad):
                continue
            out.append(Trigger(etype, kind, m.start(), m.end(), m.group(0)))
    if not out:
        return out
    bare = [t for t in out if t.kind == "approved" and t.word.endswith("获通过")]
    if bare and not _LISTING_REVIEW.search(clause):
        # 获通过 alone is a listing approval only where a listing review is named
        out = [t for t in out if t not in bare]
    out.sort(key=lambda t: (t.start, t.end))
    return out


_LISTING_REVIEW = re.compile(r"上市委|审核委员会|审议会议|首发|IPO|发行上市|上市申请", re.I)

"""Last checks on discovered Chinese names: a phrase is not a company.

Discovery reads names from their position (the subject of 公告, the object of 收购), so a
time word (本周二), a person after a title (总裁吴启航), a board (耀登董事會) or a piece
of a clause (上限為耀登已發行股份) can stand where a name would. A longer name (five
characters or more) with no company ending (科技, 半导体, 有限公司 …) must be named more
than once, introduced as a company (IP提供商奎联芯) or announce something (东方电缆公告):
a phrase such as 区域品牌完善品类布局 does none of these.
"""

from __future__ import annotations

import re

from extractors.companies import ZH_NAME_ENDINGS, name_key
from extractors.text import HAN, fold
from extractors.types import Company, CompanyMention

# Words no company name holds (checked on the simplified, lower-cased name).
_NOT_IN_NAME = re.compile(
    r"董事长|董事会|总经理|总裁|已发行|此次|本次|意见|失败|以来|超过|就|^完成|^本[周月年季轮]"
    r"|^[上下这那该][周月年季轮次]|部分$|季度|^另一|^仅|的$"
    r"|^(?:融资|投资|收购|并购|上市|合作|交易|协议|公告|增资)$|提示性|^较|[^份]股$|^(?:股份)?有限(?:责任)?公司$"
    r"|^(?:陆续|专注|持续|先后|累计|相继|逐步|正在|已经|目前|曾经|独家)|[—–]|^法人$|^\d"
)
# A person introduced by a title (总裁吴启航, 董事长林志远): no company
_TITLE_BEFORE = re.compile(
    r"(?:总裁|總裁|董事长|董事長|创始人|創辦人|创办人|总经理|總經理|首席执行官|执行长|執行長|CEO"
    r"|负责人|負責人|主席|经理|經理|记者|記者|分析师|分析師)\s*$"
)
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,6}s")
_NOT_LATIN_WORDS = """
    orders order shares sales revenue revenues analysts investors customers regulators officials
    israel japan china korea taiwan germany france india poland netherlands singapore malaysia
    vietnam thailand indonesia europe asia america britain italy spain canada mexico brazil
"""
_NOT_LATIN_NAMES = frozenset(_NOT_LATIN_WORDS.split())
_LEGAL_ENDINGS = ("有限公司", "有限责任公司")  # 股份有限公司 ends in 有限公司
_DESCRIBED = re.compile(r"(?:商|厂|廠|企业|企業|公司|品牌|初创|新创)$")
_ANNOUNCES = re.compile(r"(?:发布|發布|披露)?(?:公告|宣布|披露)")


def _titled(norm: str, surface: str) -> bool:
    """``surface`` stands after a title somewhere in the article (总裁吴启航 … 吴启航透露)."""
    at = norm.find(surface)
    while at >= 0:
        if _TITLE_BEFORE.search(norm, max(0, at - 6), at):
            return True
        at = norm.find(surface, at + len(surface))
    return False


def plausible(norm: str, mention: CompanyMention) -> bool:
    """False for a discovered name that is a phrase (or a plural acronym), not a company."""
    company = mention.company
    if not company.discovered:
        return True
    if not HAN.search(mention.surface):
        # "IPOs", "GPUs"; "Orders", "Israel": a plural acronym, a common word or a country
        return not (
            _PLURAL_ACRONYM.fullmatch(mention.surface)
            or mention.surface.lower() in _NOT_LATIN_NAMES
        )
    name = fold(company.name)
    if _NOT_IN_NAME.search(name):
        return False
    if _TITLE_BEFORE.search(norm, max(0, mention.start - 6), mention.start) or _titled(
        norm, mention.surface
    ):
        return False
    if len(name) <= 4 or name.endswith(ZH_NAME_ENDINGS) or norm.count(mention.surface) >= 2:
        return True
    # named once, but introduced as a company (IP提供商奎联芯) or announcing (东方电缆公告)
    return bool(
        _DESCRIBED.search(norm, max(0, mention.start - 3), mention.start)
        or _ANNOUNCES.match(norm, mention.end)
    )


# 华晟(香港)国际投资有限公司: a legal name with its place in brackets, found from the bracket on
_BEFORE_NAME = re.compile(r".*(?:子公司|公司|旗下|控股|的|与|向|和|及|以|由|将|拟)")
_PLACE_IN_BRACKETS_BEFORE = re.compile(r"[\u4e00-\u9fff]{2,8}[(（][\u4e00-\u9fff]{2,4}[)）]$")


def with_bracketed_place(norm: str, mention: CompanyMention) -> CompanyMention:
    """A discovered Chinese legal name cut at a bracketed place, made whole again."""
    if not mention.company.discovered or not mention.surface.endswith(_LEGAL_ENDINGS):
        return mention
    lead = _PLACE_IN_BRACKETS_BEFORE.search(norm, max(0, mention.start - 14), mention.start)
    if lead is None:
        return mention
    start = lead.start()
    cut = _BEFORE_NAME.search(norm, start, lead.end())
    if cut is not None:
        start = cut.end()  # 全资子公司|华晟(香港): the name starts after the descriptor
    if (
        norm.find("(", start, lead.end()) - start < 2
        and norm.find("（", start, lead.end()) - start < 2
    ):
        return mention
    surface = norm[start : mention.end]
    company = Company(key="new:" + name_key(surface), name=surface, discovered=True)
    return CompanyMention(company, surface, start, mention.end)

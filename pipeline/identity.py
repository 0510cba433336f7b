"""Company identity across scripts and spellings: 芯屹科技 = "Xinyi Technology".

A discovered company (one no registry knows) gets a match key: its name with
legal form, descriptor, leading place and generic industry words removed, the
Han core spelled in pinyin. Two discovered names with the same key are one
company, whichever language the article was in.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import lazy_pinyin

from extractors.text import normalize

LEGAL = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|股份公司|集团|公司|控股"
    r"|[,.\s]+(inc|corp|corporation|co|ltd|limited|llc|plc|gmbh|ag|sa|nv|holdings?|group)\.?)+$",
    re.IGNORECASE,
)
# "模拟芯片企业芯屹科技": what precedes a descriptor noun is not the name
DESCRIPTOR = re.compile(r"^.*(企业|公司|厂商|初创|独角兽|龙头|供应商|制造商|设计商)(?=..)")
PLACES = re.compile(
    r"^(北京|上海|深圳|广州|杭州|苏州|合肥|无锡|南京|成都|西安|武汉|天津|重庆|厦门|珠海|宁波|青岛"
    r"|济南|长沙|郑州|东莞|佛山|常州|绍兴|嘉兴|南昌|福州|大连|沈阳|香港|台湾|浙江|江苏|广东|安徽"
    r"|山东|湖北|四川|陕西|福建)(?=..)"
)
GENERIC_HAN = re.compile(
    r"(科技|微电子|半导体|电子|集成电路|芯片|智能|信息|技术|股份|通信|光电|材料|装备|设备|系统)+$"
)
GENERIC_LATIN = re.compile(
    r"\b(technology|technologies|tech|microelectronics|semiconductors?|electronics|integrated"
    r"|circuits?|chips?|intelligen(t|ce)|information|systems?|materials|photonics|micro)\b",
    re.IGNORECASE,
)
HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=4096)
def match_key(name: str) -> str | None:
    """The identity key of a company name, or None when nothing distinctive is left."""
    text = normalize(unicodedata.normalize("NFKC", name)).strip()
    text = LEGAL.sub("", text).strip()
    if HAN.search(text):
        text = DESCRIPTOR.sub("", text)
        text = PLACES.sub("", text)
        core = GENERIC_HAN.sub("", text) or text
        han = "".join(ch for ch in core if HAN.match(ch))
        latin = re.sub(r"[^a-z0-9]", "", core.lower())
        key = "".join(lazy_pinyin(han)) + latin
    else:
        core = GENERIC_LATIN.sub(" ", text)
        key = re.sub(r"[^a-z0-9]", "", core.lower()) or re.sub(r"[^a-z0-9]", "", text.lower())
    return key if len(key) >= 3 else None

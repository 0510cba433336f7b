"""Sentences that refer back to what an article already reported.

News names a company in full once and then by a short form, reports a deal and then its
details, its phases, its subscribers and its effect on the share price. Each block is one
family of such wording; the article's events must be exactly the expected ones.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractors import extract
from extractors.companies import CompanyRegistry
from tests.eventcases import Expected, article, assert_exactly

CASES: list[tuple[str, str, list[Expected]]] = [
    # a discovered English name later shortened to its first word is the same company
    (
        "Halcyra Micro Devices Inc. won a $40 million award from the Commerce Department on "
        "Tuesday for a packaging line in Ohio. Officials said the award to Halcyra would "
        "support 300 jobs.",
        "en",
        [
            (
                "regulation",
                {"affected": ["Halcyra Micro Devices"]},
                "40e6",
                "announced",
                "subsidize",
            )
        ],
    ),
    # "Founded in …, X builds …": X is what "the company" means next
    (
        "AMD agreed to buy Quorvale Systems, a Toronto startup, for $600 million. Founded in "
        "2018 by former Intel engineers, Quorvale makes memory controllers. The company raised "
        "$45 million in a Series B round led by Walden International in 2023.",
        "en",
        [
            (
                "acquisition",
                {"acquirer": ["AMD"], "target": ["Quorvale"]},
                "600e6",
                "announced",
                None,
            ),
            (
                "funding",
                {"investee": ["Quorvale"], "investors": ["Walden"]},
                "45e6",
                "announced",
                None,
            ),
        ],
    ),
    # advisers and underwriters are no party of any deal
    (
        "Qualcomm agreed to acquire Ferrant Wireless for $1.1 billion. Goldman Sachs is "
        "acting as financial adviser to Ferrant.",
        "en",
        [
            (
                "acquisition",
                {"acquirer": ["Qualcomm"], "target": ["Ferrant"]},
                "1.1e9",
                "announced",
                None,
            )
        ],
    ),
    (
        "苏州澜芯微电子有限公司宣布获得3亿元B轮融资，本轮融资由深创投领投，华兴资本担任独家财务顾问。",
        "zh",
        [
            (
                "funding",
                {"investee": ["澜芯微电子"], "investors": ["深创投"]},
                "3e8",
                "announced",
                None,
            )
        ],
    ),
    # an IPO's cornerstone / anchor / strategic-placement investors fund the issuer
    (
        "Shares of Velomir Semiconductor Inc. rose 22% in their Nasdaq debut on Friday. "
        "Before the offering, AMD indicated an interest in purchasing up to $30 million of "
        "shares at the IPO price.",
        "en",
        [
            ("listing", {"issuer": ["Velomir"]}, None, "announced", None),
            ("funding", {"investee": ["Velomir"], "investors": ["AMD"]}, "30e6", "announced", None),
        ],
    ),
    (
        "无锡启衡半导体股份有限公司（简称“启衡半导体”）今日在科创板上市。"
        "本次发行中，大基金二期等机构参与了战略配售。",
        "zh",
        [
            ("listing", {"issuer": ["启衡半导体"]}, None, "announced", None),
            (
                "funding",
                {"investee": ["启衡半导体"], "investors": ["大基金二期"]},
                None,
                "announced",
                None,
            ),
        ],
    ),
    # the offering's terms right after a debut are the listing's, not a round
    (
        "杭州睿擎科技股份有限公司（简称“睿擎科技”）今日在创业板上市。"
        "公司本次发行价格为28.5元/股，募集资金总额9.6亿元，保荐机构为华泰联合证券。",
        "zh",
        [("listing", {"issuer": ["睿擎科技"]}, "9.6e8", "announced", None)],
    ),
    # a shareholder subscribing to the placement just reported is one of its investors
    (
        "浙江恒曜新材料股份有限公司（简称“恒曜新材”）发布定增预案，拟向不超过35名特定对象"
        "发行股票，募集资金不超过12亿元。其中，控股股东杭州恒曜控股有限公司拟以现金参与认购，"
        "认购金额不低于2亿元。",
        "zh",
        [
            (
                "funding",
                {"investee": ["恒曜新材"], "investors": ["恒曜控股"]},
                "1.2e9",
                "planned",
                None,
            )
        ],
    ),
    # one phase of a project just reported is part of it
    (
        "宁波拓晟电子股份有限公司（简称“拓晟电子”）公告，董事会审议通过在江西省赣州市投资建设"
        "年产500万套电驱系统项目，项目总投资约30亿元。项目分两期建设，其中一期投资约12亿元。",
        "zh",
        [("investment", {"investor": ["拓晟电子"]}, "3e9", "announced", None)],
    ),
    (
        "Kelvane Power said it will spend $2 billion on a battery plant in Kentucky, with "
        "production starting in 2027. The first phase will cost $800 million.",
        "en",
        [("investment", {"investor": ["Kelvane"]}, "2e9", "planned", None)],
    ),
    # the deal named again as news moving the shares is no second deal
    (
        "聯發科昨日宣布以新台幣42億元收購晶碩微電子股份有限公司全部股權。"
        "受併購消息激勵，聯發科今日股價上漲3%。",
        "zh",
        [
            (
                "acquisition",
                {"acquirer": ["聯發科"], "target": ["晶碩微電子"]},
                "4.2e9",
                "announced",
                None,
            )
        ],
    ),
    # a rule that widens the Entity List's reach adds nobody to it: a restriction
    (
        "美国商务部工业与安全局当地时间周一发布新规，将实体清单的许可证要求扩大至被列入企业"
        "控股50%以上的子公司。",
        "zh",
        [("regulation", {"affected": []}, None, "announced", "restrict")],
    ),
    # a government body the registry does not know grants; it is not the affected party
    (
        "无锡市人民政府近日宣布，向本地企业无锡芯熠科技有限公司拨付5000万元专项补助资金。",
        "zh",
        [
            (
                "regulation",
                {"affected": ["芯熠科技"]},
                "5e7",
                "announced",
                "subsidize",
            )
        ],
    ),
]


# Grants and loans: the public body that grants is the authority, the company the one
# affected; a credit facility is a debt funding from the lender; a company compared with is
# no party; a dateline does not hide the sentence's subject.
GRANT_CASES: list[tuple[str, str, list[Expected]]] = [
    (
        "The Dutch government on Wednesday suspended the emergency order it used to take "
        "control of chipmaker Nexperia.",
        "en",
        [("regulation", {"affected": ["Nexperia"]}, None, "announced", "lift")],
    ),
    (
        "Ondrel Photonics, a Haifa-based startup, said it received a grant of 9 million shekels "
        "from the Israel Innovation Authority to develop its optical engine.",
        "en",
        [("regulation", {"affected": ["Ondrel"]}, "9e6", "announced", "subsidize")],
    ),
    (
        "Vantrel Microsystems closed a €20 million Series A. The company has also been awarded "
        "up to €8 million in state aid from the Free State of Bavaria.",
        "en",
        [
            ("funding", {"investee": ["Vantrel"]}, "2e7", "completed", None),
            ("regulation", {"affected": ["Vantrel"]}, "8e6", "announced", "subsidize"),
        ],
    ),
    (
        "Corlith Devices secured £12 million in convertible notes from Draper Esprit and "
        "Octopus Ventures.",
        "en",
        [
            (
                "funding",
                {"investee": ["Corlith"], "investors": ["Draper Esprit", "Octopus Ventures"]},
                "1.2e7",
                "announced",
                None,
            )
        ],
    ),
    (
        "OSAKA -- Kaminari Substrates Co. will build a 90 billion yen ($600 million) "
        "substrate plant in Shiga Prefecture. The trade ministry has agreed to cover up to 30 "
        "billion yen of the cost, one of the larger subsidies outside of Rapidus.",
        "en",
        [
            ("investment", {"investor": ["Kaminari"]}, "9e10", "planned", None),
            ("regulation", {"affected": ["Kaminari"]}, "3e10", "announced", "subsidize"),
        ],
    ),
]

# Supply deals in English: who provides whom, the counterparty of an agreement against the
# maker of the product, a buyer several words before "agreed to buy", the deal's terms
# restated, a name that only describes the next one, a legal ending closing a sentence.
SUPPLY_CASES: list[tuple[str, str, list[Expected]]] = [
    (
        "Oracle signed a five-year, $12 billion agreement to provide Mistral AI with access to "
        "Nvidia processors. Under the agreement, Oracle will supply Mistral AI with capacity "
        "in Texas.",
        "en",
        [("order", {"buyer": ["Mistral"], "supplier": ["Oracle"]}, "1.2e10", "announced", None)],
    ),
    (
        "Meta Platforms announced a $3 billion agreement with CoreWeave to deploy thousands "
        "of Nvidia GPUs.",
        "en",
        [("order", {"buyer": ["Meta"], "supplier": ["CoreWeave"]}, "3e9", "announced", None)],
    ),
    (
        "Nebius said on Monday it separately agreed to buy about $2.1 billion of servers from "
        "Dell Technologies Inc. Meta also said it would expand its Texas campus.",
        "en",
        [
            (
                "order",
                {"buyer": ["Nebius"], "supplier": ["Dell"]},
                "2.1e9",
                "announced",
                None,
            ),
        ],
    ),
    (
        "Qualcomm agreed to buy RISC-V chip startup Tenvora for $350 million.",
        "en",
        [
            (
                "acquisition",
                {"acquirer": ["Qualcomm"], "target": ["Tenvora"]},
                "3.5e8",
                "announced",
                None,
            )
        ],
    ),
    # 增长约2.7倍 is no long-term contract (长约); a round beside the debut is its own event
    (
        "苏州澜睿半导体股份有限公司（简称“澜睿半导体”）今日登陆科创板。2024年5月，公司完成8亿元"
        "C轮融资，以此计算，本次上市首日市值较最后一轮估值增长约2.7倍。",
        "zh",
        [
            ("listing", {"issuer": ["澜睿半导体"]}, None, "announced", None),
            ("funding", {"investee": ["澜睿半导体"]}, "8e8", "completed", None),
        ],
    ),
]

# Parties named by pointing back or by a description: 后者 / the latter, 此次 + the deal,
# "U.S. biotech X", "to German specialist X", capital into one's own subsidiary's plant.
POINTER_CASES: list[tuple[str, str, list[Expected]]] = [
    (
        "杭州明澈生物科技有限公司与浙江华康药业股份有限公司签署增资协议，后者以自有资金2亿元认购"
        "明澈生物新增注册资本。对于此次战略投资，华康药业表示将丰富在研管线。",
        "zh",
        [
            (
                "funding",
                {"investee": ["明澈生物"], "investors": ["华康药业"]},
                "2e8",
                "announced",
                None,
            )
        ],
    ),
    (
        "Sanofi agreed to buy U.S. biotech Veralta Therapeutics for $2.2 billion. Separately, "
        "Sanofi agreed to sell a portfolio of consumer brands to German specialist Stada for "
        "up to 800 million euros.",
        "en",
        [
            (
                "acquisition",
                {"acquirer": ["Sanofi"], "target": ["Veralta"]},
                "2.2e9",
                "announced",
                None,
            ),
            (
                "acquisition",
                {"acquirer": ["Stada"], "target": ["Sanofi"]},
                "8e8",
                "announced",
                None,
            ),
        ],
    ),
    (
        "聯電董事會核准對百分之百持股子公司聯電新加坡增資不超過新台幣300億元，以擴大新加坡廠產能。",
        "zh",
        [("investment", {"investor": ["聯電"]}, "3e10", "announced", None)],
    ),
]

# Regulators' decisions and the parties of general business news: a fine, a conditional
# approval of a merger named as a 案, a Reuters dateline before the subject, bonds sold,
# a person after a title, a company that opens a clause after 其中.
BUSINESS_CASES: list[tuple[str, str, list[Expected]]] = [
    (
        "經濟部投資審議司昨日召開委員會議。同次會議也通過日本材料大廠JSR收購國內業者台灣昱晶材料股份有限公司"
        "100%股權一案，交易金額為新台幣18億6,000萬元。另一方面，投資審議司駁回香港商恆泰投資取得國內"
        "業者創鑫微電子股份有限公司15%股權一案。",
        "zh",
        [
            (
                "acquisition",
                {"acquirer": ["JSR"], "target": ["昱晶材料"]},
                "1.86e9",
                "announced",
                None,
            ),
            ("regulation", {"affected": ["JSR", "昱晶材料"]}, "1.86e9", "announced", "approve"),
            ("regulation", {"affected": ["創鑫微電子"]}, None, "announced", "ban"),
        ],
    ),
    (
        "FRANKFURT, March 3 (Reuters) - Helvara Bank said on Monday it had raised its stake "
        "in Nordmark Bank to 24.9%. Separately, Helvara Bank sold 750 million euros of "
        "additional tier 1 bonds on Monday.",
        "en",
        [
            (
                "acquisition",
                {"acquirer": ["Helvara"], "target": ["Nordmark"]},
                None,
                "announced",
                None,
            ),
            ("funding", {"investee": ["Helvara"]}, "7.5e8", "announced", None),
        ],
    ),
    (
        "同日，市场监管总局公布两起经营者集中审查决定。其中，恒运集团收购浙江捷程物流科技有限公司"
        "全部股权案被附加限制性条件批准。",
        "zh",
        [
            (
                "acquisition",
                {"acquirer": ["恒运集团"], "target": ["捷程物流"]},
                None,
                "announced",
                None,
            ),
            (
                "regulation",
                {"affected": ["恒运集团", "捷程物流"]},
                None,
                "announced",
                "approve",
            ),
        ],
    ),
    (
        "合肥途锐智能汽车科技有限公司（下称“途锐汽车”）今日发布两款新车型。途锐汽车联合创始人、"
        "总裁李明远表示，公司计划投资约8亿元在德国慕尼黑设立欧洲研发中心。",
        "zh",
        [("investment", {"investor": ["途锐汽车"]}, "8e8", "planned", None)],
    ),
]

# Two rounds joined by ", and": each company raised its own money; a company after
# "<place>-based" can be the subject of a debut.
MORE_ROUNDS: list[tuple[str, str, list[Expected]]] = [
    (
        "Luxen Compute said it had raised $410 million in a Series C round led by Fidelity. "
        "The financing values the four-year-old company at $3.2 billion. The Yongin site has "
        "been backed by the Korean government with infrastructure support.",
        "en",
        [
            (
                "funding",
                {"investee": ["Luxen"], "investors": ["Fidelity"]},
                "4.1e8",
                "announced",
                None,
            )
        ],
    ),
    (
        "Danish wind turbine component maker Vestholm Blade Systems has raised €400mn from a "
        "sale of convertible bonds. Israel's Quorra raised $120 million in April 2024.",
        "en",
        [
            ("funding", {"investee": ["Vestholm"], "investors": []}, "4e8", "announced", None),
            ("funding", {"investee": ["Quorra"], "investors": []}, "1.2e8", "announced", None),
        ],
    ),
    (
        "Etched raised $120 million in June 2024, and Rain AI pulled in $25 million in March "
        "2023 at a $90 million valuation.",
        "en",
        [
            ("funding", {"investee": ["Etched"], "investors": []}, "1.2e8", "announced", None),
            ("funding", {"investee": ["Rain AI"], "investors": []}, "2.5e7", "announced", None),
        ],
    ),
    (
        "Earlier in the week, Denver-based Larkspur Outfitters began trading on the NYSE "
        "through a direct listing.",
        "en",
        [("listing", {"issuer": ["Larkspur"]}, None, "announced", None)],
    ),
]

# Chinese supply and placement wording: a Latin name after a company word, an offtake
# agreement, 公司 meaning the announcer, shares issued to a named investor.
ZH_DEAL_CASES: list[tuple[str, str, list[Expected]]] = [
    (
        "在线音频平台声浪科技拟通过换股方式与竞争对手听途文化合并。",
        "zh",
        [
            (
                "acquisition",
                {"acquirer": ["声浪科技"], "target": ["听途文化"]},
                None,
                "planned",
                None,
            )
        ],
    ),
    (
        "湖南锂源新能源科技股份有限公司（下称“锂源股份”）公告，公司与澳大利亚锂矿商Arcadia "
        "Lithium签署了一份为期五年的锂精矿承购协议。今年4月，公司还与赣锋锂业签订了碳酸锂长期"
        "采购框架协议。",
        "zh",
        [
            (
                "order",
                {"buyer": ["锂源"], "supplier": ["Arcadia Lithium"]},
                None,
                "announced",
                None,
            ),
            ("order", {"buyer": ["锂源"], "supplier": ["赣锋"]}, None, "announced", None),
        ],
    ),
    (
        "浙江华晖化工股份有限公司（简称“华晖股份”）公告，华晖股份拟向Gulf Petro定向发行股份，"
        "募资金额约9亿元。",
        "zh",
        [("funding", {"investee": ["华晖"], "investors": ["Gulf Petro"]}, "9e8", "planned", None)],
    ),
]

# General business wording: two plants joined by ", and", "the deal" restating a takeover,
# a PIPE anchored by investors, a subject followed by "last year", banks with "Inc." leading
# an offering.
ENGLISH_BUSINESS: list[tuple[str, str, list[Expected]]] = [
    (
        "The $2.1 billion purchase of Lumicore Inc. by Marvell Technology is expected to close "
        "next year.",
        "en",
        [
            (
                "acquisition",
                {"acquirer": ["Marvell"], "target": ["Lumicore"]},
                "2.1e9",
                "announced",
                None,
            )
        ],
    ),
    (
        "Nvidia will invest $5 billion in Intel. The purchase would give Nvidia a stake of "
        "roughly 4% once the new shares are issued.",
        "en",
        [("funding", {"investee": ["Intel"], "investors": ["Nvidia"]}, "5e9", "planned", None)],
    ),
    (
        "中芯国际拟以22亿元收购北京芯港集成电路有限公司少数股东权益。分析人士认为，收购少数股东权益有助于增厚归母净利润。",
        "zh",
        [
            (
                "acquisition",
                {"acquirer": ["中芯国际"], "target": ["芯港集成电路"]},
                "2.2e9",
                "planned",
                None,
            )
        ],
    ),
    (
        "Weeks earlier the Commerce Department awarded Intel a $3 billion grant, and SoftBank "
        "Group agreed to buy $2 billion of Intel stock.",
        "en",
        [
            ("regulation", {"affected": ["Intel"]}, "3e9", "announced", "subsidize"),
            (
                "acquisition",
                {"acquirer": ["SoftBank"], "target": ["Intel"]},
                "2e9",
                "announced",
                None,
            ),
        ],
    ),
    (
        "Korvex Power is building a $2.1 billion battery plant in Ohio, and Daelim Cells has "
        "spent more than $900 million on its factory in Georgia.",
        "en",
        [
            ("investment", {"investor": ["Korvex"]}, "2.1e9", "announced", None),
            ("investment", {"investor": ["Daelim"]}, "9e8", "announced", None),
        ],
    ),
    (
        "Toray agreed to buy Kashiwa Polymers for 80 billion yen. The deal would add Kashiwa's "
        "films to Toray's packaging portfolio.",
        "en",
        [
            (
                "acquisition",
                {"acquirer": ["Toray"], "target": ["Kashiwa"]},
                "8e10",
                "announced",
                None,
            )
        ],
    ),
    (
        "Velocor Energy last year secured a $1.2 billion loan from the Department of Energy.",
        "en",
        [("funding", {"investee": ["Velocor"]}, "1.2e9", "announced", None)],
    ),
]

# Amounts: an option on top of a base is a range; 元 in a sentence about a mainland
# exchange is yuan even in an article about a Hong Kong listing; a placement through a
# placing agent (配售代理, 承配人) is Hong Kong money.
AMOUNT_CASES: list[tuple[str, str, list[Expected]]] = [
    (
        "恒泰化学全资子公司恒泰(香港)国际投资有限公司拟以3.2亿欧元的基础对价收购荷兰企业Corvia全部"
        "股权，即交易总对价最高3.6亿欧元。",
        "zh",
        [
            (
                "acquisition",
                {"acquirer": ["恒泰(香港)国际投资"], "target": ["Corvia"]},
                "3.2e8",
                "planned",
                None,
            )
        ],
    ),
    (
        "Shares of Veltrion Semiconductor closed 20% above their offer price in their Nasdaq "
        "debut on Thursday. Veltrion on Wednesday priced its 10 million shares at $18 each, "
        "raising $180 million.",
        "en",
        [("listing", {"issuer": ["Veltrion"]}, "1.8e8", "announced", None)],
    ),
    (
        "Chinese chip designer Orbix Microsystems filed publicly on Monday for a Nasdaq IPO, "
        "seeking to raise up to $200 million.",
        "en",
        [("listing", {"issuer": ["Orbix"]}, "2e8", "announced", None)],
    ),
    (
        "Broadcom agreed to buy photonics startup Lumenra for $1.2 billion in cash, a price "
        "that could climb to $1.5 billion if revenue targets are met.",
        "en",
        [
            (
                "acquisition",
                {"acquirer": ["Broadcom"], "target": ["Lumenra"]},
                "1.2e9",
                "announced",
                None,
            )
        ],
    ),
]

# Roundups: a bracketed headline over the body's full name is one deal; a company that
# brings in investors (引入战略投资) raises; a source ("according to PitchBook") is no party;
# the nearest company before "to provide X with" provides.
ROUNDUP_CASES: list[tuple[str, str, list[Expected]]] = [
    (
        "矽品精密10日晚間公告，董事會決議以新台幣40億9,000萬元，向群峰光電股份有限公司購買其位於"
        "南部科學園區的廠房及附屬設施。",
        "zh",
        [
            (
                "acquisition",
                {"acquirer": ["矽品"], "target": ["群峰光電"]},
                "4.09e9",
                "announced",
                None,
            )
        ],
    ),
    (
        "Hang Lung Bank priced $500 million of Tier 2 notes on Wednesday, drawing orders of "
        "more than $2.8 billion.",
        "en",
        [("funding", {"investee": ["Hang Lung Bank"]}, "5e8", "announced", None)],
    ),
    (
        "群峰光電股份有限公司前年已將南科5.5代廠以新台幣171.4億元出售給台積電。",
        "zh",
        [
            (
                "acquisition",
                {"acquirer": ["台積電"], "target": ["群峰光電"]},
                "1.714e10",
                "announced",
                None,
            )
        ],
    ),
    (
        "Shares of Lumetra Inc. rose 30% in their Nasdaq debut on Thursday. The debut adds to a "
        "run of strong listings, bankers at Morgan Stanley said.",
        "en",
        [("listing", {"issuer": ["Lumetra"]}, None, "announced", None)],
    ),
    (
        "滨湖科投表示，本次受让基于对公司发展前景的认可，拟借助上市平台推动当地产业集群发展。",
        "zh",
        [],
    ),
    (
        "Novartis agreed to buy U.S. biotech Calyra Bio for $2 billion. The payment values "
        "Calyra at a 60% premium. In a separate statement, Novartis said it had agreed to sell "
        "a portfolio of eye-care brands to German specialist Stada for 500 million euros.",
        "en",
        [
            (
                "acquisition",
                {"acquirer": ["Novartis"], "target": ["Calyra"]},
                "2e9",
                "announced",
                None,
            ),
            (
                "acquisition",
                {"acquirer": ["Stada"], "target": ["Novartis"]},
                "5e8",
                "announced",
                None,
            ),
        ],
    ),
    (
        "【杭州澄芯集成完成数千万元天使轮融资】\n杭州澄芯集成电路有限公司（下称“澄芯集成”）昨日宣布"
        "完成数千万元天使轮融资，本轮由中科创星领投。",
        "zh",
        [
            (
                "funding",
                {"investee": ["澄芯集成"], "investors": ["中科创星"]},
                "1e7",
                "completed",
                None,
            )
        ],
    ),
    (
        "Corvane had raised about $62 million in total from investors including Khosla "
        "Ventures and Fusion Fund, according to PitchBook.",
        "en",
        [
            (
                "funding",
                {"investee": ["Corvane"], "investors": ["Khosla", "Fusion"]},
                "6.2e7",
                "announced",
                None,
            )
        ],
    ),
    (
        "The Corvane deal comes weeks after Oracle signed a $12 billion agreement to provide "
        "OpenAI with access to Nvidia processors.",
        "en",
        [("order", {"buyer": ["OpenAI"], "supplier": ["Oracle"]}, "1.2e10", "announced", None)],
    ),
]

# Who buys in a Chinese order: the company whose order is won, whom the announcer supplies,
# or whose tender it wins.
ORDER_CASES: list[tuple[str, str, list[Expected]]] = [
    (
        "設備廠均豪昨(4)日公告，接獲美光測試設備訂單，金額約新台幣9.5億元。",
        "zh",
        [("order", {"buyer": ["美光"], "supplier": ["均豪"]}, "9.5e8", "announced", None)],
    ),
    (
        "江苏恒锐机电股份有限公司公告，公司与比亚迪签订框架协议，由公司向比亚迪供应电机壳体，"
        "合同金额约4.2亿元。",
        "zh",
        [("order", {"buyer": ["比亚迪"], "supplier": ["恒锐机电"]}, "4.2e8", "announced", None)],
    ),
    (
        "安徽泓川通信科技股份有限公司公告，公司在中国电信光缆集中采购项目中中标，中标金额约3.1亿元。",
        "zh",
        [("order", {"buyer": ["中国电信"], "supplier": ["泓川通信"]}, "3.1e8", "announced", None)],
    ),
]

# Phrases standing where a name would: a time word, a board, a titled person, a clause.
NOT_NAMES = [
    ("本周二，深创投等机构完成对该项目的投资。", "本周二"),
    ("耀华董事会昨日通过议案，同意以5亿元收购朗星科技全部股权。", "耀华董事会"),
    ("董事长林志远表示，公司将以3亿元收购华邦精密。", "董事长林志远"),
    ("今年以来，多家上市公司通过收购区域品牌完善品类布局。", "区域品牌完善品类布局"),
    ("总裁吴启明表示将加快扩产。吴启明透露，公司计划投资约12亿元建设新工厂。", "吴启明"),
    ("一级市场方面，本周共有6只内房股在港交所挂牌，首日3涨2跌1平。", "内房股"),
    ("城建置业将承接锦城方面对锦璟置业享有的6.26亿元股东借款债权。", "锦璟置业"),
    ("万科企业股份有限公司（简称“万科”）公告，公司获得45亿元股东借款。", "股份有限公司"),
    ("曜芯光电此前陆续获得峰瑞资本、深创投的投资，累计融资约3亿元。", "陆续"),
]


@pytest.mark.parametrize(("text", "phrase"), NOT_NAMES)
def test_phrases_are_not_companies(registry: CompanyRegistry, text: str, phrase: str) -> None:
    names = {
        name
        for ev in extract(article(text, "zh"), registry)
        for ms in ev.companies.values()
        for m in ms
        for name in (m.surface, m.company.name)
    }
    assert phrase not in names


ALL_CASES = [
    *ROUNDUP_CASES,
    *AMOUNT_CASES,
    *ENGLISH_BUSINESS,
    *ZH_DEAL_CASES,
    *MORE_ROUNDS,
    *BUSINESS_CASES,
    *GRANT_CASES,
    *SUPPLY_CASES,
    *POINTER_CASES,
    *ORDER_CASES,
    *CASES,
]


@pytest.mark.parametrize(("text", "lang", "expected"), ALL_CASES)
def test_article_events(
    registry: CompanyRegistry, text: str, lang: str, expected: list[Expected]
) -> None:
    assert_exactly(extract(article(text, lang), registry), expected)


def test_a_ticker_after_the_name_is_no_second_mention(registry: CompanyRegistry) -> None:
    text = "載板大廠欣興(3037)昨日董事會通過資本預算新台幣218億元，擴充ABF載板產能。"
    (ev,) = extract(article(text, "zh"), registry)
    assert [m.surface for m in ev.principal()] == ["欣興"]


def test_an_option_on_top_makes_a_range(registry: CompanyRegistry) -> None:
    (ev,) = extract(article(AMOUNT_CASES[-1][0], "en"), registry)
    assert ev.amount is not None
    assert (ev.amount.qualifier.value, ev.amount.max) == ("range", Decimal("1.5e9"))


def test_bare_yuan_in_a_roundup_item_without_hong_kong_words_is_yuan(
    registry: CompanyRegistry,
) -> None:
    text = (
        "一、壁岩科技完成5亿元B轮融资\n壁岩科技宣布完成5亿元B轮融资。\n"
        "二、云擎智算港股上市\n云擎智算今日在港交所挂牌，募资约20亿港元。"
    )
    events = extract(article(text, "zh"), registry)
    funding = [ev for ev in events if ev.type.value == "funding"]
    assert funding and funding[0].amount is not None and funding[0].amount.currency == "CNY"


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        (
            "湖北华芯半导体股份有限公司（简称“华芯股份”）拟赴港上市，已向港交所递交H股上市申请，"
            "股份代号待定。同日，上交所科创板上市委审议通过江苏晶澜科技股份有限公司首发申请，"
            "晶澜科技拟募资12亿元。",
            "CNY",
        ),
        (
            "康和醫藥集團有限公司昨日收市後公布，與配售代理訂立配售協議，以每股8.2元向不少於六名"
            "獨立承配人配售5,000萬股新股，所得款項總額約4.1億元。",
            "HKD",
        ),
    ],
)
def test_bare_yuan_follows_the_sentence_market(
    registry: CompanyRegistry, text: str, currency: str
) -> None:
    amounts = [ev.amount for ev in extract(article(text, "zh"), registry) if ev.amount]
    assert amounts and amounts[-1].currency == currency

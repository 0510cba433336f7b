"""Tests for extractors.text: one-for-one normalization, sentences, language."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.text import ascii_lower, fold, guess_language, normalize, split_sentences

NORMALIZE_CASES = [
    ("plain ASCII stays", "Nvidia raised $1.6 billion.", "Nvidia raised $1.6 billion."),
    ("full-width letters", "ＡＭＤ", "AMD"),
    ("full-width digits", "２２.８万亿韩元", "22.8万亿韩元"),
    ("full-width punctuation", "（ＮＡＳＤＡＱ：ＮＶＤＡ）", "(NASDAQ:NVDA)"),
    ("ideographic space", "英伟达\u3000AMD", "英伟达 AMD"),
    ("traditional to simplified", "台積電", "台积电"),
    ("traditional company name", "輝達與聯電", "辉达与联电"),
    ("traditional finance words", "黑芝麻智能首掛跌", "黑芝麻智能首挂跌"),
    ("simplified stays", "中芯国际", "中芯国际"),
    ("ligature kept: NFKC gives two chars", "ﬁnance", "ﬁnance"),
    ("trademark kept: NFKC gives two chars", "Arm™", "Arm™"),
    ("ideographic full stop kept", "完成融资。", "完成融资。"),
    ("mixed", "三星電子拿下２２.８萬億", "三星电子拿下22.8万亿"),
]


@pytest.mark.parametrize(("label", "text", "expected"), NORMALIZE_CASES)
def test_normalize(label: str, text: str, expected: str) -> None:
    out = normalize(text)
    assert out == expected, label
    assert len(out) == len(text)


def test_fold_lowers_one_for_one() -> None:
    text = "İstanbul ＡＭＤ 台積電"
    out = fold(text)
    assert len(out) == len(text)
    assert out.endswith("amd 台积电")


@given(st.text())
def test_normalize_and_fold_keep_length(text: str) -> None:
    assert len(normalize(text)) == len(text)
    assert len(fold(text)) == len(text)


SENTENCE_CASES = [
    ("two English sentences", "Nvidia rose. AMD fell.", ["Nvidia rose.", "AMD fell."]),
    ("U.S. is no end", "The U.S. Commerce Department acted. It said so.", 2),
    ("Inc. is no end", "Broadcom Inc. shares fell. Analysts said.", 2),
    ("Corp. is no end", "Nvidia Corp. Chief Jensen Huang spoke.", 1),
    (
        "Inc. ends before a subject and verb",
        "It buys from Dell Technologies Inc. Microsoft also said so.",
        ["It buys from Dell Technologies Inc.", "Microsoft also said so."],
    ),
    ("Inc. then The", "It bought Acme Inc. The company agreed.", 2),
    ("month abbreviation", "On Dec. 5 the deal closed. Shares rose.", 2),
    ("No. abbreviation", "It is the No. 2 chipmaker. It grew.", 2),
    ("decimal", "Revenue was 3.5 billion. Profit rose.", 2),
    ("dollar decimal", "It raised $1.6 billion in funding.", 1),
    ("quote after stop", 'He said "yes." Then he left.', ['He said "yes."', "Then he left."]),
    ("question", "Will it close? Nobody knows.", 2),
    ("initial", "Founded by J. Smith in 2020.", 1),
    ("lower-case after stop", "It rose 5 p.c. in trading.", 1),
    ("Chinese full stop", "摩尔线程今日上市。股价大涨。", ["摩尔线程今日上市。", "股价大涨。"]),
    ("Chinese exclamation and question", "大涨！为何？", ["大涨！", "为何？"]),
    ("Chinese semicolon", "天使轮由小米领投；A轮由红杉领投。", 2),
    ("newline", "第一段\n第二段", ["第一段", "第二段"]),
    ("closing quote stays", "他说：“完成了。”随后离开。", ["他说：“完成了。”", "随后离开。"]),
    ("English then Chinese", "Nvidia rose.英伟达上涨。", ["Nvidia rose.", "英伟达上涨。"]),
    ("normalized Chinese !", "大涨!为何?", ["大涨!", "为何?"]),
    ("empty", "", []),
    ("only spaces", "   \n  ", []),
]


@pytest.mark.parametrize(("label", "text", "expected"), SENTENCE_CASES)
def test_split_sentences(label: str, text: str, expected: list[str] | int) -> None:
    spans = split_sentences(text)
    pieces = [text[s:e] for s, e in spans]
    if isinstance(expected, int):
        assert len(pieces) == expected, (label, pieces)
    else:
        assert pieces == expected, label
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


@given(st.text())
def test_split_sentences_spans_are_ordered_and_in_range(text: str) -> None:
    spans = split_sentences(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


LANGUAGE_CASES = [
    ("沐曦股份今日在科创板正式挂牌", "zh"),
    ("英伟达(NVIDIA)和AMD已同意把在华销售特定芯片所得收入的15%交给美国政府", "zh"),
    ("台積電董事會核准資本預算", "zh"),
    ("Arm 发布", "zh"),
    ("Nvidia agreed to pay 15% of its China sales of the H20 to the US government.", "en"),
    ("Nvidia, known in China as 英伟达, agreed to share revenue with Washington.", "en"),
    ("", "en"),
    ("12345 %", "en"),
]


@pytest.mark.parametrize(("text", "expected"), LANGUAGE_CASES)
def test_guess_language(text: str, expected: str) -> None:
    assert guess_language(text) == expected


ASCII_LOWER_CASES = [
    ("ASCII", "Nvidia RAISED", "nvidia raised"),
    ("Chinese untouched", "英伟达 AMD", "英伟达 amd"),
    ("dotted capital I", "\u0130stanbul", "istanbul"),
    ("dotless i", "renm\u0131nb\u0131", "renminbi"),
    ("long s", "\u017fterling", "sterling"),
    ("Kelvin sign", "\u212aRW", "krw"),
    ("odd forms among Chinese", "台积电\u212a", "台积电k"),
]


@pytest.mark.parametrize(("label", "text", "expected"), ASCII_LOWER_CASES)
def test_ascii_lower(label: str, text: str, expected: str) -> None:
    out = ascii_lower(text)
    assert out == expected, label
    assert len(out) == len(text)


def test_normalize_again_gives_the_same_text() -> None:
    text = "三星電子拿下２２.８萬億，台積電"
    first = normalize(text)
    assert normalize(text) == first == "三星电子拿下22.8万亿,台积电"
    assert normalize(first) is first  # already normal: the caller's own object
    assert fold("ＡＭＤ與台積電") == fold("ＡＭＤ與台積電") == "amd与台积电"


SKIPPED_STOP_CASES = [
    ("decimals and inner dots", "It rose 3.5% to $1.6 billion at U.S.A. Inc", 1),
    ("! after Chinese ends", "大涨!随后回落", 2),
    ("; after Latin does not", "AMD rose; Nvidia fell", 1),
    ("stop before Chinese ends", "It closed.随后回落", 2),
    ("stop before a quote and capital", 'He said "done." "Next," he added.', 2),
]


@pytest.mark.parametrize(("label", "text", "expected"), SKIPPED_STOP_CASES)
def test_split_sentences_only_at_real_ends(label: str, text: str, expected: int) -> None:
    assert len(split_sentences(text)) == expected, (label, split_sentences(text))

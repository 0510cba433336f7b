"""Charset decisions: declarations in order of trust, lies repaired, detection last."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.encoding import decode
from pipeline.feeds import parse_feed

ZH = "长江存储获得新一轮融资，国家大基金领投"
TW = "台積電宣布在美國追加投資一千億美元興建晶片廠"
JA = "東京エレクトロンは半導体製造装置の受注が増えたと発表した"

SJIS_META = b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'

# (text, codec the bytes are in, Content-Type, bytes before the text, expected codec, problem)
CASES = [
    (ZH, "gbk", "text/html; charset=gbk", b"", "gb18030", None),
    (ZH, "gb18030", "text/html; charset=GB2312", b"", "gb18030", None),
    (ZH, "gbk", None, b"", "gb18030", "detected"),
    (ZH, "gbk", "text/html; charset=utf-8", b"", "gb18030", "do not decode"),  # a lie
    (ZH, "gbk", "text/html; charset=iso-8859-1", b"", "gb18030", "the bytes are"),
    (ZH, "gbk", None, b'<meta charset="gbk">', "gb18030", None),
    (ZH, "gbk", None, b'<?xml version="1.0" encoding="GBK"?>', "gb18030", None),
    (TW, "big5", "text/html; charset=big5", b"", "big5hkscs", None),
    (TW, "big5", None, b"", "big5hkscs", "detected"),
    (TW, "big5", "text/html; charset=utf-8", b"", "big5hkscs", "do not decode"),
    (JA, "shift_jis", None, SJIS_META, "cp932", None),
    (JA, "shift_jis", None, b"", "cp932", "detected"),
    (ZH, "utf-8", "text/html; charset=gbk", b"\xef\xbb\xbf", "utf-8", None),  # the BOM wins
    (ZH, "utf-8", None, b"", "utf-8", "detected"),
    ("plain ascii", "ascii", None, b"", "ascii", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "codec", "content_type", "prefix", "expected", "problem"), CASES)
def test_decode(text, codec, content_type, prefix, expected, problem) -> None:
    decoded = decode(prefix + text.encode(codec), content_type)
    assert decoded.text.endswith(text)
    assert decoded.encoding == expected
    if problem is None:
        assert decoded.problems == []
    else:
        assert any(problem in p for p in decoded.problems)


@pytest.mark.parametrize("codec", ["gbk", "gb18030", "big5"])
@pytest.mark.parametrize("header", [None, "declared", "utf-8"])
def test_feeds_in_chinese_charsets_round_trip(codec: str, header: str | None) -> None:
    text = TW if codec == "big5" else ZH
    feed = (
        f'<?xml version="1.0" encoding="{codec}"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>{text}</title><link>https://x.test/1</link><description>{text}。"
        "</description></item></channel></rss>"
    ).encode(codec)
    content_type = {None: None, "declared": f"application/xml; charset={codec}"}.get(
        header, "application/xml; charset=utf-8"
    )
    batch = parse_feed(
        feed,
        base_url="https://x.test/",
        fetched_at=datetime(2025, 12, 17, tzinfo=UTC),
        default_language="zh",
        content_type=content_type,
    )
    assert [a.title for a in batch.articles] == [text]
    assert batch.articles[0].text == f"{text}。"
